"""Generator backends: a plain registry of names to classes, loaded lazily; ``auto`` picks the best available."""

from __future__ import annotations

import importlib

from assistant.core.errors import UnknownBackendError
from assistant.generators.base import Evidence, GenerationRequest, Generator, Passage
from assistant.core.settings import Settings

GENERATORS: dict[str, str] = {
    "extractive": "assistant.generators.extractive:ExtractiveGenerator",
    "llamacpp": "assistant.generators.llamacpp:LlamaCppGenerator",
    "openai": "assistant.generators.openai_compat:OpenAIGenerator",
    "ollama": "assistant.generators.ollama:OllamaGenerator",
}
# `auto` tries these in order and takes the first that the settings configure; extractive always works.
# Each comes with the setting that configures it, so that an unconfigured backend's module (and
# LangChain with it, about 1.5 s) is never imported just to learn that it is not configured.
AUTO_ORDER = (("openai", "openai_base_url"), ("ollama", "ollama_model"), ("llamacpp", "model_path"))


def generator_class(name: str) -> type[Generator]:
    """The class registered under ``name``; an unknown name's error lists the valid ones."""
    if name not in GENERATORS:
        raise UnknownBackendError(
            f"unknown generator {name!r}: use one of auto, {', '.join(GENERATORS)} (THESIS_GENERATOR or --generator)"
        )
    module, _, attr = GENERATORS[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def resolve_name(name: str, settings: Settings) -> str:
    """``auto`` -> the best configured backend, else the name itself."""
    if name != "auto":
        generator_class(name)  # validate
        return name
    for candidate, setting in AUTO_ORDER:
        if not getattr(settings, setting):
            continue
        cls = generator_class(candidate)
        available = getattr(cls, "available", None)
        if available is not None and available(settings):
            return candidate
    return "extractive"


def get_generator(name: str, settings: Settings) -> Generator:
    """A ready generator for a setting value (``auto`` included)."""
    return generator_class(resolve_name(name, settings))(settings)


__all__ = ["GENERATORS", "Evidence", "GenerationRequest", "Generator", "Passage", "get_generator", "resolve_name"]
