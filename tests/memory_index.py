"""An index held in memory for retrieval tests: the parts of a LoadedIndex the retriever reads, over invented
paragraphs ``(doc, section, title, sentences)``, with the deterministic hashed embedder (no model, no Chroma)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.lexical import BM25
from assistant.retrieval.loaded_index import DocumentViews


@dataclass
class MemoryIndex(DocumentViews):
    """The parts of a LoadedIndex the retriever uses, over documents held in memory."""

    embedder: HashEmbedder
    rows: list
    chapter_titles: dict[int, str] = field(default_factory=dict)
    outlines: dict[str, dict[str, str]] = field(default_factory=dict)
    chunks: list[Chunk] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i, (doc, section, title, sentences) in enumerate(self.rows):
            text = " ".join(sentences)
            spans = tuple(Sentence(s, text.index(s), text.index(s) + len(s)) for s in sentences)
            self.chunks.append(Chunk(f"{doc}-{i}", text, doc, int(section[0]), "BAB", section, title, section, 0,
                                     0, len(text), spans))
        self.bm25 = BM25([index_terms(c.text) for c in self.chunks])
        self.vectors = self.embedder.embed_passages([c.text for c in self.chunks])
        self.sections: dict[str, list[int]] = {}
        for i, chunk in enumerate(self.chunks):
            self.sections.setdefault(chunk.section_id, []).append(i)
        self.printed: dict[str, str] = {}
        self.section_titles = {c.section_id: c.section_title for c in self.chunks}  # last document wins

    def dense_search(self, vector: np.ndarray, n: int, document: str | None = None) -> list[tuple[int, float]]:
        scores = self.vectors @ vector
        ranked = [(i, float(s)) for i, s in enumerate(scores) if not document or self.chunks[i].doc_id == document]
        return sorted(ranked, key=lambda p: -p[1])[:n]

    def chunks_with(self, terms: set[str]) -> list[Chunk]:
        return [c for c in self.chunks if terms & set(index_terms(c.text))]

    def glossary(self, doc_id: str) -> dict[str, str]:
        return {}  # these documents define no abbreviation

    def sentence_vectors(self, texts: list[str], embedder: HashEmbedder, **_: object) -> list[np.ndarray]:
        return list(embedder.embed_passages(texts))
