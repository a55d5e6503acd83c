"""The quotes stage: direct and indirect quotes with their speakers (rules in `finder`, written forms in
`forms`)."""

from __future__ import annotations

from dataclasses import replace

from warta.model import Article
from warta.pipeline import BaseStage, register
from warta.stages.quotes.finder import Finder


@register("quotes", requires=("sentences", "mentions", "coref"), provides=("quotes",))
class Quotes(BaseStage):
    """Direct and indirect quote extraction with speaker attribution; provides `quotes`."""

    def __call__(self, article: Article) -> Article:
        finder = Finder(article)
        return replace(article, quotes=tuple(finder.run()))
