"""Watchlists (pantauan): named saved queries (`spec`) and the matching of an article against them (`match`).

Pure rules over an article: the store (`warta.store.watch`) keeps the watchlists and their index keys, matches
every article as it is saved, and queues the alerts.
"""

from __future__ import annotations

from warta.watch.match import Facts, Reason, article_keys, facts_of, match, watch_keys
from warta.watch.spec import DIGESTS, Watchlist, checked, from_json, watchlist_id

__all__ = [
    "DIGESTS",
    "Facts",
    "Reason",
    "Watchlist",
    "article_keys",
    "checked",
    "facts_of",
    "from_json",
    "match",
    "watch_keys",
    "watchlist_id",
]
