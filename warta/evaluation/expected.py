"""The demo corpus's hand-written expected facts (`demo/expected/*.json`) against the pipeline's output.

Each article's expected file lists what a careful reader finds: named persons, role-only persons, roles,
quotes with their speakers, bodies, regions with codes, events, strings that must not become entities and
boilerplate that must not survive cleaning. Categories are scored as sets per article (P/R/F1, micro over the
corpus); quotes match when the predicted text begins with the expected opening words.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warta.document import to_document
from warta.errors import InputError
from warta.ids import normalize_key
from warta.kb import roles
from warta.model import Raw
from warta.pipeline import Pipeline
from warta.scores import Tally

Doc = dict[str, Any]
Expected = dict[str, Any]
ORG_CATEGORIES = {
    "ministries": ("ministry",),
    "agencies": ("agency",),
    "government_bodies": ("government_body",),
    "companies": ("company",),
    "events": ("event",),
}
REGION_CATEGORIES = {"cities": "city", "districts": "district", "provinces_mentioned": "province"}


@dataclass
class Report:
    """Tallies per category over the corpus, and the hard failures (noise left, forbidden entities)."""

    tallies: dict[str, Tally] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    articles: int = 0

    def tally(self, name: str) -> Tally:
        """The tally of a category, created on first use."""
        return self.tallies.setdefault(name, Tally())


def evaluate(pipe: Pipeline, articles: Path, expected: Path) -> Report:
    """Run the pipeline over every article that has an expected file and score it."""
    report = Report()
    for gold_path in sorted(expected.glob("*.json")):
        page = articles / f"{gold_path.stem}.html"
        if not page.is_file():
            raise InputError(f"{page}: missing; every expected file needs its page")
        doc = to_document(pipe.run(Raw(content=page.read_bytes(), format="html", origin=str(page))))
        score_article(doc, json.loads(gold_path.read_text(encoding="utf-8")), report, gold_path.stem)
        report.articles += 1
    return report


def score_article(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    """Add one article's comparison to the report."""
    for check in (_metadata, _persons, _roles, _quotes, _organizations, _regions, _forbidden):
        check(doc, gold, report, name)


def _norm(items: Iterable[str]) -> set[str]:
    return {normalize_key(i) for i in items}


def _entities(doc: Doc, *types: str) -> list[Doc]:
    return [e for e in doc["entities"] if e["type"] in types and not e["inferred"]]


def _metadata(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    for key in ("title", "published", "dateline", "source"):
        if key in gold:
            report.tally("metadata").add_sets({(key, doc["article"][key])}, {(key, gold[key])})


def _persons(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    people = _entities(doc, "person")
    report.tally("persons").add_sets(_norm(p["name"] for p in people if p["named"]), _norm(gold["persons"]))
    role_only = {_role_key(p["roles"][0]) for p in people if not p["named"] and p["roles"]}
    report.tally("role_persons").add_sets(role_only, {_role_key(r) for r in gold.get("role_persons", [])})


def _role_key(role: Doc) -> tuple[str, str]:
    """(title, of), with the title in its canonical spelling and without the word it shares with the body
    ("Kepala Dinas" of "Dinas X" and "Kepala" of "Dinas X" are the same role)."""
    title, of = role["title"], role.get("of") or ""
    entry = roles.match_title(title)
    title = entry.title if entry else title
    last = title.split()[-1]
    if len(title.split()) > 1 and of.split()[:1] == [last]:
        title = title.rsplit(" ", 1)[0]
    return normalize_key(title), normalize_key(of)


def _roles(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    predicted = {
        (normalize_key(p["name"]), *_role_key(r)) for p in _entities(doc, "person") if p["named"] for r in p["roles"]
    }
    report.tally("roles").add_sets(predicted, {(normalize_key(r["person"]), *_role_key(r)) for r in gold["roles"]})


def _speaker_names(doc: Doc) -> Callable[[str | None], set[str]]:
    entities = {e["id"]: e for e in doc["entities"]}

    def names(entity_id: str | None) -> set[str]:
        entity = entities.get(entity_id or "")
        if entity is None:
            return {"none"}
        out = {normalize_key(entity["name"]), *_norm(entity["aliases"])}
        for role in entity["roles"]:
            short = (role.get("of") or "").removeprefix("Kabupaten ").removeprefix("Kota ")
            out.add(normalize_key(f"{role['title']} {short}"))
        return out

    return names


def _quotes(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    names = _speaker_names(doc)
    found, attribution = report.tally("quotes"), report.tally("quote_speakers")
    unmatched = list(doc["quotes"])
    for quote in gold["quotes"]:
        match = next((q for q in unmatched if _opens_with(q["text"], quote["starts"])), None)
        if match is None:
            found.fn += 1
            attribution.fn += 1
            continue
        unmatched.remove(match)
        found.tp += 1
        if normalize_key(quote["speaker"] or "none") in names(match["speaker"]):
            attribution.tp += 1
        else:
            attribution.fp += 1
            attribution.fn += 1
            report.failures.append(f"{name}: quote “{quote['starts']}…” spoken by {quote['speaker']}")
    found.fp += len(unmatched)


def _opens_with(text: str, starts: str) -> bool:
    head, want = normalize_key(text)[: len(starts) + 40], normalize_key(starts)
    return want in head


def _organizations(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    for category, types in ORG_CATEGORIES.items():
        if category not in gold:
            continue
        predicted = _norm(e["name"] for e in _entities(doc, *types))
        gold_names = _norm(gold[category])
        alias_hits = {
            n for n in gold_names for e in _entities(doc, *types) if n in _norm([e["kb"].get("current_name", "")])
        }
        report.tally(category).add_sets(predicted | alias_hits, gold_names)


def _regions(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    for category, type_ in REGION_CATEGORIES.items():
        if category in gold:
            codes = {e["kb"].get("region_code") for e in _entities(doc, type_)}
            report.tally(category).add_sets(codes, {r["code"] for r in gold[category]})
    for region in gold.get("not_cities", []):
        if region["code"] in {e["kb"].get("region_code") for e in _entities(doc, "city")}:
            report.failures.append(f"{name}: {region['name']} must not be extracted")


def _forbidden(doc: Doc, gold: Expected, report: Report, name: str) -> None:
    text = doc["article"]["text"]
    for noise in gold.get("noise", []):
        if noise in text:
            report.failures.append(f"{name}: boilerplate left in text: {noise!r}")
    names = {normalize_key(e["name"]) for e in doc["entities"]}
    for bad in gold.get("not_entities", []):
        if normalize_key(bad) in names:
            report.failures.append(f"{name}: {bad!r} must not be an entity")
