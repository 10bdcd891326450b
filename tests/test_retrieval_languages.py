"""The same-language correction of retrieval (``same_language_bonus``) is for a passage in the question's language
inside a thesis written in the other one (an English ABSTRACT of an Indonesian thesis, asked in English): e5 scores
it higher for its language alone. In a thesis written in the question's language every passage shares it, and the
correction would lift the one passage in the other language (the Indonesian ABSTRAK of an English thesis came first
for English questions about that thesis). Pure logic, on chunks held in memory with the hashed embedder."""

from __future__ import annotations

from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.retrieve import Retriever
from fakes import MemoryIndex

# (document, section, sentences with their language)
ROWS = [
    ("skripsi.txt", "Abstrak", [("Penelitian ini menguji pengaruh umpan balik teman sebaya.", "id")]),
    ("skripsi.txt", "Abstract", [("This study tested the effect of peer feedback.", "en")]),
    ("skripsi.txt", "4.1", [("Nilai rata-rata kelas eksperimen naik menjadi 78.", "id"),
                            ("Kelas kontrol naik menjadi 70.", "id")]),
    ("thesis.txt", "Abstrak", [("Penelitian ini menguji pengaruh umpan balik teman sebaya.", "id")]),
    ("thesis.txt", "Abstract", [("This study tested the effect of peer feedback.", "en")]),
    ("thesis.txt", "4.1", [("The mean score of the experimental class rose to 78.", "en"),
                           ("The control class rose to 70.", "en")]),
]


def _retriever() -> Retriever:
    chunks = []
    for i, (doc, section, sentences) in enumerate(ROWS):
        text = " ".join(s for s, _ in sentences)
        spans = tuple(Sentence(s, text.index(s), text.index(s) + len(s), language=language) for s, language in sentences)
        chunks.append(Chunk(f"{doc}-{i}", text, doc, 4, "BAB", section, section, section, 0, 0, len(text), spans))
    embedder = HashEmbedder()
    return Retriever(MemoryIndex(embedder, chunks), embedder)  # type: ignore[arg-type]


def test_each_document_has_the_language_most_of_its_sentences_are_in() -> None:
    assert _retriever()._main_language == {"skripsi.txt": "id", "thesis.txt": "en"}


def test_only_a_passage_in_the_question_language_of_a_thesis_in_the_other_is_corrected() -> None:
    retriever = _retriever()
    corrected = {(ROWS[p][0], ROWS[p][1], language) for p in range(len(ROWS)) for language in ("id", "en")
                 if retriever._against_bias(p, language)}
    # the English abstract of the Indonesian thesis for English questions, the Indonesian abstract of the English
    # thesis for Indonesian ones; no passage of a thesis asked in its own language
    assert corrected == {("skripsi.txt", "Abstract", "en"), ("thesis.txt", "Abstrak", "id")}
