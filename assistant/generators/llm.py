"""The shared part of the LLM backends: an LCEL chain ``prompt | chat model | text`` that streams.

A backend subclass only says how to build its LangChain chat model, which of its library's
exceptions mean "cannot answer now", and how to fix that. Everything else (the prompt, the
per-request deadline, turning failures and empty output into ``GeneratorUnavailableError``) is
here, so the backends behave alike. LangChain objects stay inside this package.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from abc import abstractmethod
from collections.abc import Iterator
from typing import Any

from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from assistant.core.errors import GeneratorUnavailableError, MissingDependencyError
from assistant.generators.base import GenerationRequest, Generator
from assistant.generators.prompts import build_prompt, prompt_inputs
from assistant.core.settings import Settings
from assistant.core.types import Language

_MAX_DETAIL_CHARS = 300  # how much of a library's own error message we repeat
# Pieces (about one token each when streaming) an answer may take, by question type: a date needs a
# sentence, a summary a few. Small models that loop run to this budget instead of the context's end.
TOKEN_BUDGET: dict[str, int] = {
    "when": 80, "who": 80, "number": 80, "which": 120, "yesno": 100, "section": 200, "summary": 220,
    "why": 180, "how": 180, "other": 160,
}
REPEAT_WORDS = 10  # a run of this many words said a second time means the model is looping


def repeats_at(text: str, n: int = REPEAT_WORDS) -> int | None:
    """Where ``text`` starts repeating a run of ``n`` words it already said (None if it does not)."""
    from assistant.core.text import word_matches

    spans = [(m.start(), m.group(0).lower()) for m in word_matches(text)]
    seen: set[tuple[str, ...]] = set()
    for i in range(len(spans) - n + 1):
        gram = tuple(w for _, w in spans[i : i + n])
        if gram in seen:
            return spans[i][0]
        seen.add(gram)
    return None


def token_budget(question_type: str, cap: int) -> int:
    """Pieces allowed for a question type, never above the configured cap (THESIS_LLM_MAX_TOKENS)."""
    return min(cap, TOKEN_BUDGET.get(question_type, TOKEN_BUDGET["other"]))


def require(module: str, package: str, extra: str, backend: str) -> Any:
    """Import an optional module or raise MissingDependencyError naming the pip extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"the {backend!r} generator needs the {package} package, which is not installed: "
            f"run `pip install -e '.[{extra}]'` (or `pip install {package}`), "
            "or choose another generator (--generator extractive)."
        ) from exc


def importable(module: str) -> bool:
    """True when ``module`` can be imported (checked without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


class ChatModelGenerator(Generator):
    """A generator that streams from a LangChain chat model through ``prompt | model | parser``."""

    name = "llm"

    short_prompt_by_default = False  # small local models get the short prompt (THESIS_LLM_PROMPT=auto)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._chains: dict[tuple[Language, bool], Runnable[dict[str, Any], str]] = {}
        style = getattr(settings, "llm_prompt", "auto")
        self.short_prompt = style == "short" or (style == "auto" and self.short_prompt_by_default)
        self.stopped: str | None = None  # why the last answer was cut: "repetition", "budget" or None

    @classmethod
    def available(cls, settings: Settings) -> bool:
        """True when ``settings`` configure this backend and its package is installed (used by ``auto``)."""
        return False

    @abstractmethod
    def chat_model(self) -> Runnable[Any, Any]:
        """The LangChain chat model (or adapter) this backend streams from."""

    @abstractmethod
    def fix_hint(self) -> str:
        """What the user should do when this backend cannot answer."""

    def unavailable_errors(self) -> tuple[type[BaseException], ...]:
        """Exceptions of the backend's library that mean "cannot answer now" (not a bug of ours)."""
        return (OSError,)  # includes ConnectionError and TimeoutError

    def chain(self, language: Language, short: bool = False) -> Runnable[dict[str, Any], str]:
        """The LCEL chain for one language, built once: prompt | chat model | StrOutputParser()."""
        if (language, short) not in self._chains:
            self._chains[language, short] = build_prompt(language, short) | self.chat_model() | StrOutputParser()
        return self._chains[language, short]

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield the model's answer text as it comes; raise GeneratorUnavailableError on failure.

        The answer is cut when it starts repeating itself or passes its question type's budget."""
        timeout = self.settings.llm_timeout
        deadline = time.monotonic() + timeout
        produced = False
        budget = token_budget(request.question_type, self.settings.llm_max_tokens)
        said, count = "", 0
        self.stopped = None
        pieces = self.chain(request.language, self.short_prompt).stream(
            prompt_inputs(request, short=self.short_prompt))
        try:
            for piece in pieces:
                if time.monotonic() > deadline:
                    raise GeneratorUnavailableError(
                        f"{self.describe()} took longer than {timeout:g} s (THESIS_LLM_TIMEOUT) to answer: "
                        "raise THESIS_LLM_TIMEOUT, use a smaller or faster model, or use --generator extractive."
                    )
                if not piece:
                    continue
                cut = repeats_at(said + piece)
                if cut is not None:
                    self.stopped = "repetition"
                    piece = piece[: max(cut - len(said), 0)]
                count += 1
                if piece:
                    produced = produced or bool(piece.strip())
                    said += piece
                    yield piece
                if self.stopped:
                    break
                if count >= budget:
                    self.stopped = "budget"
                    break
        except GeneratorUnavailableError:
            raise
        except self.unavailable_errors() as exc:
            raise GeneratorUnavailableError(self.failure_message(exc)) from exc
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()  # stops generation (and the HTTP stream) when we leave early
        if not produced:
            raise GeneratorUnavailableError(
                f"{self.describe()} returned an empty answer: use an instruction-tuned chat model "
                f"whose chat template works. {self.fix_hint()}"
            )

    def failure_message(self, exc: BaseException) -> str:
        """The GeneratorUnavailableError message for a failure of the backend's library."""
        detail = " ".join(str(exc).split()) or type(exc).__name__
        if len(detail) > _MAX_DETAIL_CHARS:
            detail = detail[: _MAX_DETAIL_CHARS - 1] + "…"
        return f"{self.describe()} could not answer ({type(exc).__name__}: {detail}). {self.fix_hint()}"
