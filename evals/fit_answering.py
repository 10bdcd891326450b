"""Fit the read path's decisions on the development collection's dev split, and write them as the
embedder's tuning (``assistant/answering/tuning/<embedder>.json``).

Two small logistic models, on features that mean the same on any thesis (``assistant.answering.features``):

1. *which sentence answers*: every candidate sentence of every answerable dev question, labelled
   by whether it holds one of the question's key facts (in an expected section);
2. *whether to answer*: every dev question answered or refused by the pipeline with model 1 in
   place, labelled answerable (answer) or unanswerable / off-topic / injection (refuse); the
   threshold trades refusal recall against answerable questions refused (``threshold_for``) on
   leave-one-document-out probabilities, so that it holds on a thesis the model was not fitted on.

    THESIS_CORPUS_DIR=<dev documents> THESIS_INDEX_DIR=<their index> \\
        python -m evals.fit_answering evals/collection.jsonl [--write] [--loo]

``--loo`` also reports leave-one-document-out accuracies (fit on the other documents). Only rows
with ``"split": "dev"`` are ever read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ANSWER_KINDS = {"date", "number", "who", "which", "why", "how", "yesno", "list", "summary", "followup"}
REFUSE_KINDS = {"unanswerable", "offtopic", "injection"}
PREMISE_KIND = "false_premise"
C = 1.0  # inverse regularisation strength of both models
# The answer threshold maximises refusal recall - REFUSED_COST * answerable refused: an answerable
# question refused costs more than an unanswerable one answered (the user loses what the thesis says,
# and every wrong refusal lowers refusal precision too).
REFUSED_COST = 2.0
# Where the answer threshold is chosen: on each dev question's probability from a model fitted without its
# document ("held-out": what a thesis never fitted gets, so the threshold transfers) or from the model
# fitted on every document ("fit": in-sample probabilities, higher for the answerable questions the model
# has seen, so an unseen thesis gets more of its answerable questions refused than the fit chose).
THRESHOLD_ON = "held-out"
# What --select maximises over held-out documents: "targets" weighs answerable refused and refusal recall
# as issue #12's targets do (at most 5% answerable refused, at least 90% refusal recall: a point of the
# first is allowed half as much as a point of the second is, so it costs REFUSED_COST = 2 of it; false
# premises are not in it); "premise" is _premise_stats' score (answerable refused, refusal recall and false
# premises handled right, equally weighted).
CRITERION = "premise"


def has_fact(text: str, fact: str) -> bool:
    """A key fact (alternatives with |) occurs in a text, case-insensitive."""
    lowered = text.lower()
    return any(alt.strip().lower() in lowered for alt in fact.split("|") if alt.strip())


def collect(bot, rows: list[dict], decide: bool = True, with_premises: bool = False) -> tuple[list[dict], list[dict]]:
    """(sentence samples, question samples) with features from the pipeline as it is configured (with
    ``decide`` False, the sentence samples only; ``with_premises``: a false premise's sentences too, labelled by
    its key facts, what the thesis says instead: the sentence to quote when it is corrected)."""
    from assistant.answering.analysis import analyse
    from assistant.answering.evidence import candidate_features, evidence_pool, ranking_features
    from assistant.answering.structure import answer_structure

    sentences, questions = [], []
    for row in rows:
        turns = bot._check_history(row.get("history") or None)
        doc_id = _document(bot, row["doc"])
        analysis = analyse(row["question"], turns, bot.retriever.vocabulary_for(doc_id))
        if answer_structure(row["question"], analysis.language, bot._index.manifest.documents, doc_id):
            continue
        kind = row["kind"]
        if (kind in ANSWER_KINDS or kind == PREMISE_KIND and with_premises) and row.get("key_facts"):
            retrieval = bot.retriever.retrieve(analysis, k=bot.settings.k, document=doc_id)
            candidates = evidence_pool(analysis=analysis, retrieval=retrieval)
            if candidates and not retrieval.overview:
                expected = set(row.get("expected_sections") or [])
                for passage, sentence, features in candidate_features(
                        analysis=analysis, candidates=candidates, query_vector=retrieval.query_vector,
                        index=bot._index, embedder=bot.embedder, idf=retrieval.idf):
                    label = any(has_fact(sentence.text, f) for f in row["key_facts"]) and (
                        not expected or passage.chunk.section_id in expected)
                    # (ranked by what the read path ranks them by: an English question's word-by-word lexical match)
                    sentences.append({"doc": row["doc"], "id": row["id"], "features": ranking_features(features),
                                      "label": label,
                                      "kind": kind, "language": analysis.language, "key_facts": row["key_facts"],
                                      "text": sentence.text, "section": passage.chunk.section_id,
                                      "expected": sorted(expected)})
        if decide and (kind in ANSWER_KINDS or kind in REFUSE_KINDS or kind == PREMISE_KIND):
            plan = bot._plan(analysis, turns=turns, k=bot.settings.k, doc_id=doc_id)
            if plan.features is not None and plan.decision.reason not in (
                    "the question names a section", "no evidence retrieved",
                    "the question asks to change the assistant's instructions"):
                quoted = " ".join(e.sentence.text for e in plan.request.evidence)
                held = any(has_fact(quoted, f) for f in row.get("key_facts") or [])
                # a false premise is to be answered (corrected) when the quotes hold what the thesis
                # says, else refused
                questions.append({"doc": row["doc"], "id": row["id"], "features": plan.features, "kind": kind,
                                  "analysis": analysis, "held": held,
                                  "label": kind in ANSWER_KINDS or (kind == PREMISE_KIND and held)})
    return sentences, questions


LEXICAL_GRID = (0.0, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3)
SAME_LANGUAGE_GRID = (-0.1, -0.08, -0.06, -0.04, -0.02, 0.0, 0.02)


def retrieval_samples(bot, rows: list[dict]) -> list[dict]:
    """For every answerable dev question with expected sections: its candidate passages' dense
    and BM25 scores and languages (what the fusion weights are chosen on)."""
    from assistant.answering.analysis import analyse
    from assistant.retrieval.retrieve import CANDIDATES

    out = []
    for row in rows:
        if not row.get("answerable") or not row.get("expected_sections") or row["kind"] not in ANSWER_KINDS:
            continue
        turns = bot._check_history(row.get("history") or None)
        analysis = analyse(row["question"], turns, bot.retriever.vocabulary_for(_document(bot, row["doc"])))
        result = bot.retriever.retrieve(analysis, k=CANDIDATES, document=_document(bot, row["doc"]))
        if result.named_sections:
            continue
        positions = {c.chunk_id: i for i, c in enumerate(bot._index.chunks)}
        out.append({"doc": row["doc"], "language": analysis.language, "coverage": analysis.coverage,
                    "expected": row["expected_sections"],
                    "candidates": [{"section": p.chunk.section_id, "dense": p.dense_score, "lexical": p.lexical_score,
                                    "same": float(bot.retriever.chunk_language(positions[p.chunk.chunk_id])
                                                  == analysis.language)} for p in result.passages]})
    return out


def section_hit(samples: list[dict], weight_id: float, weight_en: float, same: float) -> float:
    """Section hit@1 of the fusion with these weights (as ``Retriever._retrieve`` computes it)."""
    hits = []
    for q in samples:
        dense = [c["dense"] for c in q["candidates"] if c["dense"]]
        floor = min(dense) - 0.02 if dense else 0.0
        top = max((c["lexical"] for c in q["candidates"]), default=0.0) or 1.0
        weight = (weight_id if q["language"] == "id" else weight_en) * q["coverage"]
        best = max(q["candidates"], key=lambda c: (c["dense"] or floor) + weight * c["lexical"] / top + same * c["same"])
        hits.append(best["section"] in q["expected"])
    return sum(hits) / len(hits) if hits else 0.0


def fit_retrieval(samples: list[dict]) -> tuple[dict[str, float], float, float]:
    """The lexical weights (by language) and same-language bonus with the best dev section hit@1
    (ties: the smaller changes from plain dense retrieval)."""
    best = max((section_hit(samples, wi, we, sl), -abs(sl) - wi - we, wi, we, sl)
                for wi in LEXICAL_GRID for we in LEXICAL_GRID for sl in SAME_LANGUAGE_GRID)
    return {"id": best[2], "en": best[3]}, best[4], round(best[0], 3)


def fit(samples: list[dict], names: tuple[str, ...], c: float = C) -> tuple[dict[str, float], float]:
    """A balanced logistic regression with inverse regularisation ``c``: (weights by feature, bias);
    a sample's ``weight`` (1 unless set) multiplies its class weight."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[s["features"].get(n, 0.0) for n in names] for s in samples])
    y = np.array([int(s["label"]) for s in samples])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0  # standardised for the fit, folded back into raw-feature weights
    counts = np.bincount(y, minlength=2).astype(float)
    balance = len(y) / (2 * np.maximum(counts, 1.0))  # what class_weight="balanced" gives each class
    weight = np.array([s.get("weight", 1.0) for s in samples]) * balance[y]
    # Newton's method with a Cholesky solve: the same optimum as lbfgs (to its tolerance) in a few
    # milliseconds for a few dozen features, which is what makes leave-one-document-out selection affordable
    model = LogisticRegression(C=c, max_iter=2000, solver="newton-cholesky").fit(
        (x - mean) / scale, y, sample_weight=weight)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0]) - float(np.dot(weights, mean))
    return {n: round(float(w), 4) for n, w in zip(names, weights)}, round(bias, 4)


