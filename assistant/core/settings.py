"""The one settings object: read from the environment once, overridden by CLI flags, passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

from assistant.core.errors import ConfigError

# THESIS_<NAME> environment variable for each field.
_ENV_PREFIX = "THESIS_"


@dataclass(frozen=True)
class Settings:
    """Every knob of the assistant. ``Settings.from_env()`` is what the doors use."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path(".thesis_index")
    embedder: str = "e5"  # e5 | sentence-transformers:<model path or name>
    chroma_host: str | None = None  # set to use a `chroma run` server instead of the embedded index
    chroma_port: int = 8000
    collection: str = "thesis"
    generator: str = "auto"  # auto | extractive | llamacpp | openai | ollama
    k: int = 4  # passages retrieved per question
    sentence_cache: bool = True  # keep embedded sentences on disk for the next process (0 turns it off)
    # LLM backends
    model_path: Path | None = None  # GGUF file for `llamacpp`
    openai_base_url: str | None = None  # e.g. http://127.0.0.1:8080/v1
    openai_model: str = "local"
    openai_api_key: str = "not-needed"
    ollama_base_url: str = "http://127.0.0.1:11434"
    ollama_model: str | None = None
    llm_timeout: float = 60.0  # seconds per LLM request
    llm_max_tokens: int = 512
    llm_prompt: str = "auto"  # auto (short for llamacpp, full for servers) | short | full
    # limits
    max_question_chars: int = 2000
    max_history_turns: int = 20
    # web chat
    host: str = "127.0.0.1"
    port: int = 7860
    data_dir: Path = Path(".thesis_data")  # feedback and exports
    auth: str | None = None  # "user:password" for the web chat when exposed
    max_upload_mb: int = 50  # largest file the web chat accepts as an upload (THESIS_MAX_UPLOAD_MB)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``THESIS_*`` variables, then ``overrides`` (CLI flags; None means unset)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(_ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, f.type, raw)
        for name, value in overrides.items():
            if value is not None:
                values[name] = _convert(name, _field_type(name), value) if isinstance(value, str) else value
        settings = cls(**values)
        settings.validate()
        return settings

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (None leaves a field as it is)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def validate(self) -> None:
        """Raise ConfigError for values that cannot work."""
        if self.k < 1 or self.k > 50:
            raise ConfigError(f"k={self.k} is out of range: use a number from 1 to 50 (THESIS_K or --k).")
        if not 1 <= self.chroma_port <= 65535:
            raise ConfigError(f"THESIS_CHROMA_PORT={self.chroma_port} is not a port: use 1-65535.")
        if len(self.collection) < 3:
            raise ConfigError("THESIS_COLLECTION needs at least 3 characters (a Chroma rule).")
        if self.llm_prompt not in ("auto", "short", "full"):
            raise ConfigError(f"THESIS_LLM_PROMPT={self.llm_prompt!r}: use auto, short or full.")
        if self.max_question_chars < 10:
            raise ConfigError("THESIS_MAX_QUESTION_CHARS must be at least 10.")
        if not 1 <= self.max_upload_mb <= 2048:
            raise ConfigError(f"THESIS_MAX_UPLOAD_MB={self.max_upload_mb}: use a number of MB from 1 to 2048.")

    @property
    def uses_server(self) -> bool:
        """True when the index lives in a Chroma server rather than in ``index_dir``."""
        return bool(self.chroma_host)


def _field_type(name: str) -> str:
    for f in fields(Settings):
        if f.name == name:
            return str(f.type)
    raise ConfigError(f"unknown setting {name!r}: valid ones are {', '.join(f.name for f in fields(Settings))}")


def _convert(name: str, type_name: Any, raw: str) -> Any:
    type_name = str(type_name)
    try:
        if "Path" in type_name:
            return Path(raw).expanduser()
        if type_name.startswith("bool"):
            return _boolean(raw)
        if type_name.startswith("int"):
            return int(raw)
        if type_name.startswith("float"):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{_ENV_PREFIX}{name.upper()}={raw!r} is not a {type_name}: fix or unset it.") from exc
    return raw


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{raw!r} is not a yes/no value (use 1 or 0)")
