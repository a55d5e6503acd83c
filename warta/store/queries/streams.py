"""What the article and quote streams show beside each item of a page: the regions an article speaks of, and
the role a quote's speaker holds in the quote's article. One query per page, over the ids of its items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warta.kb.roles import role_text
from warta.store.queries.quotes import QuoteItem

if TYPE_CHECKING:
    from warta.store.sqlstore import SQLStore

MAX_REGIONS = 2  # regions shown per article: the most specific first

# Province and regency/city entities with a Kemendagri code linked to the articles :ids (mentioned first).
_REGIONS = """
SELECT ae.article_id, json_extract(r.kb, '$.region_code'), r.name, r.type
FROM article_entities ae JOIN entities r ON r.id = ae.entity_id
WHERE ae.article_id IN (SELECT value FROM json_each(:ids)) AND r.type IN ('province', 'city')
  AND json_extract(r.kb, '$.region_code') IS NOT NULL
ORDER BY ae.article_id, ae.inferred, r.type = 'province', r.name
"""

# The roles of the speakers of quotes in their articles: (article id, speaker id) pairs as a JSON list.
_ROLES = """
SELECT pr.article_id, pr.entity_id, pr.title, pr.of_name
FROM person_roles pr
WHERE pr.article_id IN (SELECT value FROM json_each(:articles))
  AND pr.entity_id IN (SELECT value FROM json_each(:speakers))
ORDER BY pr.article_id, pr.entity_id, pr.title, ifnull(pr.of_name, '')
"""


@dataclass(frozen=True)
class RegionTag:
    """A region an article speaks of: its Kemendagri code, name and type (`province` or `city`)."""

    code: str
    name: str
    type: str


def article_regions(store: SQLStore, article_ids: list[str]) -> dict[str, list[RegionTag]]:
    """Each article's regencies/cities, then provinces (those it mentions before those it implies), at most
    MAX_REGIONS each; articles without one are left out."""
    if not article_ids:
        return {}
    found: dict[str, list[RegionTag]] = {}
    for article_id, code, name, type_ in store.conn.execute(_REGIONS, {"ids": json.dumps(article_ids)}):
        tags = found.setdefault(str(article_id), [])
        if len(tags) < MAX_REGIONS and all(t.code != code for t in tags):
            tags.append(RegionTag(str(code), str(name), str(type_)))
    return found


def quote_roles(store: SQLStore, quotes: list[QuoteItem]) -> dict[tuple[str, str], list[str]]:
    """The roles ("Bupati Mojokerto") each quote's speaker holds in the quote's article, by (article id,
    speaker id); quotes without a speaker or role are left out."""
    pairs = {(q.article_id, q.speaker_id) for q in quotes if q.speaker_id}
    if not pairs:
        return {}
    params = {
        "articles": json.dumps(sorted({a for a, _ in pairs})),
        "speakers": json.dumps(sorted({s for _, s in pairs})),
    }
    roles: dict[tuple[str, str], list[str]] = {}
    for article_id, speaker_id, title, of_name in store.conn.execute(_ROLES, params):
        key = (str(article_id), str(speaker_id))
        text = role_text(str(title), of_name)
        if key in pairs and text not in roles.setdefault(key, []):
            roles[key].append(text)
    return roles