def top1(samples: list[dict], weights: dict[str, float], bias: float) -> float | None:
    """Share of questions (with some right sentence) whose best-scored sentence is a right one."""
    by_question: dict[str, list[dict]] = {}
    for s in samples:
        by_question.setdefault(s["id"], []).append(s)
    hits = []
    for items in by_question.values():
        if not any(i["label"] for i in items):
            continue
        best = max(items, key=lambda i: bias + sum(w * i["features"].get(n, 0.0) for n, w in weights.items()))
        hits.append(float(best["label"]))
    return round(sum(hits) / len(hits), 3) if hits else None


def threshold_for(samples: list[dict], weights: dict[str, float], bias: float) -> tuple[float, dict[str, float]]:
    """The answer threshold with the best refusal recall - ``REFUSED_COST`` * answerable refused on
    the dev questions (ties: fewer answerable refused), among those at which every question of the
    --also sets (the seed chapter: samples with a ``weight``) is decided right, when any is."""
    import math

    def probability(s: dict) -> float:
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, bias + sum(w * s["features"].get(n, 0.0)
                                                                   for n, w in weights.items())))))

    dev = [s for s in samples if "weight" not in s]
    gate = [s for s in samples if "weight" in s]
    probabilities = [probability(s) for s in dev]
    gate_p = np.array([probability(s) for s in gate])
    gate_y = np.array([bool(s["label"]) for s in gate])
    thresholds = [round(float(t), 2) for t in np.arange(0.2, 0.81, 0.02)]
    right = [t for t in thresholds if ((gate_p >= t) == gate_y).all()]
    best = (-math.inf, 0.0, 0.5, {})
    for threshold in right or thresholds:
        stats = decision_stats(dev or samples, probabilities if dev else list(gate_p), threshold)
        key = (round(stats["refusal_recall"] - REFUSED_COST * stats["answerable_refused"], 4),
               -stats["answerable_refused"])
        if key > best[:2]:
            best = (*key, threshold, stats)
    return best[2], best[3]


def answer_threshold(samples: list[dict], names: tuple[str, ...], c: float, weights: dict[str, float],
                     bias: float) -> tuple[float, dict[str, float]]:
    """The answer threshold of the model (``weights``, ``bias``) fitted on ``samples``: chosen by
    ``threshold_for`` on held-out probabilities (``THRESHOLD_ON`` "held-out": each dev question's from a
    model fitted without its document; the --also questions, a gate, keep the full model's) or on the
    full model's own (``"fit"``)."""
    if THRESHOLD_ON == "fit":
        return threshold_for(samples, weights, bias)
    return threshold_for(held_out_logits(samples, names, c, weights, bias), {"logit": 1.0}, 0.0)


def held_out_logits(samples: list[dict], names: tuple[str, ...], c: float, weights: dict[str, float],
                    bias: float) -> list[dict]:
    """Each sample as {label, features: {logit}} (and its ``weight`` when it has one): a dev
    question's logit from a model fitted on the other documents (and the --also sets), an --also
    question's from the model fitted on everything (``weights``, ``bias``)."""
    def logit(s: dict, w: dict[str, float], b: float) -> float:
        return b + sum(v * s["features"].get(n, 0.0) for n, v in w.items())

    docs = sorted({s["doc"] for s in samples if "weight" not in s})
    if len(docs) < 2:  # nothing to hold out
        return [{"label": s["label"], "features": {"logit": logit(s, weights, bias)}} for s in samples]
    held: dict[int, float] = {}
    for doc in docs:
        w, b = fit([s for s in samples if s["doc"] != doc], names, c)
        held.update({i: logit(s, w, b) for i, s in enumerate(samples) if s["doc"] == doc and "weight" not in s})
    out = []
    for i, s in enumerate(samples):
        sample = {"label": s["label"], "features": {"logit": held[i] if i in held else logit(s, weights, bias)}}
        if "weight" in s:
            sample["weight"] = s["weight"]
        out.append(sample)
    return out


