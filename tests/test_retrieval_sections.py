"""Sections a question names, on two invented documents with the deterministic hashed embedder (no
model, no Chroma): a parent section with no text of its own stands for its subsections, and a title
is matched against the asked document's own outline (two documents both have a 4.2, titled differently)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.lexical import BM25
from assistant.retrieval.retrieve import Retriever

# (doc, section, title, sentences); "4.1" of a.txt is a heading with subsections only
PARAGRAPHS = [
    ("a.txt", "3.1", "Lokasi Penelitian", ["Penelitian dilakukan di Desa Karangsari pada tahun 2020."]),
    ("a.txt", "4.1.1", "Para Pihak", ["Penggugat adalah seorang pedagang kain bernama Wulan."]),
    ("a.txt", "4.1.2", "Kronologi", ["Pada Mei 2019 kain yang dibeli ternyata rusak."]),
    ("a.txt", "4.2", "Pembahasan", ["Putusan hakim dinilai sudah adil bagi penggugat."]),
    ("b.txt", "4.1", "Gambaran Umum", ["Koperasi berdiri pada tahun 2001 di kota kecil."]),
    ("b.txt", "4.2", "Karakteristik Anggota", ["Anggota koperasi berjumlah 120 orang."]),
    ("b.txt", "4.3", "Hasil Penelitian", ["Omzet koperasi naik setiap tahun sejak 2015."]),
    ("b.txt", "5.1", "Kesimpulan", ["Koperasi layak dipertahankan karena omzetnya terus naik."]),
]
OUTLINES = {
    "a.txt": {"3.1": "Lokasi Penelitian", "4.1": "Duduk Perkara", "4.1.1": "Para Pihak", "4.1.2": "Kronologi",
              "4.2": "Pembahasan"},
    "b.txt": {"4.1": "Gambaran Umum", "4.2": "Karakteristik Anggota", "4.3": "Hasil Penelitian", "5.1": "Kesimpulan"},
}


@dataclass
class TwoDocuments:
    """The parts of a LoadedIndex the retriever uses, over two documents held in memory."""

    embedder: HashEmbedder
    chunks: list[Chunk] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i, (doc, section, title, sentences) in enumerate(PARAGRAPHS):
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
        self.chapter_titles = {3: "METODE", 4: "HASIL"}
        self.outlines = OUTLINES

    def dense_search(self, vector: np.ndarray, n: int, document: str | None = None) -> list[tuple[int, float]]:
        scores = self.vectors @ vector
        ranked = [(i, float(s)) for i, s in enumerate(scores) if not document or self.chunks[i].doc_id == document]
        return sorted(ranked, key=lambda p: -p[1])[:n]

    def chunks_with(self, terms: set[str]) -> list[Chunk]:
        return [c for c in self.chunks if terms & set(index_terms(c.text))]

    def glossary(self, doc_id: str) -> dict[str, str]:
        return {}  # these documents define no abbreviation


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    embedder = HashEmbedder()
    return Retriever(TwoDocuments(embedder), embedder)  # type: ignore[arg-type]


@pytest.mark.parametrize("question", ["Tolong ringkas duduk perkaranya.", "Apa isi subbab 4.1?"])
def test_a_parent_without_text_stands_for_its_subsections(retriever: Retriever, question: str) -> None:
    result = retriever.retrieve(retriever.analyse(question), k=4, document="a.txt")
    assert result.named_sections == ("4.1.1", "4.1.2")
    assert [p.chunk.section_id for p in result.passages[:2]] == ["4.1.1", "4.1.2"]
    assert {p.chunk.doc_id for p in result.passages} == {"a.txt"}


def test_a_section_with_text_is_named_by_itself(retriever: Retriever) -> None:
    result = retriever.retrieve(retriever.analyse("Apa isi subbab 4.1?"), k=4, document="b.txt")
    assert result.named_sections == ("4.1",)
    assert result.passages[0].chunk.text.startswith("Koperasi berdiri")


def test_a_title_is_matched_in_the_asked_documents_outline(retriever: Retriever) -> None:
    # both documents have a 4.2; only a.txt's is titled Pembahasan (b.txt's chunks were loaded last)
    result = retriever.retrieve(retriever.analyse("Apa isi pembahasan?"), k=4, document="a.txt")
    assert result.named_sections == ("4.2",)
    assert result.passages[0].chunk.text == "Putusan hakim dinilai sudah adil bagi penggugat."
    other = retriever.retrieve(retriever.analyse("Apa isi pembahasan?"), k=4, document="b.txt")
    assert "4.2" not in other.named_sections


def test_a_summary_of_the_whole_works_findings_goes_to_the_conclusions(retriever: Retriever) -> None:
    # not to the section that happens to be titled "Hasil Penelitian"
    result = retriever.retrieve(retriever.analyse("Ringkas hasil penelitian ini."), k=4, document="b.txt")
    assert result.named_sections == ("5.1",)
    assert result.passages[0].chunk.section_id == "5.1"
