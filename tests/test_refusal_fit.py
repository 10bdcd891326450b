"""The thresholds of evals/fit_answering.py, fitted on hand-made question samples: what the
false-premise grid search trades (answerable questions corrected or refused against false premises
and refusable questions handled right), and the answer threshold (refusal recall against answerable
questions refused, with the seed questions kept right)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answering.tuning import DEFAULT, LinearModel, Tuning
from evals import fit_answering
from evals.fit_answering import _command, _premise_stats, fit_premise, threshold_for

# P(answer) = sigmoid(10 * best_dense - 8): answered at best_dense 0.85 and up, with threshold 0.5
MODEL = Tuning("test", "a hand-made decision for this test", sentence=DEFAULT.sentence,
               decision=LinearModel({"best_dense": 10.0}, -8.0, "logistic"), answer_threshold=0.5)


def sample(kind: str, absent: float, matched: float, dense: float, held: bool = False) -> dict:
    return {"id": f"{kind}-{absent}-{matched}-{dense}", "kind": kind, "held": held,
            "label": kind != "unanswerable", "analysis": SimpleNamespace(follow_up=False),
            "features": {"premise_absent": absent, "premise_matched": matched, "best_dense": dense}}


def test_premise_stats_count_each_outcome() -> None:
    # score: (1 - 0 refused - 0.5 * 0.5 corrected) + 1.0 recall + 0.0 premises ok + 0.1 * 0.5 corrected
    samples = [sample("who", 0, 1.0, 0.9), sample("who", 1, 1.0, 0.9), sample("unanswerable", 1, 0.1, 0.9),
               sample("false_premise", 1, 1.0, 0.9), sample("false_premise", 1, 0.1, 0.9)]
    stats = _premise_stats(samples, ["answer", "correct", "refuse", "correct", "answer"])
    assert stats == {"answerable_refused": 0.0, "answerable_corrected": 0.5, "refusal_recall": 1.0,
                     "false_premise_ok": 0.0, "false_premise_corrected": 0.5, "score": 1.8}


def test_fit_premise_refuses_premises_that_match_little_and_corrects_those_that_match() -> None:
    samples = [sample("who", 0, 1.0, 0.9), sample("who", 0, 0.5, 0.9),
               sample("false_premise", 1, 0.1, 0.9),  # nothing else matches: to refuse
               sample("false_premise", 1, 0.9, 0.9, held=True),  # the quote says what the thesis says
               sample("unanswerable", 1, 0.1, 0.95)]
    values, stats = fit_premise(samples, MODEL)
    assert values == {"premise_matched": 0.9, "premise_dense": 0.88, "premise_refuse_below": 0.2}
    assert stats["false_premise_ok"] == 1.0 and stats["refusal_recall"] == 1.0
    assert stats["answerable_refused"] == 0.0 and stats["false_premise_corrected"] == 0.5


def scored(label: bool, p: float, gate: bool = False) -> dict:
    """A question sample whose decision model (below: P(answer) = best_dense) gives ``p``."""
    out = {"label": label, "features": {"x": p}}
    if gate:
        out["weight"] = 6.0
    return out


# logit = 20 * (x - 0.5): P(answer) ~ 0.5 +/- for x around 0.5, monotone in x
WEIGHTS, BIAS = {"x": 20.0}, -10.0


def test_threshold_for_trades_refusal_recall_against_twice_the_answerable_refused(monkeypatch) -> None:
    # P(answer): answerable 0.27, 0.73, 0.88, 0.98; unanswerable 0.12, 0.50
    samples = [scored(True, 0.45), scored(True, 0.55), scored(True, 0.6), scored(True, 0.7),
               scored(False, 0.4), scored(False, 0.5)]
    # refusing under 0.52 catches both refusals but one answerable of four: 1.0 - 2 * 0.25 = 0.5, no
    # better than refusing under 0.2 (0.5 - 0); the tie goes to fewer answerable refused
    assert threshold_for(samples, WEIGHTS, BIAS) == (
        0.2, {"answerable_refused": 0.0, "refusal_recall": 0.5, "balanced": 0.75})
    monkeypatch.setattr(fit_answering, "REFUSED_COST", 1.0)  # balanced accuracy: 1.0 - 0.25 beats 0.5
    assert threshold_for(samples, WEIGHTS, BIAS) == (
        0.52, {"answerable_refused": 0.25, "refusal_recall": 1.0, "balanced": 0.875})


def test_threshold_for_keeps_the_also_questions_right_when_it_can() -> None:
    # P(answer): dev answerable 0.88, unanswerable 0.02 and 0.40; a seed question to answer at 0.35
    samples = [scored(True, 0.6), scored(False, 0.3), scored(False, 0.48)]
    assert threshold_for(samples, WEIGHTS, BIAS)[0] == 0.42  # both refusals refused
    threshold, stats = threshold_for(samples + [scored(True, 0.47, gate=True)], WEIGHTS, BIAS)
    assert (threshold, stats["refusal_recall"]) == (0.2, 0.5)  # the seed question stays answered


def test_the_command_in_the_provenance_hides_temporary_paths() -> None:
    assert _command(["evals/collection.jsonl", "--also", "evals/questions.jsonl=/tmp/x", "--dump", "/tmp/q",
                     "--loo"]) == "evals/collection.jsonl --also evals/questions.jsonl=<its index> --dump <samples file> --loo"


def doc_sample(doc: str, i: int, label: bool, x: float, noise: float) -> dict:
    """A question sample of a document: ``x`` separates the labels in every document, ``noise`` does not."""
    return {"id": f"{doc}-{i}", "doc": doc, "kind": "who" if label else "unanswerable", "held": False,
            "label": label, "analysis": SimpleNamespace(follow_up=False),
            "features": {"x": x, "noise": noise, "never": 0.0}}


def test_select_decision_keeps_what_holds_on_held_out_documents_and_drops_the_rest() -> None:
    samples = []
    for d, doc in enumerate(("a", "b", "c")):
        for i in range(8):
            label = i % 2 == 0
            samples.append(doc_sample(doc, i, label, (0.8 if label else 0.2) + 0.01 * i, ((i * 7 + d * 3) % 5) / 5))
    names, c, trace = fit_answering.select_decision(["a", "b", "c"], samples, MODEL, ("x", "noise", "never"))
    assert names == ("x",)
    assert c in fit_answering.C_GRID
    assert trace["held_out"]["answerable_refused"] == 0.0 and trace["held_out"]["refusal_recall"] == 1.0
    assert {f for f, _ in trace["dropped"]} == {"noise", "never"}


def test_held_out_top1_scores_each_document_by_a_model_fitted_on_the_others() -> None:
    sentences = []
    for doc in ("a", "b", "c"):
        for q in range(3):
            for i in range(4):  # the right sentence (i == q % 4) has the highest "dense"
                sentences.append({"doc": doc, "id": f"{doc}-{q}", "label": i == q % 4,
                                  "features": {"dense": 0.9 if i == q % 4 else 0.5 + 0.05 * i, "rank_prior": 1 / (i + 1)}})
    assert fit_answering.held_out_top1(["a", "b", "c"], sentences, ("dense",), 1.0) == 1.0
    # rank alone finds the first sentence only (q == 0 of each document)
    assert fit_answering.held_out_top1(["a", "b", "c"], sentences, ("rank_prior",), 1.0) == round(1 / 3, 4)


def test_gate_right_asks_that_some_threshold_decides_every_seed_question_right() -> None:
    samples = [doc_sample("a", i, i % 2 == 0, 0.8 if i % 2 == 0 else 0.2, 0.0) for i in range(8)]
    gate = [{**doc_sample("seed", 0, True, 0.7, 0.0), "weight": 6.0},
            {**doc_sample("seed", 1, False, 0.3, 0.0), "weight": 6.0}]
    assert fit_answering.gate_right(samples + gate, gate, ("x",), 1.0)
    # a seed question to answer that looks like the refusals cannot be decided right with the other
    assert not fit_answering.gate_right(samples + gate + [{**doc_sample("seed", 2, True, 0.2, 0.0), "weight": 6.0}],
                                        gate + [{**doc_sample("seed", 2, True, 0.2, 0.0), "weight": 6.0}], ("x",), 1.0)


def unit_question(question: str, language: str, terms: dict[str, tuple[str, ...]]) -> SimpleNamespace:
    """A question's analysis as ``unit_unasked`` reads it: its words and their forms and translations."""
    from assistant.answering.analysis import Term

    return SimpleNamespace(question=question, language=language, terms=tuple(
        Term(word=w, forms=frozenset((w, *forms)), translations=forms, known=True, own=True, judged=True)
        for w, forms in terms.items()))