def decision_stats(samples: list[dict], probabilities: list[float], threshold: float) -> dict[str, float]:
    """Answerable refused and refusal recall at a threshold."""
    p = np.asarray(probabilities, dtype=float)
    labels = np.array([bool(s["label"]) for s in samples], dtype=bool)
    refused_answerable = float((p[labels] < threshold).sum()) / max(1, int(labels.sum()))
    recall = float((p[~labels] < threshold).sum()) / max(1, int((~labels).sum()))
    return {"answerable_refused": round(refused_answerable, 3), "refusal_recall": round(recall, 3),
            "balanced": round((1 - refused_answerable + recall) / 2, 3)}


EN_DENSE_RESCUE_GRID = tuple(round(0.80 + 0.01 * i, 2) for i in range(11))
EN_MIN_JUDGED_GRID = (1, 2, 3)


def fit_hand_rules(samples: list[dict], base) -> tuple[float, int, dict[str, float]]:
    """The hand rules' two English thresholds (dense rescue, fewest judged words) with the best dev
    balanced accuracy (ties: closest to the hand-set 0.86 and 2)."""
    from assistant.answering.refusal import hand_rules

    best = None
    for rescue in EN_DENSE_RESCUE_GRID:
        for judged in EN_MIN_JUDGED_GRID:
            tuning = replace(base, en_dense_rescue=rescue, en_min_judged=judged)
            refused = [hand_rules(analysis=s["analysis"], features=s["features"], tuning=tuning).refuse for s in samples]
            stats = _rates(samples, refused)
            key = (stats["balanced"], -abs(rescue - 0.86) - abs(judged - 2) / 10)
            if best is None or key > best[0]:
                best = (key, rescue, judged, stats)
    assert best is not None
    return best[1], best[2], best[3]


def _rates(samples: list[dict], refused: list[bool]) -> dict[str, float]:
    """Answerable refused and refusal recall of a list of refuse/answer decisions."""
    answerable = [r for s, r in zip(samples, refused) if s["label"]]
    refusable = [r for s, r in zip(samples, refused) if not s["label"]]
    wrong = sum(answerable) / max(1, len(answerable))
    recall = sum(refusable) / max(1, len(refusable))
    return {"answerable_refused": round(wrong, 3), "refusal_recall": round(recall, 3),
            "balanced": round((1 - wrong + recall) / 2, 3)}


PREMISE_MATCHED_GRID = (0.5, 0.6, 0.67, 0.75, 0.8, 0.9, 1.0, 1.01)  # 1.01: never corrected
PREMISE_DENSE_GRID = (0.80, 0.82, 0.84, 0.86, 0.88)
PREMISE_REFUSE_GRID = (0.0, 0.2, 0.25, 0.34, 0.4, 0.5, 0.67, 0.75, 1.01)  # 1.01: every uncontradicted one refused
CORRECTED_ANSWERABLE_COST = 0.5  # an answerable question "corrected" is half as bad as one refused


def fit_premise(samples: list[dict], tuning) -> tuple[dict[str, float], dict[str, float]]:
    """The false-premise thresholds (correct when the rest matches at least ``premise_matched`` and
    the best sentence is ``premise_dense`` close; refuse under ``premise_refuse_below``) with the
    best dev score: false premises and refusable questions handled right, answerable ones not
    refused (and, at half the cost, not wrongly corrected)."""
    from assistant.answering.refusal import hand_rules

    base = []
    for s in samples:
        if tuning.decision is not None:
            base.append(tuning.decision.probability(s["features"]) < tuning.answer_threshold)
        else:
            base.append(hand_rules(analysis=s["analysis"], features=s["features"], tuning=tuning).refuse)
    best = None
    for refuse_below in PREMISE_REFUSE_GRID:
        for matched in PREMISE_MATCHED_GRID:
            for dense in PREMISE_DENSE_GRID:
                outcomes = [premise_outcome(s, refused, refuse_below, matched, dense) for s, refused in zip(samples, base)]
                stats = _premise_stats(samples, outcomes)
                key = (stats["score"], -refuse_below, matched, dense)
                if best is None or key > best[0]:
                    best = (key, {"premise_matched": matched, "premise_dense": dense,
                                  "premise_refuse_below": refuse_below}, stats)
    assert best is not None
    return best[1], best[2]


def _premise_stats(samples: list[dict], outcomes: list[str]) -> dict[str, float]:
    answerable = [o for s, o in zip(samples, outcomes) if s["kind"] in ANSWER_KINDS]
    refusable = [o for s, o in zip(samples, outcomes) if s["kind"] in REFUSE_KINDS]
    premises = [(s, o) for s, o in zip(samples, outcomes) if s["kind"] == PREMISE_KIND]
    refused = sum(o == "refuse" for o in answerable) / max(1, len(answerable))
    corrected = sum(o == "correct" for o in answerable) / max(1, len(answerable))
    recall = sum(o == "refuse" for o in refusable) / max(1, len(refusable))
    premise_ok = sum(o == "refuse" or s["held"] for s, o in premises) / max(1, len(premises))
    premise_corrected = sum(o == "correct" for _, o in premises) / max(1, len(premises))
    score = (1 - refused - CORRECTED_ANSWERABLE_COST * corrected) + recall + premise_ok + 0.1 * premise_corrected
    return {"answerable_refused": round(refused, 3), "answerable_corrected": round(corrected, 3),
            "refusal_recall": round(recall, 3), "false_premise_ok": round(premise_ok, 3),
            "false_premise_corrected": round(premise_corrected, 3), "score": round(score, 3)}


CROSS_SHARE_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)


def fit_cross_share(sets: list[tuple[object, list[dict], float]], margin: float) -> tuple[float, dict[str, float]]:
    """The share of the margin a quote from another section must come within (``choose``) with
    the best key-fact recall plus section precision of the quoted sentences over (assistant, rows,
    weight) sets: the dev split and the ``--also`` sets (ties: nearest 0.5)."""
    pools = []
    for bot, rows, weight in sets:
        pools += [(*pool, weight) for pool in _cross_pools(bot, rows)]
    best = None
    for share in CROSS_SHARE_GRID:
        recall, precision, weights = [], [], []
        for row, analysis, retrieval, scored, weight in pools:
            chosen = choose_with(analysis, scored, retrieval, margin, share)
            text = " ".join(e.sentence.text for e in chosen)
            recall.append(weight * sum(has_fact(text, f) for f in row["key_facts"]) / len(row["key_facts"]))
            precision.append(weight * sum(e.passage.chunk.section_id in row["expected_sections"] for e in chosen)
                             / len(chosen))
            weights.append(weight)
        stats = {"key_fact_recall": round(sum(recall) / sum(weights), 3),
                 "section_precision": round(sum(precision) / sum(weights), 3), "questions": len(pools)}
        key = (round(stats["key_fact_recall"] + stats["section_precision"], 3), -abs(share - 0.5))
        if best is None or key > best[0]:
            best = (key, share, stats)
    assert best is not None
    return best[1], best[2]


