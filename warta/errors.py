"""One exception hierarchy. Every error says what went wrong and what to do about it."""

from __future__ import annotations


class WartaError(Exception):
    """Base class of every error Warta raises on purpose."""


class InputError(WartaError):
    """An input could not be read or holds nothing usable (empty, binary, too large, no article)."""


class FetchError(InputError):
    """A URL could not be fetched (network, status, size or redirect limits)."""


class PipelineError(WartaError):
    """A pipeline was built wrongly: unknown stage, or a stage whose requirements nothing provides."""


class StageError(WartaError):
    """A stage failed on one article (a bug: please report it with the input); the batch goes on."""


class EngineError(WartaError):
    """A batch could not run: an engine could not start (missing extra, bad worker count) or lost a worker,
    or the output file cannot be written."""


class StoreError(WartaError):
    """The store could not be opened, migrated or written."""


class NotFoundError(WartaError):
    """A requested article, entity or quote is not in the store."""
