"""The ``llamacpp`` backend: a local GGUF model run in-process by llama-cpp-python.

llama-cpp-python has no LangChain chat model of its own outside langchain-community (which is
being retired), so a small ``BaseChatModel`` adapter streams ``create_chat_completion`` and the
backend plugs it into the same LCEL chain as the server backends.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from pydantic import ConfigDict, Field

from assistant.core.errors import ConfigError
from assistant.generators.llm import ChatModelGenerator, importable, require
from assistant.core.settings import Settings

N_CTX = 4096  # context window: passages + history + answer; SmolLM2/Qwen-class models allow more

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def _to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as llama-cpp-python chat messages."""
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class LlamaCppChatModel(BaseChatModel):
    """A LangChain chat model over a loaded ``llama_cpp.Llama`` (one generation at a time)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    llm: Any  # llama_cpp.Llama
    max_tokens: int = 512
    temperature: float = 0.0
    lock: Any = Field(default_factory=threading.Lock, exclude=True)  # Llama is not thread-safe

    @property
    def _llm_type(self) -> str:
        return "llama-cpp-python"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(chunk.text for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self.lock:
            parts = self.llm.create_chat_completion(
                messages=_to_llama_messages(messages),
                max_tokens=self.max_tokens,
                temperature=self.temperature,
                stop=stop,
                stream=True,
            )
            for part in parts:
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager is not None:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk


class LlamaCppGenerator(ChatModelGenerator):
    """Answers with the GGUF model at ``settings.model_path``, loaded once, on the CPU."""

    name = "llamacpp"
    short_prompt_by_default = True  # reading a whole-passage prompt was most of the first-token time

    def __init__(self, settings: Settings, n_ctx: int = N_CTX, n_threads: int | None = None) -> None:
        super().__init__(settings)
        if settings.model_path is None:
            raise ConfigError(
                "the 'llamacpp' generator needs a model: set THESIS_MODEL_PATH to a local GGUF file "
                "(an instruction-tuned chat model), or choose another generator (--generator extractive)."
            )
        self.model_path = Path(settings.model_path).expanduser()
        if not self.model_path.is_file():
            raise ConfigError(
                f"THESIS_MODEL_PATH={self.model_path} is not a file: point it at a local GGUF model file."
            )
        # Spinning OpenMP workers lose badly when the embedder or the UI shares the 2 cores
        # (measured: 395-token prompt 11.3 s spinning vs 6.9 s passive on a busy machine).
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        llama_cpp = require("llama_cpp", "llama-cpp-python", "local", self.name)
        started = time.perf_counter()
        try:
            llm = llama_cpp.Llama(
                model_path=str(self.model_path),
                n_ctx=n_ctx,
                n_threads=n_threads or os.cpu_count() or 1,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ConfigError(
                f"llama.cpp could not load {self.model_path} ({exc}): THESIS_MODEL_PATH must be a GGUF "
                "model file that this llama-cpp-python version supports."
            ) from exc
        self.load_seconds = time.perf_counter() - started
        self._model = LlamaCppChatModel(llm=llm, max_tokens=settings.llm_max_tokens, temperature=0.0)

    @classmethod
    def available(cls, settings: Settings) -> bool:
        """True when THESIS_MODEL_PATH names an existing file and llama-cpp-python is installed."""
        path = settings.model_path
        return path is not None and Path(path).expanduser().is_file() and importable("llama_cpp")

    def chat_model(self) -> Runnable[Any, Any]:
        """The adapter around the loaded ``llama_cpp.Llama``."""
        return self._model

    def unavailable_errors(self) -> tuple[type[BaseException], ...]:
        """What llama.cpp raises when it cannot answer (e.g. a prompt longer than the context)."""
        return (OSError, ValueError, RuntimeError)

    def fix_hint(self) -> str:
        """How to get the local model answering."""
        return (
            f"Check that THESIS_MODEL_PATH ({self.model_path}) is an instruction-tuned chat GGUF that fits "
            "in memory, or lower THESIS_K so the passages fit its context; or use --generator extractive."
        )

    def describe(self) -> str:
        """``llamacpp: FILE (local GGUF)``."""
        return f"llamacpp: {self.model_path.name} (local GGUF)"