def choose_with(analysis, scored, retrieval, margin: float, share: float) -> list:
    """``choose`` with a margin and cross-section share."""
    from assistant.answering.evidence import choose

    return choose(analysis=analysis, evidence=scored, retrieval=retrieval, margin=margin, cross_share=share)


def _cross_pools(bot, rows: list[dict]) -> list[tuple]:
    """(row, analysis, retrieval, scored sentences) of each answerable row with key facts and sections."""
    from assistant.answering.analysis import analyse
    from assistant.answering.evidence import select_evidence

    pools = []
    for row in rows:
        if row["kind"] not in ANSWER_KINDS or not row.get("key_facts") or not row.get("expected_sections"):
            continue
        turns = bot._check_history(row.get("history") or None)
        analysis = analyse(row["question"], turns, bot.retriever.vocabulary_for(_document(bot, row["doc"])))
        retrieval = bot.retriever.retrieve(analysis, k=bot.settings.k, document=_document(bot, row["doc"]))
        if retrieval.named_sections or retrieval.overview:
            continue
        scored = select_evidence(analysis=analysis, retrieval=retrieval, index=bot._index, embedder=bot.embedder)
        if scored:
            pools.append((row, analysis, retrieval, scored))
    return pools


C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)  # inverse regularisation strengths tried (chosen by held-out documents)
# A feature stays in a model only when leaving it out lowers the held-out-document score by more than this.
KEEP_GAIN = 0.002


def held_out_decision(docs: list[str], questions: list[dict], tuning, names: tuple[str, ...], c: float) -> dict:
    """The decision's rates over every dev question, each decided by a model (and answer threshold)
    fitted on the other documents and the --also sets; the premise thresholds stay ``tuning``'s (a
    cheap score for choosing features and regularisation; ``leave_one_out`` refits those too). The
    threshold is chosen as the fit chooses it (``answer_threshold``: on the other documents' own held-out
    probabilities, when ``THRESHOLD_ON`` is "held-out"), so what is scored is what an unseen thesis gets.
    ``score`` is the ``CRITERION``'s."""
    import math

    x = np.array([[q["features"].get(n, 0.0) for n in names] for q in questions])
    pooled: dict[int, str] = {}
    for doc in docs:
        train = [i for i, q in enumerate(questions) if q["doc"] != doc]
        test = [i for i, q in enumerate(questions) if q["doc"] == doc]
        if not train or not test:
            continue
        dw, db = fit([questions[i] for i in train], names, c)
        w = np.array([dw[n] for n in names])
        t, _ = answer_threshold([questions[i] for i in train], names, c, dw, db)
        logits = np.clip(x[test] @ w + db, -30.0, 30.0)
        for i, logit in zip(test, logits):
            refused = 1 / (1 + math.exp(-float(logit))) < t
            pooled[i] = _premise_outcome(questions[i], refused, tuning)
    order = sorted(pooled)
    stats = _premise_stats([questions[i] for i in order], [pooled[i] for i in order])
    if CRITERION == "targets":
        stats["score"] = round(stats["refusal_recall"] - REFUSED_COST * stats["answerable_refused"], 3)
    return stats


def _premise_outcome(sample: dict, refused: bool, tuning) -> str:
    """refuse / answer / correct of one sample whose decision is ``refused``, with the tuning's premise thresholds."""
    return premise_outcome(sample, refused, tuning.premise_refuse_below, tuning.premise_matched, tuning.premise_dense)


def premise_outcome(sample: dict, refused: bool, refuse_below: float, matched: float, dense: float) -> str:
    """refuse / answer / correct of one sample, as ``refusal.corrected`` rules: a question the model
    answers whose premise a sentence of the passages contradicts is corrected; one with a particular the
    evidence does not state is refused when the rest matches under ``refuse_below``, corrected when it
    matches at least ``matched`` and the best sentence is ``dense`` close, else answered."""
    f = sample["features"]
    if refused:
        return "refuse"
    if sample["analysis"].follow_up:
        return "answer"
    if f.get("premise_contradicted", 0.0) >= 1:
        return "correct"
    if f.get("premise_absent", 0.0) >= 1:
        if f.get("premise_matched", 0.0) < refuse_below:
            return "refuse"
        if f.get("premise_matched", 0.0) >= matched and f.get("best_dense", 0.0) >= dense:
            return "correct"
    return "answer"


def select_decision(docs: list[str], questions: list[dict], tuning,
                    names: tuple[str, ...]) -> tuple[tuple[str, ...], float, dict]:  # noqa: C901
    """The regularisation and features of the decision model chosen by the held-out-document score
    (``held_out_decision``): the best ``C_GRID`` value with every feature, then one pass of backward
    elimination (a feature goes when the held-out score without it is at most ``KEEP_GAIN`` lower),
    then the regularisation again. What an in-sample fit would claim is reported beside it."""
    gate = [q for q in questions if "weight" in q]

    def score(n: tuple[str, ...], c: float) -> float:
        """The held-out score; -inf when the model fitted on everything cannot decide every --also
        question (the seed chapter, a gate of ``make test``) right at any threshold."""
        if gate and not gate_right(questions, gate, n, c):
            return -math.inf
        return held_out_decision(docs, questions, tuning, n, c)["score"]

    kept, c, trace = _backward_select(tuple(names), score)
    trace.update({"c": c, "features": list(kept),
                  "held_out": held_out_decision(docs, questions, tuning, kept, c),
                  "held_out_before": held_out_decision(docs, questions, tuning, tuple(names), C)})
    return kept, c, trace


def _backward_select(names: tuple[str, ...], score) -> tuple[tuple[str, ...], float, dict]:
    """C chosen over C_GRID by ``score(features, c)``, then one pass of backward elimination, then C again."""
    trace: dict[str, object] = {"c_all_features": {str(c): score(names, c) for c in C_GRID}}
    c = max(C_GRID, key=lambda v: (trace["c_all_features"][str(v)], -v))  # type: ignore[index]
    kept, current = tuple(names), score(names, c)
    dropped = []
    # one pass: the features in the order leaving each out scores (best first), each dropped when the
    # held-out score without it is at most KEEP_GAIN lower than with it
    alone = {f: score(tuple(n for n in kept if n != f), c) for f in kept}
    for feature in sorted(kept, key=lambda f: (-alone[f], f)):
        if len(kept) == 1:
            break
        value = score(tuple(n for n in kept if n != feature), c)
        if value >= current - KEEP_GAIN:
            kept = tuple(n for n in kept if n != feature)
            dropped.append([feature, value])
            current = value
    trace["dropped"] = dropped
    trace["c_kept_features"] = {str(v): score(kept, v) for v in C_GRID}
    c = max(C_GRID, key=lambda v: (trace["c_kept_features"][str(v)], -v))  # type: ignore[index]
    return kept, c, trace


