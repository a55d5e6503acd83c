"""The article document of `spec/extract-output.md`: an `Article` as plain JSON-ready data, and back."""

from __future__ import annotations

from typing import Any

from warta.model import Article, Edge, Entity, Mention, Quote, Role, Span, Tone
from warta.types import GROUPS, group_of


def to_document(article: Article) -> dict[str, Any]:
    """The public JSON document for one article."""
    document: dict[str, Any] = {
        "article": {
            "id": article.id,
            "url": article.url,
            "source": article.source,
            "title": article.title,
            "published": article.published,
            "dateline": article.dateline,
            "author": article.author,
            "site": article.site,
            "text": article.text,
        },
        "mentions": [_mention(m) for m in article.mentions],
        "entities": [_entity(e) for e in article.entities],
        "quotes": [_quote(q) for q in article.quotes],
        "edges": [_edge(e) for e in article.edges],
        "extracted": extracted(article.entities),
    }
    _with_tone(document["article"], article.tone)
    if article.category is not None:
        document["article"]["category"] = article.category
        document["article"]["category_source"] = article.category_source
    return document


def _with_tone(out: dict[str, Any], tone: Tone | None) -> dict[str, Any]:
    """`out` with the tone added (when there is one), as the document writes it."""
    if tone is not None:
        score = round(tone.score, 2) + 0.0  # + 0.0: a score that rounds to zero is 0.0, not -0.0
        out["tone"] = {"label": tone.label, "score": score, "confidence": round(tone.confidence, 2)}
        if tone.evidence is not None:
            out["tone"]["evidence"] = tone.evidence
    return out


def _tone_back(data: Any) -> Tone | None:
    if not isinstance(data, dict):
        return None
    evidence = data.get("evidence")
    return Tone(data["label"], float(data["score"]), float(data["confidence"]), evidence)


def extracted(entities: tuple[Entity, ...]) -> dict[str, list[str]]:
    """The seed's grouping: names of named, mentioned entities by group, each list sorted."""
    groups: dict[str, set[str]] = {g: set() for g in GROUPS}
    for entity in entities:
        group = group_of(entity.type)
        if group and entity.named and not entity.inferred:
            groups[group].add(entity.name)
    return {g: sorted(names) for g, names in groups.items()}


def _role(role: Role) -> dict[str, Any]:
    return {"title": role.title, "of": role.of, "of_entity": role.of_entity}


def _mention(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "entity": m.entity}
    out["source"] = m.source
    if m.role:
        out["role"] = _role(m.role)
    return out


def _entity(e: Entity) -> dict[str, Any]:
    out = {
        "id": e.id,
        "name": e.name,
        "type": e.type,
        "named": e.named,
        "aliases": list(e.aliases),
        "inferred": e.inferred,
        "roles": [_role(r) for r in e.roles],
        "kb": dict(e.kb),
    }
    return _with_tone(out, e.tone)


def _quote(q: Quote) -> dict[str, Any]:
    out = {
        "id": q.id,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "kind": q.kind,
        "cue": q.cue,
        "speaker": q.speaker,
        "cue_start": q.cue_start,
        "cue_end": q.cue_end,
        "parts": [[p.start, p.end] for p in q.parts],
    }
    return _with_tone(out, q.tone)


def _edge(e: Edge) -> dict[str, Any]:
    return {"source": e.source, "target": e.target, "type": e.type, "weight": e.weight}


def from_document(doc: dict[str, Any]) -> Article:
    """Rebuild an `Article` from its document (the inverse of `to_document` for the fields it holds)."""
    a = doc["article"]
    return Article(
        id=a["id"],
        text=a["text"],
        url=a.get("url"),
        source=a.get("source"),
        title=a.get("title"),
        published=a.get("published"),
        dateline=a.get("dateline"),
        author=a.get("author"),
        site=a.get("site"),
        mentions=tuple(_mention_back(m) for m in doc.get("mentions", [])),
        entities=tuple(_entity_back(e) for e in doc.get("entities", [])),
        quotes=tuple(_quote_back(q) for q in doc.get("quotes", [])),
        edges=tuple(Edge(e["source"], e["target"], e["type"], e.get("weight", 1)) for e in doc.get("edges", [])),
        tone=_tone_back(a.get("tone")),
        category=a.get("category"),
        category_source=a.get("category_source"),
    )


def _role_back(r: dict[str, Any]) -> Role:
    return Role(r["title"], r.get("of"), r.get("of_entity"))


def _mention_back(m: dict[str, Any]) -> Mention:
    role = _role_back(m["role"]) if m.get("role") else None
    return Mention(m["start"], m["end"], m["text"], m["type"], m["entity"], m.get("source", "pattern"), role)


def _entity_back(e: dict[str, Any]) -> Entity:
    return Entity(
        id=e["id"],
        name=e["name"],
        type=e["type"],
        named=e.get("named", True),
        aliases=tuple(e.get("aliases", ())),
        inferred=e.get("inferred", False),
        roles=tuple(_role_back(r) for r in e.get("roles", ())),
        kb=dict(e.get("kb", {})),
        tone=_tone_back(e.get("tone")),
    )


def _quote_back(q: dict[str, Any]) -> Quote:
    return Quote(
        id=q["id"],
        start=q["start"],
        end=q["end"],
        text=q["text"],
        kind=q["kind"],
        cue=q.get("cue"),
        speaker=q.get("speaker"),
        cue_start=q.get("cue_start"),
        cue_end=q.get("cue_end"),
        parts=tuple(Span(s, e) for s, e in q.get("parts", ())),
        tone=_tone_back(q.get("tone")),
    )
