"""Which sections' titles a question names (``Retriever._titled_sections``, worth ``TITLE_WEIGHT``): only the titles
naming the most of its words (or one fewer, ``TITLE_BEST``), and never by a word most of the document's paragraphs
hold (``TITLE_COMMON``: the thesis' own subject, "akun" in a thesis about an account, is in its titles and its
paragraphs alike and says nothing about where an answer is). Pure logic, on an invented document held in memory with
the hashed embedder."""

from __future__ import annotations

import pytest

from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval import retrieve
from assistant.retrieval.retrieve import Retriever
from fakes import MemoryIndex

DOC = "plts.txt"
PARAGRAPHS = [
    ("2.1", "Modul Surya", "Modul surya mengubah energi cahaya menjadi listrik."),
    ("2.2", "Suhu Modul Surya", "Kenaikan suhu menurunkan energi keluaran."),
    ("4.2", "Pengukuran Suhu Harian", "Nilai tertinggi tercatat 62 derajat pada siang hari."),
    ("4.3", "Energi Harian", "Energi rata-rata 18 kWh per hari."),
]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    chunks = [Chunk(f"{DOC}-{i}", text, DOC, int(section[0]), "BAB", section, title, section, 0, 0, len(text),
                    (Sentence(text, 0, len(text)),))
              for i, (section, title, text) in enumerate(PARAGRAPHS)]
    index = MemoryIndex(HashEmbedder(), chunks, {2: "TINJAUAN PUSTAKA", 4: "HASIL"})
    index.outlines = {DOC: {section: title for section, title, _ in PARAGRAPHS}}
    embedder = HashEmbedder()
    return Retriever(index, embedder)  # type: ignore[arg-type]


def _titled(retriever: Retriever, question: str) -> set[str]:
    analysis = retriever.analyse(question, "id")
    return {section for _, section in retriever._titled_sections(list(analysis.query_terms), DOC, analysis)}


def test_only_the_titles_naming_the_most_question_words_are_named(retriever: Retriever,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # suhu, modul, surya: 2.2 names three, 2.1 and 4.2 two ("harian"), 4.3 one
    assert _titled(retriever, "Berapa suhu modul surya harian?") == {"2.1", "2.2", "4.2"}
    monkeypatch.setattr(retrieve, "TITLE_BEST", 0)
    assert _titled(retriever, "Berapa suhu modul surya harian?") == {"2.1", "2.2", "4.2", "4.3"}


def test_a_word_most_paragraphs_hold_names_no_section(retriever: Retriever, monkeypatch: pytest.MonkeyPatch) -> None:
    # "energi" is in three of the four paragraphs: its title says nothing about where the answer is
    assert retriever._doc_share("energi", DOC) == 0.75
    assert _titled(retriever, "Berapa energi yang dihasilkan?") == set()
    assert _titled(retriever, "Berapa energi harian?") == {"4.2", "4.3"}  # "harian" is in no paragraph
    monkeypatch.setattr(retrieve, "TITLE_COMMON", 1.01)
    assert _titled(retriever, "Berapa energi yang dihasilkan?") == {"4.3"}