def gate_right(questions: list[dict], gate: list[dict], names: tuple[str, ...], c: float) -> bool:
    """Some answer threshold decides every gate question right with the model fitted on ``questions``."""
    weights, bias = fit(questions, names, c)
    w = np.array([weights[n] for n in names])
    x = np.array([[q["features"].get(n, 0.0) for n in names] for q in gate])
    p = 1 / (1 + np.exp(-np.clip(x @ w + bias, -30.0, 30.0)))
    y = np.array([bool(q["label"]) for q in gate])
    return any(((p >= t) == y).all() for t in np.arange(0.2, 0.81, 0.02))


def select_sentence(docs: list[str], sentences: list[dict], names: tuple[str, ...]) -> tuple[tuple[str, ...], float, dict]:
    """The sentence model's regularisation and features chosen by held-out-document top-1 (backward
    elimination as in ``select_decision``)."""
    def score(n: tuple[str, ...], c: float) -> float:
        return held_out_top1(docs, sentences, n, c)

    kept, c, trace = _backward_select(tuple(names), score)
    trace.update({"c": c, "features": list(kept), "held_out_top1": score(kept, c),
                  "held_out_top1_before": score(tuple(names), C)})
    return kept, c, trace


def held_out_top1(docs: list[str], sentences: list[dict], names: tuple[str, ...], c: float) -> float:
    """Share of dev questions whose best sentence, by a sentence model fitted on the other documents
    (and the --also sets), is a right one."""
    hits, total = 0.0, 0
    for doc in docs:
        train = [s for s in sentences if s["doc"] != doc]
        test = [s for s in sentences if s["doc"] == doc]
        if not train or not test:
            continue
        w, b = fit(train, names, c)
        by_question: dict[str, list[dict]] = {}
        for s in test:
            by_question.setdefault(s["id"], []).append(s)
        for items in by_question.values():
            if any(i["label"] for i in items):
                best = max(items, key=lambda i: b + sum(v * i["features"].get(n, 0.0) for n, v in w.items()))
                hits += float(best["label"])
                total += 1
    return round(hits / total, 4) if total else 0.0


def leave_one_out(docs: list[str], sentences: list[dict], questions: list[dict], tuning, rules: bool,
                  decision_names: tuple[str, ...] | None = None, decision_c: float = C,
                  sentence_names: tuple[str, ...] | None = None, sentence_c: float = C) -> dict:
    """Per dev document: the sentence model's top-1 and the decision's rates (decision model,
    threshold and premise thresholds fitted on the other documents and the --also sets), plus the
    pooled rates over every held-out dev question; with ``rules`` the hand rules decide."""
    from assistant.answering.features import DECISION_FEATURES, SENTENCE_FEATURES
    from assistant.answering.tuning import LinearModel

    decision_names = decision_names or DECISION_FEATURES
    sentence_names = sentence_names or SENTENCE_FEATURES
    loo: dict[str, object] = {}
    pooled: list[tuple[dict, str]] = []
    for doc in docs:
        train_q = [q for q in questions if q["doc"] != doc]
        test_q = [q for q in questions if q["doc"] == doc]
        if not train_q or not test_q:
            continue
        held = tuning
        if not rules:
            dw, db = fit(train_q, decision_names, decision_c)
            t, _ = answer_threshold(train_q, decision_names, decision_c, dw, db)
            held = replace(tuning, decision=LinearModel(dw, db, "logistic"), answer_threshold=t)
        premise, _ = fit_premise(train_q, held)
        held = replace(held, **premise)
        outcomes = premise_outcomes(test_q, held)
        pooled += list(zip(test_q, outcomes))
        entry: dict[str, object] = dict(_premise_stats(test_q, outcomes))
        train_s = [s for s in sentences if s["doc"] != doc]
        test_s = [s for s in sentences if s["doc"] == doc]
        if train_s and test_s:
            w, b = fit(train_s, sentence_names, sentence_c)
            entry["sentence_top1"] = top1(test_s, w, b)
        loo[doc] = entry
    if pooled:
        loo["all"] = _premise_stats([q for q, _ in pooled], [o for _, o in pooled])
    return loo


def premise_outcomes(samples: list[dict], tuning) -> list[str]:
    """refuse / answer / correct for each sample, as ``refusal.decide`` rules with this tuning."""
    from assistant.answering.refusal import hand_rules

    out = []
    for s in samples:
        f = s["features"]
        if tuning.decision is not None:
            refused = tuning.decision.probability(f) < tuning.answer_threshold
        else:
            refused = hand_rules(analysis=s["analysis"], features=f, tuning=tuning).refuse
        out.append(_premise_outcome(s, refused, tuning))
    return out


def _command(argv: list[str]) -> str:
    """The fitting command as written in the provenance: temporary paths (an --also set's index,
    the --dump file) are placeholders."""
    out, previous = [], ""
    for arg in argv:
        if previous == "--also" and "=" in arg:
            arg = arg.split("=", 1)[0] + "=<its index>"
        elif previous == "--dump":
            arg = "<samples file>"
        elif previous == "--sentences-dump":
            arg = "<sentence samples of --sentence-only --also evals/questions.jsonl=<its index>>"
        elif previous == "--from-dump":
            arg = "<samples file written by --decision-only --dump>"
        out.append(arg)
        previous = arg
    return " ".join(out)


def reweigh_also(questions: list[dict], weight: float) -> list[dict]:
    """A dump's questions with the --also ones (those with a ``weight``) weighing ``weight``: what this fit's
    --also-weight says, not what the dump was written with."""
    return [{**q, "weight": weight} if "weight" in q else q for q in questions]


def _document(bot, name: str) -> str | None:
    """The doc_id a row names, or None (no limit) for a question set over a one-document index."""
    from assistant.core.errors import QuestionError

    try:
        return bot.resolve_document(name)
    except QuestionError:
        return None


