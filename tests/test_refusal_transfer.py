"""The answer threshold of evals/fit_answering.py chosen on leave-one-document-out probabilities: a
model fitted on a document is surer of that document's answerable questions than it will be of a
thesis it never saw, so a threshold chosen on its own probabilities refuses more answerable
questions on the next thesis than the fit said (hand-made samples; the pure logic of the fit)."""

from __future__ import annotations

from types import SimpleNamespace

from evals import fit_answering


def doc_sample(doc: str, i: int, label: bool, x: float, shift: float = 0.0) -> dict:
    """A question sample of a document: ``x`` separates the labels, ``shift`` moves a whole document."""
    return {"id": f"{doc}-{i}", "doc": doc, "kind": "who" if label else "unanswerable", "held": False,
            "label": label, "analysis": SimpleNamespace(follow_up=False), "features": {"x": x + shift}}


def test_held_out_logits_score_each_document_by_a_model_fitted_without_it() -> None:
    samples = [doc_sample(doc, i, i % 2 == 0, 0.8 if i % 2 == 0 else 0.2) for doc in "abc" for i in range(6)]
    gate = [{**doc_sample("seed", 0, True, 0.7), "weight": 6.0}]
    weights, bias = fit_answering.fit(samples + gate, ("x",), 1.0)
    held = fit_answering.held_out_logits(samples + gate, ("x",), 1.0, weights, bias)
    assert [h["label"] for h in held] == [s["label"] for s in samples + gate]
    assert "weight" in held[-1] and all("weight" not in h for h in held[:-1])  # the gate stays a gate
    # the seed question is scored by the full model; a dev question by the model fitted on the others
    assert held[-1]["features"]["logit"] == bias + weights["x"] * 0.7
    other_w, other_b = fit_answering.fit([s for s in samples + gate if s["doc"] != "a"], ("x",), 1.0)
    assert held[0]["features"]["logit"] == other_b + other_w["x"] * 0.8


def test_the_held_out_threshold_refuses_what_an_unseen_document_would_have_refused(monkeypatch) -> None:
    # two documents whose scores sit apart: the answerable questions of "low" look like the refusals of
    # "high"; a model fitted on both draws its line between them, one fitted on one document does not
    samples = []
    for i in range(8):
        samples.append(doc_sample("high", i, i % 4 != 0, 0.9 if i % 4 != 0 else 0.5))
        samples.append(doc_sample("low", i, i % 4 != 0, 0.5 if i % 4 != 0 else 0.1))
    names = ("x",)
    weights, bias = fit_answering.fit(samples, names, 1.0)
    monkeypatch.setattr(fit_answering, "THRESHOLD_ON", "fit")
    fitted, fitted_stats = fit_answering.answer_threshold(samples, names, 1.0, weights, bias)
    monkeypatch.setattr(fit_answering, "THRESHOLD_ON", "held-out")
    held, held_stats = fit_answering.answer_threshold(samples, names, 1.0, weights, bias)
    assert fitted_stats == fit_answering.threshold_for(samples, weights, bias)[1]
    # the held-out probabilities say what a new document gets: the threshold is chosen on them
    assert held_stats["answerable_refused"] >= fitted_stats["answerable_refused"]
    assert 0.2 <= held <= 0.8 and 0.2 <= fitted <= 0.8


def _three_documents_watched(monkeypatch) -> tuple[object, list[dict], list[set[str]]]:
    """A tuning, three documents' samples, and the documents each call of answer_threshold was given."""
    from assistant.answering.tuning import DEFAULT, Tuning

    tuning = Tuning("test", "test", sentence=DEFAULT.sentence)
    samples = [doc_sample(doc, i, i % 2 == 0, 0.8 if i % 2 == 0 else 0.2) for doc in "abc" for i in range(6)]
    calls: list[set[str]] = []
    original = fit_answering.answer_threshold
    monkeypatch.setattr(fit_answering, "answer_threshold",
                        lambda s, *a: calls.append({q["doc"] for q in s}) or original(s, *a))
    return tuning, samples, calls


def test_leave_one_out_chooses_each_fold_s_threshold_on_its_own_held_out_documents(monkeypatch) -> None:
    tuning, samples, calls = _three_documents_watched(monkeypatch)
    result = fit_answering.leave_one_out(["a", "b", "c"], [], samples, tuning, False, ("x",), 1.0)
    assert calls == [{"b", "c"}, {"a", "c"}, {"a", "b"}]  # never the held-out document itself
    assert result["all"]["answerable_refused"] == 0.0 and result["all"]["refusal_recall"] == 1.0


def test_the_command_in_the_provenance_names_the_dump_it_read_by_what_writes_it() -> None:
    assert fit_answering._command(["evals/collection.jsonl", "--from-dump", "/tmp/x/q.pkl", "--loo"]) == (
        "evals/collection.jsonl --from-dump <samples file written by --decision-only --dump> --loo")


def test_held_out_decision_chooses_each_fold_s_threshold_as_the_fit_does(monkeypatch) -> None:
    # what --select scores is what an unseen thesis gets: each fold's threshold from answer_threshold,
    # on the other documents only
    tuning, samples, calls = _three_documents_watched(monkeypatch)
    stats = fit_answering.held_out_decision(["a", "b", "c"], samples, tuning, ("x",), 1.0)
    assert calls == [{"b", "c"}, {"a", "c"}, {"a", "b"}]
    assert stats["answerable_refused"] == 0.0 and stats["refusal_recall"] == 1.0


def test_the_targets_criterion_weighs_answerable_refused_at_the_refused_cost(monkeypatch) -> None:
    # issue #12's targets: at most 5% answerable refused, at least 90% refusal recall: a point of the
    # first costs REFUSED_COST (2) of the second; false premises do not count
    from assistant.answering.tuning import DEFAULT, Tuning

    tuning = Tuning("test", "test", sentence=DEFAULT.sentence)
    samples = [doc_sample(doc, i, i % 3 != 0, 0.8 if i % 3 != 0 else 0.2) for doc in "abc" for i in range(6)]
    samples[1]["features"]["x"] = 0.2  # an answerable question of "a" that looks refused
    monkeypatch.setattr(fit_answering, "CRITERION", "targets")
    monkeypatch.setattr(fit_answering, "REFUSED_COST", 2.0)
    stats = fit_answering.held_out_decision(["a", "b", "c"], samples, tuning, ("x",), 1.0)
    assert stats["score"] == round(stats["refusal_recall"] - 2.0 * stats["answerable_refused"], 3)
    assert stats["answerable_refused"] > 0
    monkeypatch.setattr(fit_answering, "CRITERION", "premise")
    assert fit_answering.held_out_decision(["a", "b", "c"], samples, tuning, ("x",), 1.0)["score"] != stats["score"]


def test_a_refit_from_a_dump_weighs_the_also_questions_as_it_is_told() -> None:
    dumped = [doc_sample("a", 0, True, 0.8), {**doc_sample("seed", 0, True, 0.7), "weight": 6.0}]
    questions = fit_answering.reweigh_also(dumped, 15.0)
    assert "weight" not in questions[0] and questions[1]["weight"] == 15.0
    assert dumped[1]["weight"] == 6.0  # the dump itself is left as it was
