"""The pipeline: an extractor that turns a `Raw` input into an `Article`, then stages that each take the
article and return a copy with their own fields filled. Each stage declares, once, when it is registered, what it
needs and provides; the pipeline checks this when it is built, so a misordered pipeline fails before it sees any
article."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import ClassVar, Protocol, TypeVar

from warta.errors import InputError, PipelineError, StageError, WartaError
from warta.model import Article, Raw
from warta.settings import Settings

log = logging.getLogger(__name__)

EXTRACT_PROVIDES = frozenset({"text", "metadata"})


class Stage(Protocol):
    """A pipeline component: `requires` and `provides` name article fields; calling it adds them."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> frozenset[str]: ...

    @property
    def provides(self) -> frozenset[str]: ...

    def __call__(self, article: Article) -> Article: ...


class BaseStage(ABC):
    """A registered stage class: `@register` sets its name, requires and provides; it keeps the settings."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    provides: ClassVar[frozenset[str]]

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    def __call__(self, article: Article) -> Article:
        """A copy of the article with this stage's fields filled."""


S = TypeVar("S", bound=type[BaseStage])
_REGISTRY: dict[str, type[BaseStage]] = {}


def register(name: str, *, requires: Iterable[str], provides: Iterable[str]) -> Callable[[S], S]:
    """Class decorator, like spaCy's factories: make a stage class available to `build()` under `name`, and
    declare, once, the article fields it requires and provides (set as the class's `name`, `requires` and
    `provides`)."""

    def decorate(cls: S) -> S:
        known = _REGISTRY.get(name)
        if known is not None and (known.__module__, known.__qualname__) != (cls.__module__, cls.__qualname__):
            raise PipelineError(f"stage {name!r} is registered twice: {known.__qualname__} and {cls.__qualname__}")
        cls.name, cls.requires, cls.provides = name, frozenset(requires), frozenset(provides)
        _REGISTRY[name] = cls
        return cls

    return decorate


def available() -> list[str]:
    """Names of the registered stages."""
    _load_builtin_stages()
    return sorted(_REGISTRY)


@dataclass(frozen=True)
class Outcome:
    """What processing one input gave: an article, or the error that stopped it."""

    origin: str
    article: Article | None
    error: str | None = None


class Pipeline:
    """Extraction followed by stages, checked for requires/provides when built."""

    def __init__(self, stages: list[Stage], settings: Settings) -> None:
        check_order(stages)
        self.stages = stages
        self.settings = settings

    def run(self, raw: Raw) -> Article:
        """Extract one input and run every stage over it. Raises `InputError` for unusable input."""
        from warta.stages.extract import extract

        try:
            article = extract(raw, self.settings)
        except WartaError:
            raise
        except Exception as exc:  # a parser bug on one page must not stop a batch either
            log.debug("extraction of %s failed", raw.origin, exc_info=True)
            raise StageError(f"{raw.origin}: stage 'extract' failed ({_reason(exc)})") from exc
        return self.annotate(replace(article, provided=EXTRACT_PROVIDES))

    def annotate(self, article: Article) -> Article:
        """Run the stages over an already extracted article."""
        for stage in self.stages:
            try:
                article = stage(article)
            except WartaError:
                raise
            except Exception as exc:  # a bug in one stage must not stop a batch: report it as an error
                log.debug("stage %s failed", stage.name, exc_info=True)
                origin = article.origin or article.id
                raise StageError(f"{origin}: stage {stage.name!r} failed ({_reason(exc)})") from exc
            article = replace(article, provided=article.provided | stage.provides)
        return article

    def run_many(self, raws: Iterable[Raw]) -> Iterator[Outcome]:
        """Process inputs in order; a failing input yields an `Outcome` with its error; the batch goes on."""
        for raw in raws:
            try:
                yield Outcome(raw.origin, self.run(raw))
            except WartaError as exc:
                log.info("%s: %s", raw.origin, exc)
                yield Outcome(raw.origin, None, str(exc))


def _reason(exc: BaseException) -> str:
    """An unexpected exception as one short line: its class and the first line of its message."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:200]}" if lines else type(exc).__name__


def check_order(stages: list[Stage]) -> None:
    """Raise `PipelineError` when a stage requires a field that no earlier stage provides."""
    have = set(EXTRACT_PROVIDES)
    for stage in stages:
        missing = stage.requires - have
        if missing:
            raise PipelineError(f"stage {stage.name!r} requires {sorted(missing)}, provided by no earlier stage")
        have |= stage.provides


def build(settings: Settings | None = None, names: Iterable[str] | None = None) -> Pipeline:
    """A pipeline of the named stages (default: `settings.stages`)."""
    settings = settings or Settings()
    _load_builtin_stages()
    chosen = list(names if names is not None else settings.stages)
    unknown = [n for n in chosen if n not in _REGISTRY]
    if unknown:
        raise PipelineError(f"unknown stage(s) {unknown}; available: {sorted(_REGISTRY)}")
    return Pipeline([_REGISTRY[n](settings) for n in chosen], settings)


def _load_builtin_stages() -> None:
    import warta.stages  # noqa: F401  (registers the built-in stages)


__all__ = ["BaseStage", "InputError", "Outcome", "Pipeline", "Stage", "available", "build", "register"]
