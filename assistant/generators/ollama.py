"""The ``ollama`` backend: a model served by Ollama, through langchain-ollama."""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import Runnable

from assistant.core.errors import ConfigError
from assistant.generators.llm import ChatModelGenerator, importable, require
from assistant.core.settings import Settings


class OllamaGenerator(ChatModelGenerator):
    """Streams from ``settings.ollama_model`` at ``settings.ollama_base_url`` via ``ChatOllama``."""

    name = "ollama"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        if not settings.ollama_model:
            raise ConfigError(
                "the 'ollama' generator needs a model name: set THESIS_OLLAMA_MODEL (for example "
                "qwen2.5:3b, after `ollama pull qwen2.5:3b`), or choose another generator (--generator extractive)."
            )
        self.base_url = settings.ollama_base_url.rstrip("/")
        self.model = settings.ollama_model
        self._ollama = require("ollama", "langchain-ollama", "ollama", self.name)
        chat_ollama = require("langchain_ollama", "langchain-ollama", "ollama", self.name).ChatOllama
        self._model = chat_ollama(
            model=self.model,
            base_url=self.base_url,
            temperature=0.0,
            num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
        )

    @classmethod
    def available(cls, settings: Settings) -> bool:
        """True when a model name is set and langchain-ollama is installed."""
        return bool(settings.ollama_model) and importable("langchain_ollama")

    def chat_model(self) -> Runnable[Any, Any]:
        """The configured ``ChatOllama``."""
        return self._model

    def unavailable_errors(self) -> tuple[type[BaseException], ...]:
        """Connection and timeout errors, and errors that the Ollama server reports."""
        import httpx  # a dependency of the ollama client

        return (OSError, httpx.HTTPError, self._ollama.ResponseError)

    def fix_hint(self) -> str:
        """How to get Ollama answering."""
        return (
            f"Start Ollama (`ollama serve`) at {self.base_url} or fix THESIS_OLLAMA_BASE_URL, and pull the "
            f"model (`ollama pull {self.model}`); or use --generator extractive."
        )

    def describe(self) -> str:
        """``ollama: MODEL at URL``."""
        return f"ollama: {self.model} at {self.base_url}"