def _seed_rows(path: Path) -> list[dict]:
    """Rows of a question set without documents or kinds (evals/questions.jsonl) as dev rows."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row.setdefault("doc", path.stem)
        row.setdefault("kind", "which" if row["answerable"] else "unanswerable")
        row.setdefault("history", [])
        row["split"] = "dev"
    return rows


def main(argv: list[str] | None = None) -> int:
    global REFUSED_COST, THRESHOLD_ON, CRITERION
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--write", action="store_true", help="write assistant/answering/tuning/<embedder>.json")
    parser.add_argument("--loo", action="store_true", help="leave-one-document-out accuracies")
    parser.add_argument("--rules", action="store_true",
                        help="write no decision model: the hand rules decide, with their thresholds fitted")
    parser.add_argument("--decision-only", action="store_true",
                        help="keep the tuning file's retrieval weights and sentence model; refit the decision only")
    parser.add_argument("--keep-retrieval", action="store_true",
                        help="keep the tuning file's retrieval weights (refit the sentence and decision models)")
    parser.add_argument("--select", action="store_true",
                        help="choose each model's regularisation and features by leave-one-document-out on dev")
    parser.add_argument("--from-dump", type=Path, metavar="PKL",
                        help="refit the decision (and its thresholds) from a --dump's .pkl, asking no question: "
                             "the sentence model, retrieval weights and cross-section share stay the dump's")
    parser.add_argument("--decision-features", help="comma-separated features of the decision model (as a --select chose; "
                                                    "with --select, the features it starts from)")
    parser.add_argument("--criterion", choices=("premise", "targets"), default=CRITERION,
                        help="what --select maximises on held-out documents (default %(default)s; see CRITERION)")
    parser.add_argument("--decision-c", type=float, default=C, help=f"its inverse regularisation (default {C})")
    parser.add_argument("--keep-hand-rules", action="store_true",
                        help="keep the tuning file's hand-rule thresholds (en_dense_rescue, en_min_judged: read only "
                             "when no decision model decides) instead of refitting them")
    parser.add_argument("--dump", type=Path, help="write the question samples (features, labels) here as JSON lines")
    parser.add_argument("--refused-cost", type=float, default=REFUSED_COST,
                        help="cost of an answerable question refused against an unanswerable one answered, in rates, "
                             f"when the answer threshold is chosen (default {REFUSED_COST})")
    parser.add_argument("--threshold-on", choices=("held-out", "fit"), default=THRESHOLD_ON,
                        help="choose the answer threshold on leave-one-document-out probabilities (default) or on "
                             "the fitted model's own")
    parser.add_argument("--also-weight", type=float, default=1.0,
                        help="weight of each --also question in the decision fit (default 1)")
    parser.add_argument("--also", action="append", default=[], metavar="QUESTIONS=INDEX_DIR",
                        help="another question set (the seed chapter's evals/questions.jsonl) and its index, "
                             "used as one more dev document")
    parser.add_argument("--sentence-only", action="store_true",
                        help="refit the sentence model only (its features and C chosen with --select, or given with "
                             "--sentence-features) and, with --write, replace it alone in the tuning file")
    parser.add_argument("--sentence-features", help="comma-separated features of the sentence model (with --select, "
                                                    "the features it starts from)")
    parser.add_argument("--sentence-c", type=float, default=C, help=f"the sentence model's inverse regularisation "
                                                                    f"(default {C}; --select chooses it)")
    parser.add_argument("--on-top", action="store_true",
                        help="--sentence-only: keep the tuning file's sentence model and fit only the weights of the "
                             "--sentence-features it lacks, beside its score (rescaled to it: its other weights, and "
                             "so the scale margins are read on, stay)")
    parser.add_argument("--with-premises", action="store_true",
                        help="--sentence-only: the false premises' sentences too (labelled by their key facts)")
    parser.add_argument("--sentences-dump", type=Path, metavar="PKL",
                        help="--sentence-only: write the sentence samples here (or read them, when the file exists)")
    args = parser.parse_args(argv)
    if args.sentence_only:
        return sentence_only(args, argv)
    REFUSED_COST = args.refused_cost  # read by threshold_for, in every fit below (leave-one-out too)
    THRESHOLD_ON = args.threshold_on  # read by answer_threshold, likewise
    CRITERION = args.criterion  # read by held_out_decision

    import assistant.answering.tuning as tuning_module
    from assistant import Assistant
    from assistant.answering.features import DECISION_FEATURES, SENTENCE_FEATURES
    from assistant.answering.tuning import DEFAULT, LinearModel, tuning_for
    from assistant.core.settings import Settings

    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("split") == "dev"]
    bot = Assistant(Settings.from_env(), warm=False)
    docs = sorted({r["doc"] for r in rows})
    base = tuning_for(bot.embedder.id)

    def use(tuning) -> None:
        import assistant.answering.evidence as evidence_module
        import assistant.assistant as assistant_module

        assistant_module.tuning_for = evidence_module.tuning_for = lambda _id: tuning  # type: ignore[assignment]

    extra = [(Assistant(Settings.from_env(index_dir=Path(index)), warm=False), _seed_rows(Path(questions)))
             for questions, index in (a.split("=", 1) for a in args.also)]
    sentences: list[dict] = []
    selection: dict[str, object] = {}
    s_names, s_c = SENTENCE_FEATURES, C
    dumped = None
    if args.from_dump:
        import pickle

        with args.from_dump.open("rb") as handle:
            dumped = pickle.load(handle)
        fitted = replace(dumped["tuning"], decision=None)
        sentences = dumped["sentences"]
        report = dict(dumped.get("report") or {k: v for k, v in fitted.metrics.items()
                                               if k in ("retrieval", "sentence_top1_dev", "sentence_top1_before")})
        report.pop("leave_one_document_out", None)
        selection.update({k: v for k, v in (report.pop("selection", None) or {}).items() if k == "sentence"})
        s_names = tuple(fitted.sentence.weights)
    elif args.decision_only:  # retrieval weights and the sentence model stay as the tuning file has them
        report: dict[str, object] = {k: v for k, v in base.metrics.items()
                                     if k in ("retrieval", "sentence_top1_dev", "sentence_top1_before")}
        fitted = replace(base, embedder=bot.embedder.id, decision=None)
    else:
        if args.keep_retrieval:
            lexical_weight, same_language = base.lexical_weight, base.same_language_bonus
            hit = base.metrics.get("retrieval", {}).get("section_hit_at_1_dev")
            retrieval = []
        else:
            retrieval = retrieval_samples(bot, rows)
            lexical_weight, same_language, hit = fit_retrieval(retrieval)
        base = replace(base, lexical_weight=lexical_weight, same_language_bonus=same_language)
        use(replace(base, decision=None))
        sentences, _ = collect(bot, [r for r in rows if r["kind"] in ANSWER_KINDS])
        for other, other_rows in extra:
            sentences += collect(other, [r for r in other_rows if r["kind"] in ANSWER_KINDS])[0]
        s_names, s_c = SENTENCE_FEATURES, C
        if args.select:
            s_names, s_c, s_trace = select_sentence(docs, sentences, SENTENCE_FEATURES)
            selection["sentence"] = s_trace
        s_weights, s_bias = fit(sentences, s_names, s_c)
        sentence_model = LinearModel(s_weights, s_bias, "logistic")
        report = {"retrieval": {"lexical_weight": lexical_weight, "same_language_bonus": same_language,
                                "section_hit_at_1_dev": hit,
                                "section_hit_at_1_before": round(section_hit(
                                    retrieval, DEFAULT.lexical_weight["id"], DEFAULT.lexical_weight["en"], 0.0), 3)}
                  if retrieval else base.metrics.get("retrieval", {}),
                  "sentences": len(sentences), "sentence_weights": s_weights,
                  "sentence_top1_dev": top1(sentences, s_weights, s_bias),
                  "sentence_top1_before": top1(sentences, DEFAULT.sentence.weights, 0.0)}
        fitted = replace(base, embedder=bot.embedder.id, sentence=sentence_model, decision=None,
                         nearby_min=0.5, margin=0.15)
    use(fitted)
    if dumped is not None:
        questions = reweigh_also(dumped["questions"], args.also_weight)
    else:
        _, questions = collect(bot, rows)
        for other, other_rows in extra:
            more = collect(other, other_rows)[1]
            for q in more:  # the seed chapter's questions: a gate the fit must keep (--also-weight)
                q["weight"] = args.also_weight
            questions += more
    if args.dump and dumped is None:  # the samples first (a later step can refit from them: --from-dump)
        import pickle

        with args.dump.with_suffix(".pkl").open("wb") as handle:
            pickle.dump({"questions": questions, "sentences": sentences, "tuning": fitted,
                         "report": {**report, "selection": selection}}, handle)
    d_names, d_c = DECISION_FEATURES, args.decision_c
    if args.decision_features:
        d_names = tuple(n for n in args.decision_features.split(",") if n)
        unknown = [n for n in d_names if n not in DECISION_FEATURES]
        if unknown:
            parser.error(f"--decision-features: not decision features: {', '.join(unknown)}")
        selection["decision"] = {**(selection.get("decision") or {}), "features": list(d_names), "c": d_c}
    if args.select:
        d_names, d_c, d_trace = select_decision(docs, questions, fitted, d_names if args.decision_features
                                                else DECISION_FEATURES)
        d_trace["criterion"] = CRITERION
        selection["decision"] = d_trace
    d_weights, d_bias = fit(questions, d_names, d_c)
    threshold, _ = answer_threshold(questions, d_names, d_c, d_weights, d_bias)
    dev_questions = [q for q in questions if "weight" not in q]
    stats = decision_stats(dev_questions, [LinearModel(d_weights, d_bias, "logistic").probability(q["features"])
                                           for q in dev_questions], threshold)
    if dumped is None:
        cross_share, cross_stats = fit_cross_share(
            [(bot, rows, 1.0)] + [(other, other_rows, args.also_weight) for other, other_rows in extra], fitted.margin)
        fitted = replace(fitted, cross_section_share=cross_share)
        report["cross_section_share"] = {"value": cross_share, "dev": cross_stats}
    rescue, min_judged, hand_stats = fit_hand_rules(questions, fitted)
    if args.keep_hand_rules:
        rescue, min_judged = base.en_dense_rescue, base.en_min_judged
    fitted = replace(fitted, en_dense_rescue=rescue, en_min_judged=min_judged)
    decision_model = None if args.rules else LinearModel(d_weights, d_bias, "logistic")
    premise, premise_stats = fit_premise(questions, replace(fitted, decision=decision_model,
                                                            answer_threshold=threshold))
    fitted = replace(fitted, **premise)
    report.update({"questions": len(questions), "decision_weights": d_weights, "answer_threshold": threshold,
                   "decision_dev": stats, "hand_rules_dev": hand_stats,
                   "hand_rules": {"en_dense_rescue": rescue, "en_min_judged": min_judged},
                   "premise": premise, "premise_dev": premise_stats})
    if args.dump:
        args.dump.write_text("".join(json.dumps({k: v for k, v in q.items() if k != "analysis"}) + "\n"
                                     for q in questions), encoding="utf-8")
        import pickle

        with args.dump.with_suffix(".pkl").open("wb") as handle:  # with the analyses, to refit offline
            pickle.dump({"questions": questions, "sentences": sentences, "tuning": fitted,
                         "report": {**report, "selection": selection}}, handle)
    if args.loo:
        report["leave_one_document_out"] = leave_one_out(docs, sentences, questions, fitted, decision_model is None,
                                                         d_names, d_c, s_names, s_c)
    if selection:
        report["selection"] = selection
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.write:
        out = {
            "embedder": bot.embedder.id,
            "source": (f"evals/fit_answering.py on {args.questions} (split dev: {', '.join(docs)}"
                       + "".join(f" + {a.split('=')[0]}" for a in args.also) + "; "
                       f"{len(sentences)} sentences, {len(questions)} questions), {dt.date.today().isoformat()}"
                       + ("; --decision-only: retrieval and sentence model kept from "
                          + base.source.split("; --decision-only: retrieval and sentence model kept from ")[-1]
                          if args.decision_only else "")),
            "sentence": {"weights": fitted.sentence.weights, "bias": fitted.sentence.bias, "link": "logistic"},
            "decision": None if args.rules else {"weights": d_weights, "bias": d_bias, "link": "logistic"},
            "answer_threshold": threshold,
            "margin": fitted.margin,
            "nearby_min": fitted.nearby_min,
            "lexical_weight": fitted.lexical_weight,
            "same_language_bonus": fitted.same_language_bonus,
            "en_dense_rescue": fitted.en_dense_rescue,
            "en_min_judged": fitted.en_min_judged,
            "cross_section_share": fitted.cross_section_share,
            "premise_matched": fitted.premise_matched,
            "premise_dense": fitted.premise_dense,
            "premise_refuse_below": fitted.premise_refuse_below,
            "provenance": {
                "en_dense_rescue": (base.provenance.get("en_dense_rescue", "kept") if args.keep_hand_rules else
                                    f"fit_hand_rules: grid {EN_DENSE_RESCUE_GRID[0]}-{EN_DENSE_RESCUE_GRID[-1]}, "
                                    "best dev balanced accuracy of the hand rules (hand-set 0.86 on the seed)"),
                "en_min_judged": (base.provenance.get("en_min_judged", "kept") if args.keep_hand_rules else
                                  f"fit_hand_rules: grid {EN_MIN_JUDGED_GRID}, same fit (hand-set 2 on the seed)"),
                "cross_section_share": f"fit_cross_share: grid {CROSS_SHARE_GRID}, best key-fact recall + section "
                                       f"precision of the quoted sentences on dev + --also sets (weight "
                                       f"{args.also_weight}) (hand-set 0.5 on the seed)",
                "premise_matched": "fit_premise: grid search on dev (false premises, refusable and answerable)",
                "premise_dense": "fit_premise: same grid",
                "premise_refuse_below": "fit_premise: same grid",
                "decision": "no model (--rules): the hand rules decide" if args.rules else
                            f"fit: balanced logistic regression (C={d_c}) on the dev questions + --also sets (weight "
                            f"{args.also_weight}), features "
                            + ("chosen by leave-one-document-out (metrics.selection.decision)" if args.select or args.decision_features
                               else "assistant.answering.features.DECISION_FEATURES"),
                "answer_threshold": f"threshold_for: the best refusal recall - {REFUSED_COST} x answerable refused "
                                    + ("on the dev questions' leave-one-document-out probabilities (each from a model "
                                       "fitted without its document)" if THRESHOLD_ON == "held-out" else
                                       "on the dev questions (the fitted model's own probabilities)")
                                    + ", among the thresholds (0.20-0.80) that decide every --also question right",
                "command": "python -m evals.fit_answering " + _command(argv if argv is not None else sys.argv[1:]),
            },
            "metrics": {k: v for k, v in report.items() if k in ("retrieval", "sentence_top1_dev", "sentence_top1_before",
                                                                  "decision_dev", "leave_one_document_out",
                                                                  "hand_rules_dev", "premise_dev",
                                                                  "cross_section_share", "selection")},
        }
        stem = next((s for p, s in tuning_module.FILES.items() if bot.embedder.id.startswith(p)), None)
        if stem is None:
            print(f"no tuning file is named for embedder {bot.embedder.id}: add it to assistant.answering.tuning.FILES")
            return 1
        path = tuning_module.HERE / f"{stem}.json"
        path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


CURRENT = "_current"  # the kept sentence model's logit, a feature of --on-top fits


def on_top(sentences: list[dict], before: dict, names: tuple[str, ...],
           c: float) -> tuple[dict[str, float], float, tuple[str, ...]]:
    """(weights, bias, fitted names) of ``before`` (a sentence model's JSON) with the features of ``names`` it
    lacks added: a logistic fit on its logit and those features, divided by the logit's coefficient, so the
    kept model's weights and scale stay and the added ones are read on that scale (the order of the sentences
    is the fit's). Each sample gets the logit as its ``CURRENT`` feature (``held_out_top1`` reads it)."""
    old, old_bias = dict(before["weights"]), float(before["bias"])
    added = tuple(n for n in names if n not in old)
    for s in sentences:
        s["features"][CURRENT] = old_bias + sum(w * s["features"].get(n, 0.0) for n, w in old.items())
    fitted, bias = fit(sentences, (CURRENT, *added), c)
    scale = fitted.pop(CURRENT)
    if scale <= 0:
        raise SystemExit("--on-top: the kept model's score got no positive weight; refit it instead")
    weights = {**old, **{n: round(old.get(n, 0.0) + w / scale, 4) for n, w in fitted.items()}}
    return weights, round(old_bias + bias / scale, 4), (CURRENT, *added)


def sentence_only(args, argv: list[str] | None) -> int:
    """``--sentence-only``: the sentence model refitted on the dev split's candidate sentences (and the --also
    sets'), everything else in the tuning file kept. The candidates do not depend on the sentence model (the
    evidence pool is retrieval's), so the samples can be dumped once and refitted from (``--sentences-dump``)."""
    import pickle

    import assistant.answering.tuning as tuning_module
    from assistant import Assistant
    from assistant.answering.features import SENTENCE_FEATURES
    from assistant.core.settings import Settings

    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = ANSWER_KINDS | ({PREMISE_KIND} if args.with_premises else set())
    rows = [r for r in rows if r.get("split") == "dev" and r["kind"] in kinds]
    docs = sorted({r["doc"] for r in rows})
    if args.sentences_dump and args.sentences_dump.exists():
        with args.sentences_dump.open("rb") as handle:
            sentences, embedder_id = pickle.load(handle)
    else:
        bot = Assistant(Settings.from_env(), warm=False)
        embedder_id = bot.embedder.id
        sentences = collect(bot, rows, decide=False, with_premises=args.with_premises)[0]
        for questions, index in (a.split("=", 1) for a in args.also):
            other = Assistant(Settings.from_env(index_dir=Path(index)), warm=False)
            other_rows = [r for r in _seed_rows(Path(questions)) if r["kind"] in ANSWER_KINDS]
            sentences += collect(other, other_rows, decide=False)[0]
        if args.sentences_dump:
            with args.sentences_dump.open("wb") as handle:
                pickle.dump((sentences, embedder_id), handle)
    stem = next((s for p, s in tuning_module.FILES.items() if embedder_id.startswith(p)), None)
    path = tuning_module.HERE / f"{stem}.json"
    data = json.loads(path.read_text(encoding="utf-8")) if stem else {}
    before = data.get("sentence") or {"weights": {}, "bias": 0.0}
    names = tuple(n for n in (args.sentence_features or ",".join(SENTENCE_FEATURES)).split(",") if n)
    unknown = [n for n in names if n not in SENTENCE_FEATURES]
    if unknown:
        raise SystemExit(f"--sentence-features: not sentence features: {', '.join(unknown)}")
    c = args.sentence_c
    report: dict[str, object] = {"sentences": len(sentences), "questions": len({s["id"] for s in sentences}),
                                 "documents": len(docs)}
    if args.on_top:
        weights, bias, names = on_top(sentences, before, names, c)
        report["on_top_of"] = before
        held_out = held_out_top1(docs, sentences, names, c)  # (each fold's added weights beside the kept score)
        names = tuple(weights)
    else:
        if args.select:
            names, c, trace = select_sentence(docs, sentences, names)
            report["selection"] = trace
        weights, bias = fit(sentences, names, c)
        held_out = held_out_top1(docs, sentences, names, c)
    report.update({
        "features": list(names), "c": c, "weights": weights, "bias": bias,
        "top1_dev": top1(sentences, weights, bias),
        "top1_dev_before": top1(sentences, before["weights"], float(before["bias"])),
        "top1_held_out": held_out,
        "top1_held_out_before_features": (held_out_top1(docs, sentences, tuple(before["weights"]), C)
                                          if before["weights"] else None),
    })
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.write:
        if not stem:
            print(f"no tuning file is named for embedder {embedder_id}: add it to assistant.answering.tuning.FILES")
            return 1
        data["sentence"] = {"weights": weights, "bias": bias, "link": "logistic"}
        others = sorted({s["doc"] for s in sentences} - set(docs))  # the --also sets' (the seed chapter's)
        data["source"] += (f"; sentence model {'extended' if args.on_top else 'refitted'} by --sentence-only on "
                           f"{args.questions} (split dev{', false premises too' if args.with_premises else ''}, "
                           f"{len(docs)} documents"
                           + "".join(f" + --also {o}" for o in others) + f"; {len(sentences)} sentences), "
                           f"{dt.date.today().isoformat()}")
        data.setdefault("provenance", {})["sentence"] = (
            f"fit: balanced logistic regression (C={c}), features "
            + ("chosen by leave-one-document-out top-1 (metrics.selection.sentence)" if args.select and not args.on_top
               else ", ".join(n for n in names if not args.on_top or n not in before["weights"]))
            + (" fitted beside the kept model's score (--on-top: its weights and scale kept)" if args.on_top else "")
            + "; python -m evals.fit_answering " + _command(argv if argv is not None else sys.argv[1:]))
        metrics = data.setdefault("metrics", {})
        metrics["sentence_top1_dev"] = report["top1_dev"]
        metrics["sentence_top1_before"] = report["top1_dev_before"]
        metrics["sentence_top1_held_out"] = report["top1_held_out"]
        if "selection" in report:
            metrics.setdefault("selection", {})["sentence"] = report["selection"]
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
