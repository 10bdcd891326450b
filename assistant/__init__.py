"""Bilingual thesis assistant: grounded answers with verified section citations.

    from assistant import Assistant
    answer = Assistant().ask("Kapan MoU ditandatangani?")
"""

from assistant.assistant import Assistant, CorpusInfo, DocumentInfo
from assistant.core.errors import (
    AssistantError,
    ConfigError,
    CorpusError,
    EmbedderMismatchError,
    GeneratorUnavailableError,
    IndexCorruptError,
    IndexMissingError,
    IngestLockedError,
    MissingDependencyError,
    QuestionError,
    StoreUnavailableError,
    UnknownBackendError,
)
from assistant.core.settings import Settings
from assistant.core.types import Answer, Chunk, Citation, Finished, Source, StreamEvent, TextDelta, Turn

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Chunk",
    "Citation",
    "ConfigError",
    "CorpusError",
    "CorpusInfo",
    "DocumentInfo",
    "EmbedderMismatchError",
    "Finished",
    "GeneratorUnavailableError",
    "IndexCorruptError",
    "IndexMissingError",
    "IngestLockedError",
    "MissingDependencyError",
    "QuestionError",
    "Settings",
    "Source",
    "StoreUnavailableError",
    "StreamEvent",
    "TextDelta",
    "Turn",
    "UnknownBackendError",
]
