"""Person coreference inside one article: every way the article names a person resolves to one entity.

Real articles name a person in full once ("Siti Rahmawati Lubis"), then by any part of the name ("lanjut
Rahmawati", "kata Lubis"), by a nickname they give ("Tri Rismaharini atau Risma", "Ridwan Kamil (Emil)",
"yang akrab disapa Cak Yanto"), or by the title they gave the person ("Menhub" after "Menteri Perhubungan
Budi Karya Sumadi"). The rules, in order (docs/persons.md):

0. Known figures: a nickname that names one national figure ("Jokowi", kb/data/persons.tsv) is that figure.

1. Nicknames: a capitalized word or two right after a named person's mention, introduced by "atau", in
   parentheses, or by "akrab/biasa disapa/dipanggil", "alias", "sapaan akrabnya".
2. Name parts: a person whose name words (or nickname) all occur, in order, in exactly one longer name of
   the article is that person. Two candidates leave it unresolved: no guess.
3. Role-only persons: one known only by a title ("Bupati", "Menhub") is the one named person of the article
   who holds that title with a compatible jurisdiction; none or several leave it alone.
4. Further occurrences of a part or nickname that belongs to exactly one person, standing alone in the
   text, become mentions of that person.

The merged entity keeps the id and name of the fullest form; every other form becomes an alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from warta.kb.persons import known_nicknames
from warta.model import Article, Entity, Mention, Span
from warta.pipeline import BaseStage, register
from warta.stages.entities.name_words import named_id
from warta.stages.entities.names import FAMILIAR, NOT_NAME, PARTICLES, stands_alone
from warta.stages.entities.titles import base_title
from warta.stages.quotes.spans import Covered
from warta.trie import alternation

_NICK_WORD = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?"
_NICK = rf"(?P<nick>(?:(?:{'|'.join(FAMILIAR)})\s+)?{_NICK_WORD}(?:\s+{_NICK_WORD})?)"
_INTRO = (
    r"\s*\(",
    r",?\s+atau\s+",
    r",?\s+(?:yang\s+)?(?:akrab|biasa|kerap|karib)\s+(?:di)?(?:sapa|panggil|kenal)(?:\s+dengan)?\s+",
    r",?\s+alias\s+",
    r",?\s+sapaan\s+akrab(?:nya)?\s+",
)
# A nickname right after a name; in parentheses it must close them, after "atau" it must end the name.
_NICKNAME = re.compile(rf"(?:{'|'.join(_INTRO)}){_NICK}(?:(?<=\w)\)|(?![\w-]|\s+[A-Z]))")
_PARTICLES = frozenset(PARTICLES)


@register("coref", requires=("mentions", "entities"), provides=("coref",))
class Coref(BaseStage):
    """Resolves every person mention of an article to one entity per person; provides `coref`."""

    def __call__(self, article: Article) -> Article:
        return resolve_persons(article)


@dataclass
class _Person:
    """A named person of the article while it is being resolved: its entity and the forms it goes by."""

    entity: Entity
    words: tuple[str, ...]
    nicknames: set[str]


def resolve_persons(article: Article) -> Article:
    """The article with its person mentions resolved (see the module's rules)."""
    article = known_figures(article)
    persons = {e.id: _Person(e, _words(e.name), set()) for e in article.entities if e.type == "person" and e.named}
    if not persons:
        return article
    extra = _nicknames(article.text, article.mentions, persons)
    remap = _by_name_parts(persons)
    remap.update(_by_role(article.entities, persons, remap))
    mentions = [*article.mentions, *extra]
    mentions = [replace(m, entity=_final(remap, m.entity)) for m in mentions]
    forms = _owned_forms(persons, remap)
    mentions = _retyped(mentions, forms)
    mentions += _occurrences(article.text, mentions, forms)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return _rewrite(article, tuple(mentions), persons, remap)


def _words(name: str) -> tuple[str, ...]:
    """The words of a name as compared: casefolded, without familiar honorifics and particles."""
    words = [w.casefold() for w in re.findall(r"[\w'’-]+", name)]
    while words and words[0] in _FAMILIAR_FOLDED:
        words.pop(0)
    return tuple(w for w in words if w not in _PARTICLES)


_FAMILIAR_FOLDED = frozenset(f.casefold() for f in FAMILIAR)


def _final(remap: dict[str, str], key: str) -> str:
    """Where an entity id ends after every merge (merges may chain)."""
    seen = set()
    while key in remap and key not in seen:
        seen.add(key)
        key = remap[key]
    return key


# ------------------------------------------------------------------ 0. known figures


def known_figures(article: Article) -> Article:
    """Nicknames that name one national figure ("Jokowi", "Gus Dur": kb/data/persons.tsv) are that figure,
    under the full name: a person entity so named is renamed (or joins the full name's entity), and every
    other occurrence of the nickname becomes a mention."""
    known = known_nicknames()
    taken = Covered(Span(m.start, m.end) for m in article.mentions)
    found = [span for span in _nickname_spans(article.text, known) if not taken.overlaps(Span(*span))]
    renamed = {e.id: named_id(known[e.name]) for e in article.entities if e.type == "person" and e.name in known}
    if not found and not renamed:
        return article
    mentions = [replace(m, entity=renamed.get(m.entity, m.entity)) for m in article.mentions]
    mentions += [
        Mention(start, end, article.text[start:end], "person", named_id(known[article.text[start:end]]), "coref")
        for start, end in found
    ]
    entities = {e.id: e for e in article.entities if e.id not in renamed}
    for start, end in found:
        nick = article.text[start:end]
        _add_figure(entities, known[nick], nick)
    for entity in article.entities:
        if entity.id in renamed:
            _add_figure(entities, known[entity.name], entity.name, entity)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return replace(article, mentions=tuple(mentions), entities=tuple(entities.values()))


def _nickname_spans(text: str, known: dict[str, str]) -> list[tuple[int, int]]:
    if not known:
        return []
    return [m.span() for m in re.finditer(rf"(?<![\w-])(?:{alternation(known)})(?![\w-])", text)]


def _add_figure(entities: dict[str, Entity], full: str, nick: str, was: Entity | None = None) -> None:
    """The full name's entity with the nickname among its aliases (and what `was` knew: roles, aliases)."""
    key = named_id(full)
    entity = entities.get(key) or Entity(key, full, "person")
    aliases = {*entity.aliases, nick, *(was.aliases if was else ())} - {full}
    roles = tuple(dict.fromkeys((*entity.roles, *(was.roles if was else ()))))
    entities[key] = replace(entity, aliases=tuple(sorted(aliases)), roles=roles)


# ------------------------------------------------------------------ 1. nicknames


def _nicknames(text: str, mentions: tuple[Mention, ...], persons: dict[str, _Person]) -> list[Mention]:
    """Nicknames given right after a named person's mention, recorded on the person; each becomes a mention."""
    taken = {(m.start, m.end) for m in mentions}
    others = [m for m in mentions if m.type != "person"]
    out = []
    for mention in mentions:
        person = persons.get(mention.entity)
        if person is None or mention.source == "coref":
            continue
        match = _NICKNAME.match(text, mention.end)
        if match is None:
            continue
        start, end = match.span("nick")
        nick = match.group("nick")
        if text[match.start() : start].lstrip().startswith("(") != text[end : end + 1].startswith(")"):
            continue  # "(Nick)" closes its parentheses; a nickname without them is not followed by one
        if nick.split()[0] in NOT_NAME or any(o.start < end and start < o.end for o in others):
            continue
        person.nicknames.add(nick)
        if (start, end) not in taken:
            out.append(Mention(start, end, nick, "person", mention.entity, "coref"))
    return out


# ------------------------------------------------------------------ 2. name parts


def _by_name_parts(persons: dict[str, _Person]) -> dict[str, str]:
    """Each person whose name is part of exactly one longer name (or is its nickname) → that person. Only the
    persons sharing a word with it are compared (an article may name thousands)."""
    by_word: dict[str, set[str]] = {}
    nicknamed: dict[tuple[str, ...], set[str]] = {}
    for key, person in persons.items():
        for word in person.words:
            by_word.setdefault(word, set()).add(key)
        for nick in person.nicknames:
            nicknamed.setdefault(_words(nick), set()).add(key)
    remap: dict[str, str] = {}
    for key, short in persons.items():
        sharing = set.intersection(*(by_word[w] for w in short.words)) if short.words else set()
        owners = {o for o in sharing if o != key and _part_of(short.words, persons[o].words)}
        owners |= nicknamed.get(short.words, set()) - {key}
        if len(owners) == 1:
            remap[key] = owners.pop()
    return _without_cycles(remap)


def _part_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether every word of `short` occurs in `full`, in order, and `full` has more words."""
    if not short or len(short) >= len(full):
        return False
    it = iter(full)
    return all(word in it for word in short)


def _without_cycles(remap: dict[str, str]) -> dict[str, str]:
    """Merges that point into a chain are followed to its end; a pair pointing at each other is dropped."""
    return {k: v for k, v in remap.items() if remap.get(v) != k}


# ------------------------------------------------------------------ 3. role-only persons


def _by_role(entities: tuple[Entity, ...], persons: dict[str, _Person], remap: dict[str, str]) -> dict[str, str]:
    """Each role-only person → the one named person holding that title with a compatible jurisdiction."""
    holders: dict[str, set[tuple[str, str | None]]] = {}
    for key, person in persons.items():
        for role in person.entity.roles:
            holders.setdefault(base_title(role.title), set()).add((_final(remap, key), role.of_entity or role.of))
    out: dict[str, str] = {}
    for entity in entities:
        if entity.type != "person" or entity.named or not entity.roles:
            continue
        role = entity.roles[0]
        where = role.of_entity or role.of
        found = {k for k, of in holders.get(base_title(role.title), set()) if where is None or of in (None, where)}
        if len(found) == 1:
            out[entity.id] = found.pop()
    return out


# ------------------------------------------------------------------ 4. further occurrences


def _owned_forms(persons: dict[str, _Person], remap: dict[str, str]) -> dict[str, str]:
    """Each name part or nickname that belongs to exactly one person → that person's id."""
    owners: dict[str, set[str]] = {}
    for key, person in persons.items():
        target = _final(remap, key)
        for form in _forms(person):
            owners.setdefault(form, set()).add(target)
    return {form: next(iter(keys)) for form, keys in owners.items() if len(keys) == 1}


def _retyped(mentions: list[Mention], forms: dict[str, str]) -> list[Mention]:
    """The model's guesses of another type for a name that is a person's in this article ("Cici" as a place
    beside "kata Cici") become mentions of that person."""
    return [
        replace(m, type="person", entity=forms[m.text], source="coref")
        if m.source == "model" and m.type != "person" and m.text in forms
        else m
        for m in mentions
    ]


def _occurrences(text: str, mentions: list[Mention], forms: dict[str, str]) -> list[Mention]:
    """Stand-alone occurrences of a name part or nickname that belongs to exactly one person."""
    if not forms:
        return []
    pattern = re.compile(rf"(?<![\w-])({alternation(forms)})(?![\w-])")
    taken = Covered(Span(m.start, m.end) for m in mentions)
    out = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if taken.overlaps(Span(start, end)) or not stands_alone(text, start, end):
            continue
        out.append(Mention(start, end, match.group(0), "person", forms[match.group(0)], "coref"))
    return out


def _forms(person: _Person) -> Iterable[str]:
    """The surfaces by which a person may be named again: each name word (as written) and each nickname."""
    for word in person.entity.name.split():
        if len(word) > 2 and word[0].isupper() and word.casefold() not in _PARTICLES and word not in NOT_NAME:
            yield word
    yield from person.nicknames


# ------------------------------------------------------------------ the merged article


def _rewrite(
    article: Article, mentions: tuple[Mention, ...], persons: dict[str, _Person], remap: dict[str, str]
) -> Article:
    merged: dict[str, list[Entity]] = {}
    for entity in article.entities:
        merged.setdefault(_final(remap, entity.id), []).append(entity)
    nicknames: dict[str, set[str]] = {}
    for key, person in persons.items():
        nicknames.setdefault(_final(remap, key), set()).update(person.nicknames)
    entities = tuple(_merge(key, group, mentions, nicknames.get(key, set())) for key, group in merged.items())
    used = {m.entity for m in mentions}
    return replace(article, mentions=mentions, entities=tuple(e for e in entities if e.id in used or e.inferred))


def _merge(key: str, group: list[Entity], mentions: tuple[Mention, ...], nicknames: set[str]) -> Entity:
    """One entity for a group merged under `key`: the head's id and name, every other form an alias."""
    head = next((e for e in group if e.id == key), group[0])
    if len(group) == 1 and not nicknames:
        return head
    names = {e.name for e in group} | {a for e in group for a in e.aliases} | nicknames
    names |= {m.text for m in mentions if m.entity == key and m.source != "coref"}
    kb: dict[str, Any] = {}
    for entity in group:
        kb.update(entity.kb)
    roles = tuple(dict.fromkeys(r for e in group for r in e.roles))
    aliases = tuple(sorted(" ".join(n.split()) for n in names if n != head.name))
    return replace(head, id=key, aliases=aliases, roles=roles, kb=kb)
