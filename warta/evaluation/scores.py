"""Tables of precision, recall and F1 (`warta.scores.Tally`) as the evaluations print them."""

from __future__ import annotations

from warta.scores import Tally


def table(tallies: dict[str, Tally]) -> str:
    """A fixed-width table of the tallies, one category a line, as percentages."""
    lines = [f"{'category':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, t in tallies.items():
        lines.append(
            f"{name:<22}{100 * t.precision:>7.1f}{100 * t.recall:>7.1f}{100 * t.f1:>7.1f}{t.tp:>6}{t.fp:>6}{t.fn:>6}"
        )
    return "\n".join(lines)
