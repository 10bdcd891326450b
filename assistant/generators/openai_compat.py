"""The ``openai`` backend: any OpenAI-compatible server (llama.cpp server, vLLM, LM Studio, OpenAI)."""

from __future__ import annotations

import functools
import re
from typing import Any

from langchain_core.runnables import Runnable

from assistant.core.errors import ConfigError
from assistant.generators.llm import ChatModelGenerator, importable, require
from assistant.core.settings import Settings

MAX_RETRIES = 1  # one quick retry; a server that is down must fail fast, not after minutes
# OpenAI's own reasoning models accept only `max_completion_tokens`; every other server reads `max_tokens`.
_COMPLETION_TOKENS_ONLY = re.compile(r"^(o\d|gpt-5)")


@functools.cache
def _chat_openai_class() -> type[Any]:
    """ChatOpenAI that sends the classic ``max_tokens`` (llama-cpp-python's server ignores the new name)."""
    base = require("langchain_openai", "langchain-openai", "openai", "openai").ChatOpenAI

    class CompatChatOpenAI(base):  # type: ignore[misc, valid-type]
        def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            if "max_completion_tokens" in payload and not _COMPLETION_TOKENS_ONLY.match(self.model_name or ""):
                payload["max_tokens"] = payload.pop("max_completion_tokens")
            return payload

    return CompatChatOpenAI


class OpenAIGenerator(ChatModelGenerator):
    """Streams from ``settings.openai_base_url`` with ``settings.openai_model`` via langchain-openai."""

    name = "openai"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        if not settings.openai_base_url:
            raise ConfigError(
                "the 'openai' generator needs a server address: set THESIS_OPENAI_BASE_URL "
                "(for example http://127.0.0.1:8080/v1) and THESIS_OPENAI_MODEL, "
                "or choose another generator (--generator extractive)."
            )
        self.base_url = settings.openai_base_url.rstrip("/")
        self.model = settings.openai_model
        self._openai = require("openai", "langchain-openai", "openai", self.name)
        self._model = _chat_openai_class()(
            base_url=self.base_url,
            model=self.model,
            api_key=settings.openai_api_key or "not-needed",
            timeout=settings.llm_timeout,
            max_retries=MAX_RETRIES,
            max_tokens=settings.llm_max_tokens,
            temperature=0.0,
            streaming=True,
        )

    @classmethod
    def available(cls, settings: Settings) -> bool:
        """True when a base URL is set and langchain-openai is installed."""
        return bool(settings.openai_base_url) and importable("langchain_openai")

    def chat_model(self) -> Runnable[Any, Any]:
        """The configured ``ChatOpenAI``."""
        return self._model

    def unavailable_errors(self) -> tuple[type[BaseException], ...]:
        """Connection, timeout and HTTP status errors of the OpenAI client."""
        return (OSError, self._openai.APIError)

    def fix_hint(self) -> str:
        """How to get the server answering."""
        return (
            f"Start the server at {self.base_url} or fix THESIS_OPENAI_BASE_URL (it usually ends in /v1) "
            f"and THESIS_OPENAI_MODEL (now {self.model!r}); or use --generator extractive."
        )

    def describe(self) -> str:
        """``openai: MODEL at URL``."""
        return f"openai: {self.model} at {self.base_url}"
