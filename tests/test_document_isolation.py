"""A question asked of one picked document is answered from that document's own statistics: loading another
thesis beside it changes nothing of its analysis, retrieval or the idf its evidence is weighed by (BM25's
document frequencies and mean length, the terms the vocabulary knows and translates into were the corpus').
Two invented documents, the deterministic hashed embedder, no model and no Chroma."""

from __future__ import annotations

import math

import pytest
from memory_index import MemoryIndex

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


@pytest.fixture(autouse=True)
def _picked_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retrieve, "DOCUMENT_STATISTICS", True)


def _retriever(rows: list) -> Retriever:
    embedder = HashEmbedder()
    return Retriever(MemoryIndex(embedder, rows, {4: "HASIL", 5: "PENUTUP"}), embedder)  # type: ignore[arg-type]


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


def _answers(tmp_path, name: str, files: list) -> list[tuple]:
    """What the assistant answers to the seed chapter's questions asked of the seed chapter, over an index of
    ``files`` (hashed embedder, extractive answers): each answer's text, refusal and cited quotes."""
    import json
    import shutil

    from conftest import CORPUS_FILE, ROOT

    from assistant import Assistant
    from assistant.core.settings import Settings
    from ingest import ingest

    corpus = tmp_path / name
    corpus.mkdir()
    for path in files:
        shutil.copy(path, corpus / path.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / f"{name}-index", embedder="hash",
                        generator="extractive")
    ingest(settings)
    bot = Assistant(settings, warm=False)
    rows = [json.loads(line) for line in (ROOT / "evals" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    out = []
    for row in rows:
        answer = bot.ask(row["question"], document=CORPUS_FILE.name)
        out.append((row["id"], answer.text, answer.refused, tuple((c.section, c.quote) for c in answer.citations)))
    return out


def test_another_thesis_in_the_index_changes_none_of_a_picked_ones_answers(tmp_path) -> None:
    """End to end: the seed chapter's 72 questions asked of it over an index holding it alone and over one
    holding another thesis too (a dev document of the collection on a neighbouring subject) are answered the
    same, word for word (with the corpus' statistics q018 was answered alone and refused beside the other)."""
    from conftest import CORPUS_FILE, ROOT

    other = ROOT / "evals" / "collection" / "hubungan-internasional-kerja-sama-sampah-laut.docx"
    alone = _answers(tmp_path, "alone", [CORPUS_FILE])
    beside = _answers(tmp_path, "beside", [CORPUS_FILE, other])
    assert beside == alone


def test_the_views_are_the_loaded_index_and_built_once() -> None:
    """The picked document's statistics and vocabulary are kept by the index (the assistant reads them before
    the analysis, entering no stage): built on first need, the same object after, built again only when
    forgotten (a sweep over the vocabulary's constants)."""
    retriever = _retriever(A + B)
    index = retriever.index
    statistics, vocabulary = index.statistics("a.txt"), index.vocabulary(retriever.embedder, "a.txt")
    assert retriever.statistics("a.txt") is statistics and retriever.vocabulary_for("a.txt") is vocabulary
    assert index.statistics("a.txt") is statistics and index.vocabulary(retriever.embedder, "a.txt") is vocabulary
    assert retriever.vocabulary is index.vocabulary(retriever.embedder) and vocabulary.bm25 is statistics
    index.forget_vocabularies()
    assert index.vocabulary(retriever.embedder, "a.txt") is not vocabulary
    assert index.statistics("a.txt") is statistics
