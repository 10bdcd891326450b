"""A question asked of one picked document is answered from that document's own statistics: loading another
thesis beside it changes nothing of its analysis, retrieval or the idf its evidence is weighed by (BM25's
document frequencies and mean length, the terms the vocabulary knows and translates into were the corpus').
Two invented documents, the deterministic hashed embedder, no model and no Chroma."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pytest

from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.lexical import BM25
from assistant.retrieval import retrieve
from assistant.retrieval.retrieve import Retriever

A = [
    ("a.txt", "4.1", "Gambaran Umum", ["Koperasi berdiri pada tahun 2001 di kota kecil dengan 40 anggota."]),
    ("a.txt", "4.2", "Karakteristik Anggota", ["Anggota koperasi berjumlah 120 orang pada tahun 2020.",
                                               "Sebagian besar anggota adalah petani padi."]),
    ("a.txt", "4.3", "Hasil Penelitian", ["Omzet koperasi naik setiap tahun sejak 2015."]),
    ("a.txt", "5.1", "Kesimpulan", ["Koperasi layak dipertahankan karena omzetnya terus naik."]),
]
B = [  # another thesis whose words overlap the first's (anggota, petani, tahun) in other proportions
    ("b.txt", "4.1", "Responden", ["Responden adalah petani dan anggota kelompok tani."]),
    ("b.txt", "4.2", "Hasil", ["Petani anggota kelompok menanam jagung setiap tahun."]),
    ("b.txt", "4.3", "Pembahasan", ["Jumlah anggota kelompok tani bertambah setiap tahun sejak 2010."]),
]


@dataclass
class Documents:
    """The parts of a LoadedIndex the retriever uses, over documents held in memory."""

    embedder: HashEmbedder
    rows: list
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
        self.section_titles = {c.section_id: c.section_title for c in self.chunks}
        self.chapter_titles = {4: "HASIL", 5: "PENUTUP"}
        self.outlines: dict[str, dict[str, str]] = {}

    def dense_search(self, vector: np.ndarray, n: int, document: str | None = None) -> list[tuple[int, float]]:
        scores = self.vectors @ vector
        ranked = [(i, float(s)) for i, s in enumerate(scores) if not document or self.chunks[i].doc_id == document]
        return sorted(ranked, key=lambda p: -p[1])[:n]

    def chunks_with(self, terms: set[str]) -> list[Chunk]:
        return [c for c in self.chunks if terms & set(index_terms(c.text))]

    def glossary(self, doc_id: str) -> dict[str, str]:
        return {}

    def sentence_vectors(self, texts: list[str], embedder: HashEmbedder, **_: object) -> list[np.ndarray]:
        return list(embedder.embed_passages(texts))


@pytest.fixture(autouse=True)
def _picked_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retrieve, "DOCUMENT_STATISTICS", True)


def _retriever(rows: list) -> Retriever:
    embedder = HashEmbedder()
    return Retriever(Documents(embedder, rows), embedder)  # type: ignore[arg-type]


def _seen(retriever: Retriever, question: str) -> tuple:
    """What a question asked of a.txt reads and finds: its terms with their translations, its passages with every
    score, and the idf its evidence is weighed by (over the question's terms)."""
    analysis = retriever.analyse(question, document="a.txt")
    result = retriever.retrieve(analysis, k=4, document="a.txt")
    idf = result.idf or retriever.index.bm25.idf
    return ([(t.word, t.translations, t.known) for t in analysis.terms], analysis.coverage,
            [(p.chunk.chunk_id, round(p.score, 9), round(p.dense_score, 9), round(p.lexical_score, 9)) for p in result.passages],
            {t: round(idf.get(t, 0.0), 9) for t in analysis.query_terms})


@pytest.mark.parametrize("question", ["Berapa jumlah anggota koperasi pada tahun 2020?",
                                      "How many members did the cooperative have in 2020?",
                                      "Apakah petani menjadi anggota koperasi?"])
def test_another_document_changes_nothing_of_a_picked_ones_answer(question: str) -> None:
    alone = _seen(_retriever(A), question)
    beside = _seen(_retriever(A + B), question)
    assert beside == alone


def test_restricted_statistics_are_those_of_the_positions_alone() -> None:
    documents = [["anggota", "koperasi"], ["anggota", "petani"], ["petani", "jagung"], ["petani"]]
    whole, part = BM25(documents), BM25(documents[:2])
    view = whole.restricted([0, 1])
    assert view.idf == part.idf and view.avg_length == part.avg_length
    assert view.scores(["anggota", "petani"]) == part.scores(["anggota", "petani"])
    assert view.idf["anggota"] == pytest.approx(math.log(1 + 0.5 / 2.5))
    assert "jagung" not in view  # a term only other positions hold is not the picked ones'
    assert whole.top(["petani"], 4)[0][0] in (1, 2, 3) and all(p in (0, 1) for p, _ in view.top(["petani"], 4))