def test_unit_unasked_says_when_every_measured_number_measures_another_thing() -> None:
    from assistant.answering.features import unit_unasked

    height = unit_question("Berapa rata-rata tinggi badan balita?", "id", {"tinggi": (), "badan": (), "balita": ()})
    sentence = "Rata-rata berat badan balita adalah 9,84 kg dengan z-score -2,41 SD."
    assert unit_unasked(sentence, height, "id") is False  # neither money nor a count asked: a unit says nothing
    price = unit_question("Berapa harga per kilogram?", "id", {"harga": (), "kilogram": ()})
    assert unit_unasked(sentence, price, "id") is False  # "kg" abbreviates "kilogram"
    price = unit_question("Berapa harga jual ayam per kilogram?", "id", {"harga": (), "jual": (), "ayam": ()})
    herd = "Peternak memelihara 1.000 sampai 3.000 ekor ayam."
    assert unit_unasked(herd, price, "id") is True  # a head count, not a price
    heads = unit_question("Berapa jumlah ayam yang dipelihara?", "id", {"ayam": (), "dipelihara": ()})
    assert unit_unasked(herd, heads, "id") is False  # "ekor" counts what a count question asks
    assert unit_unasked("Harga naik menjadi Rp 25.000 pada tahun 2021.", price, "id") is False  # money for a price
    count = unit_question("Berapa jumlah peternak di desa?", "id", {"peternak": (), "desa": ()})
    assert unit_unasked("Sebanyak 40 orang mengikuti pelatihan.", count, "id") is False  # a counting word, a count asked
    assert unit_unasked("Pelatihan berlangsung pada tahun 2021 selama 40 menit.", count, "id") is True
    assert unit_unasked("Nilai rata-rata adalah 3,84 dari 5.", count, "id") is False  # bare numbers: nothing said
    assert unit_unasked("Pelatihan dimulai pada 15 Mei 2023.", count, "id") is False  # a date counts nothing
    assert unit_unasked("Sebanyak 6,8 persen warga ikut.", count, "id") is True  # a share never answers a count
    cover = unit_question("Berapa cakupan imunisasi?", "id", {"cakupan": (), "imunisasi": ()})
    assert unit_unasked("Cakupan mencapai 72,4 persen.", cover, "id") is False  # a share answers other questions
    assert unit_unasked("Luas kolam dihitung dengan tiket Rp 10.000 per orang.", cover, "id") is True  # money unasked
    likes = unit_question("How many likes did the post get?", "en", {"likes": (), "post": ("unggahan",)})
    assert unit_unasked("Akun ini memiliki 4.820 pengikut.", likes, "id") is False  # "likes" unbridged: cannot tell
    cost = unit_question("How much did the drugs cost?", "en", {"drugs": ("obat",), "cost": ("biaya", "harga")})
    assert unit_unasked("Amlodipin 5 mg diminum oleh 58 responden.", cost, "id") is True
    assert unit_unasked("Amlodipin seharga Rp 5.000 per strip.", cost, "id") is False
