"""Sections a question names, on two invented documents with the deterministic hashed embedder (no
model, no Chroma): a parent section with no text of its own stands for its subsections, and a title
is matched against the asked document's own outline (two documents both have a 4.2, titled differently)."""

from __future__ import annotations

import pytest
from memory_index import MemoryIndex

from assistant.index.embeddings import HashEmbedder
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


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    embedder = HashEmbedder()
    return Retriever(MemoryIndex(embedder, PARAGRAPHS, {3: "METODE", 4: "HASIL"}, OUTLINES), embedder)  # type: ignore[arg-type]


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
