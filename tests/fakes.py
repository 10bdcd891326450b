"""Deterministic fakes shared by the read path's unit tests (``from fakes import MemoryIndex``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.core.abbreviations import definitions
from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.lexical import BM25
from assistant.retrieval.loaded_index import DocumentViews


class MemoryIndex(DocumentViews):
    """The parts of a ``LoadedIndex`` the read path uses (BM25, dense search, sections, sentence
    vectors), over chunks held in memory and embedded with the hashed bag-of-words embedder."""

    def __init__(self, embedder: HashEmbedder, chunks: Sequence[Chunk],
                 chapter_titles: dict[int, str] | None = None) -> None:
        self.embedder = embedder
        self.chunks = list(chunks)
        self.bm25 = BM25([index_terms(c.text) for c in self.chunks])
        self.vectors = embedder.embed_passages([c.text for c in self.chunks])
        self.by_id = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.sections: dict[str, list[int]] = {}
        for i, chunk in enumerate(self.chunks):
            self.sections.setdefault(chunk.section_id, []).append(i)
        self.printed = {c.printed_number: c.section_id for c in self.chunks if c.printed_number != c.section_id}
        self.section_titles = {c.section_id: c.section_title for c in self.chunks}
        self.chapter_titles = dict(chapter_titles or {})
        self.outlines: dict[str, dict[str, str]] = {}

    def dense_search(self, vector: np.ndarray, n: int, document: str | None = None) -> list[tuple[int, float]]:
        """The ``n`` chunks closest to ``vector`` (ties in chunk order)."""
        scores = self.vectors @ vector
        return sorted(((i, float(s)) for i, s in enumerate(scores)), key=lambda p: (-p[1], p[0]))[:n]

    def sentence_vectors(self, texts: list[str], embedder: HashEmbedder, **_: object) -> list[np.ndarray]:
        """The texts' vectors (embedded each time: nothing is cached)."""
        return list(embedder.embed_passages(texts))

    def glossary(self, doc_id: str) -> dict[str, str]:
        """The abbreviations the document's chunks define."""
        found: dict[str, str] = {}
        for chunk in self.chunks:
            if chunk.doc_id == doc_id:
                for short, words in definitions(chunk.text).items():
                    found.setdefault(short, words)
        return found

    def chunks_with(self, terms: set[str]) -> list[Chunk]:
        """The chunks holding any of the index terms."""
        return [c for c in self.chunks if terms & set(index_terms(c.text))]


def toy_chunks(rows: Sequence[tuple[str, str, str, int, Sequence[str]]], language: str = "") -> list[Chunk]:
    """Chunks of one chapter-5 document "toy.txt" laid end to end, one per row
    ``(section, printed number, title, paragraph index, sentences)``, with each sentence's span."""
    chunks, offset = [], 0
    for i, (section, printed, title, paragraph, sentences) in enumerate(rows):
        spans, text = [], ""
        for sentence in sentences:
            start = offset + len(text)
            spans.append(Sentence(sentence, start, start + len(sentence), language=language))
            text += sentence + " "
        text = text.strip()
        chunks.append(Chunk(f"c{i}", text, "toy.txt", 5, "PENUTUP", section, title, printed, paragraph,
                            offset, offset + len(text), tuple(spans)))
        offset += len(text) + 2
    return chunks
