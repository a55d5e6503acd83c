"""Isu: articles about one issue or event, across outlets and days, clustered as they arrive (docs/isu.md)."""

from __future__ import annotations

from warta.isu.cluster import Clusterer, isu_id
from warta.isu.decisions import Decisions
from warta.isu.features import Features, features
from warta.isu.label import label
from warta.isu.link import DEFAULT_RULE, Rule, linked

__all__ = ["DEFAULT_RULE", "Clusterer", "Decisions", "Features", "Rule", "features", "isu_id", "label", "linked"]
