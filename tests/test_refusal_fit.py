"""The false-premise thresholds of evals/fit_answering.py, fitted on hand-made question samples:
what the grid search trades (answerable questions corrected or refused against false premises and
refusable questions handled right)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.answering.tuning import DEFAULT, LinearModel, Tuning
from evals.fit_answering import _premise_stats, fit_premise

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
