"""The quotes stage: direct and indirect quotes with their speakers (rules in `finder`, written forms in
`forms`)."""

from __future__ import annotations

from dataclasses import replace

from warta.model import Article
from warta.pipeline import register
from warta.settings import Settings
from warta.stages.quotes.finder import Finder


@register("quotes")
class Quotes:
    """Direct and indirect quote extraction with speaker attribution; provides `quotes`."""

    name = "quotes"
    requires = frozenset({"sentences", "mentions", "coref"})
    provides = frozenset({"quotes"})

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, article: Article) -> Article:
        finder = Finder(article)
        return replace(article, quotes=tuple(finder.run()))
