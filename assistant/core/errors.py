"""One exception root. Every message says what to do about it."""

from __future__ import annotations


class AssistantError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(AssistantError):
    """A setting has a value we cannot use."""


class CorpusError(AssistantError):
    """The corpus folder is missing, empty or holds nothing readable."""


class IndexMissingError(AssistantError):
    """No usable index where the settings point."""


class IndexCorruptError(AssistantError):
    """The index exists but cannot be read."""


class EmbedderMismatchError(AssistantError):
    """The index was built with another embedder than the one asked for."""


class IngestLockedError(AssistantError):
    """Another ingest holds the lock on this index."""


class StoreWriteError(AssistantError):
    """Writing the index failed part-way (disk full, permissions, a server that went away)."""


class StoreUnavailableError(AssistantError):
    """The Chroma server does not answer."""


class QuestionError(AssistantError):
    """The question (or the history given with it) cannot be answered as it is."""


class UnknownBackendError(ConfigError):
    """A backend name that no registry knows."""


class MissingDependencyError(ConfigError):
    """An optional backend whose package is not installed."""


class GeneratorUnavailableError(AssistantError):
    """An LLM backend could not be reached or failed while answering."""
