"""Evaluation: scorers behind `warta eval`, comparing pipeline output with team-written gold data."""
