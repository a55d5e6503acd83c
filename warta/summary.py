"""A human-readable summary of one article document, in the seed's shape: the article, its Tokoh with
what they said, the graph, and the extracted entities by group."""

from __future__ import annotations

import textwrap
from typing import Any

from warta.kb.roles import role_text


def to_text(doc: dict[str, Any], width: int = 100) -> str:
    """The summary as plain text."""
    lines = _header(doc["article"], width)
    lines += _tokoh(doc, width)
    lines += _graph(doc)
    lines += ["", "Extracted"]
    for group, names in doc["extracted"].items():
        lines.append(f"{group} {', '.join(names)}" if names else f"{group} -")
    inferred = [e["name"] for e in doc["entities"] if e["inferred"]]
    if inferred:
        lines.append(f"inferred {', '.join(sorted(inferred))}")
    return "\n".join(lines) + "\n"


def _header(article: dict[str, Any], width: int) -> list[str]:
    meta = [article.get(k) for k in ("published", "source", "dateline", "url")]
    lines = [article.get("title") or "(untitled)", " · ".join(str(m) for m in meta if m), ""]
    for para in article["text"].split("\n\n"):
        lines += [*textwrap.wrap(para, width), ""]
    return lines


def _tokoh(doc: dict[str, Any], width: int) -> list[str]:
    names = {e["id"]: e for e in doc["entities"]}
    lines = ["Tokoh"]
    speakers = [e for e in doc["entities"] if e["type"] == "person" and not e["inferred"]]
    for person in speakers:
        roles = "; ".join(role_text(r["title"], r.get("of")) for r in person["roles"])
        label = person["name"] + ("" if person["named"] else " (named only by role)")
        lines.append(f"  {label}" + (f" — {roles}" if roles else ""))
        for quote in (q for q in doc["quotes"] if q["speaker"] == person["id"]):
            body = textwrap.shorten(quote["text"], width - 12, placeholder=" …")
            mark = f"“{body}”" if quote["kind"] == "direct" else body
            lines.append(f"    {mark} ({quote['cue'] or '-'}, {quote['kind']})")
    orphans = [q for q in doc["quotes"] if not q["speaker"] or q["speaker"] not in names]
    for quote in orphans:
        lines.append(f"  (speaker unknown) {textwrap.shorten(quote['text'], width - 20, placeholder=' …')}")
    return lines


def _graph(doc: dict[str, Any]) -> list[str]:
    names = {e["id"]: e["name"] for e in doc["entities"]}
    lines = ["", "Graph"]
    for edge in doc["edges"]:
        if edge["type"] == "said":
            continue
        a, b = names.get(edge["source"], edge["source"]), names.get(edge["target"], edge["target"])
        lines.append(f"  {a} —{edge['type']}→ {b}" + (f" ×{edge['weight']}" if edge["weight"] > 1 else ""))
    return lines
