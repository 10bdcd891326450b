"""Fit the read path's decisions on the development collection's dev split, and write them as the
embedder's tuning (``assistant/answering/tuning/<embedder>.json``).

Two small logistic models, on features that mean the same on any thesis (``assistant.answering.features``):

1. *which sentence answers*: every candidate sentence of every answerable dev question, labelled
   by whether it holds one of the question's key facts (in an expected section);
2. *whether to answer*: every dev question answered or refused by the pipeline with model 1 in
   place, labelled answerable (answer) or unanswerable / off-topic / injection (refuse); the
   threshold is the one that refuses fewest answerable questions at the best balanced accuracy.

    THESIS_CORPUS_DIR=<dev documents> THESIS_INDEX_DIR=<their index> \\
        python -m evals.fit_answering evals/collection.jsonl [--write] [--loo]

``--loo`` also reports leave-one-document-out accuracies (fit on the other documents). Only rows
with ``"split": "dev"`` are ever read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ANSWER_KINDS = {"date", "number", "who", "which", "why", "how", "yesno", "list", "summary", "followup"}
REFUSE_KINDS = {"unanswerable", "offtopic", "injection"}
C = 1.0  # inverse regularisation strength of both models


def has_fact(text: str, fact: str) -> bool:
    """A key fact (alternatives with |) occurs in a text, case-insensitive."""
    lowered = text.lower()
    return any(alt.strip().lower() in lowered for alt in fact.split("|") if alt.strip())


def collect(bot, rows: list[dict]) -> tuple[list[dict], list[dict]]:  # noqa: ANN001 - an Assistant
    """(sentence samples, question samples) with features from the pipeline as it is configured."""
    from assistant.answering.analysis import analyse
    from assistant.answering.evidence import candidate_features, evidence_pool
    from assistant.answering.structure import answer_structure

    sentences, questions = [], []
    for row in rows:
        turns = bot._check_history(row.get("history") or None)
        doc_id = _document(bot, row["doc"])
        analysis = analyse(row["question"], turns, bot.retriever.vocabulary)
        if answer_structure(row["question"], analysis.language, bot._index.manifest.documents, doc_id):
            continue
        kind = row["kind"]
        if kind in ANSWER_KINDS and row.get("key_facts"):
            retrieval = bot.retriever.retrieve(analysis, k=bot.settings.k, document=doc_id)
            candidates = evidence_pool(analysis=analysis, retrieval=retrieval)
            if candidates and not retrieval.overview:
                expected = set(row.get("expected_sections") or [])
                for passage, sentence, features in candidate_features(
                        analysis=analysis, candidates=candidates, query_vector=retrieval.query_vector,
                        index=bot._index, embedder=bot.embedder):
                    label = any(has_fact(sentence.text, f) for f in row["key_facts"]) and (
                        not expected or passage.chunk.section_id in expected)
                    sentences.append({"doc": row["doc"], "id": row["id"], "features": features, "label": label})
        if kind in ANSWER_KINDS or kind in REFUSE_KINDS:
            plan = bot._plan(analysis, turns=turns, k=bot.settings.k, doc_id=doc_id)
            if plan.features is not None and plan.decision.reason not in (
                    "the question names a section", "no evidence retrieved",
                    "the question asks to change the assistant's instructions"):
                questions.append({"doc": row["doc"], "id": row["id"], "features": plan.features,
                                  "label": kind in ANSWER_KINDS})
    return sentences, questions


LEXICAL_GRID = (0.0, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3)
SAME_LANGUAGE_GRID = (-0.1, -0.08, -0.06, -0.04, -0.02, 0.0, 0.02)


def retrieval_samples(bot, rows: list[dict]) -> list[dict]:  # noqa: ANN001 - an Assistant
    """For every answerable dev question with expected sections: its candidate passages' dense
    and BM25 scores and languages (what the fusion weights are chosen on)."""
    from assistant.answering.analysis import analyse
    from assistant.retrieval.retrieve import CANDIDATES

    out = []
    for row in rows:
        if not row.get("answerable") or not row.get("expected_sections") or row["kind"] not in ANSWER_KINDS:
            continue
        turns = bot._check_history(row.get("history") or None)
        analysis = analyse(row["question"], turns, bot.retriever.vocabulary)
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
    best = max(((section_hit(samples, wi, we, sl), -abs(sl) - wi - we, wi, we, sl)
                for wi in LEXICAL_GRID for we in LEXICAL_GRID for sl in SAME_LANGUAGE_GRID))
    return {"id": best[2], "en": best[3]}, best[4], round(best[0], 3)


def fit(samples: list[dict], names: tuple[str, ...]) -> tuple[dict[str, float], float]:
    """A balanced logistic regression: (weights by feature, bias)."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[s["features"].get(n, 0.0) for n in names] for s in samples])
    y = np.array([int(s["label"]) for s in samples])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0  # standardised for the fit, folded back into raw-feature weights
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
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
    """The answer threshold with the best balanced accuracy (ties: fewer answerable refused)."""
    import math

    probabilities = [1 / (1 + math.exp(-(bias + sum(w * s["features"].get(n, 0.0) for n, w in weights.items()))))
                     for s in samples]
    best = (-1.0, 0.0, 0.5, {})
    for threshold in np.arange(0.2, 0.81, 0.02):
        stats = decision_stats(samples, probabilities, float(threshold))
        key = (stats["balanced"], -stats["answerable_refused"])
        if key > best[:2]:
            best = (*key, round(float(threshold), 2), stats)
    return best[2], best[3]


def decision_stats(samples: list[dict], probabilities: list[float], threshold: float) -> dict[str, float]:
    """Answerable refused and refusal recall at a threshold."""
    answerable = [p for s, p in zip(samples, probabilities) if s["label"]]
    refusable = [p for s, p in zip(samples, probabilities) if not s["label"]]
    refused_answerable = sum(p < threshold for p in answerable) / max(1, len(answerable))
    recall = sum(p < threshold for p in refusable) / max(1, len(refusable))
    return {"answerable_refused": round(refused_answerable, 3), "refusal_recall": round(recall, 3),
            "balanced": round((1 - refused_answerable + recall) / 2, 3)}


def _document(bot, name: str) -> str | None:  # noqa: ANN001 - an Assistant
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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--write", action="store_true", help="write assistant/answering/tuning/<embedder>.json")
    parser.add_argument("--loo", action="store_true", help="leave-one-document-out accuracies")
    parser.add_argument("--also", action="append", default=[], metavar="QUESTIONS=INDEX_DIR",
                        help="another question set (the seed chapter's evals/questions.jsonl) and its index, "
                             "used as one more dev document")
    args = parser.parse_args(argv)

    import assistant.answering.tuning as tuning_module
    from assistant import Assistant
    from assistant.answering.features import DECISION_FEATURES, SENTENCE_FEATURES
    from assistant.core.settings import Settings
    from assistant.answering.tuning import DEFAULT, LinearModel, tuning_for

    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("split") == "dev"]
    bot = Assistant(Settings.from_env(), warm=False)
    docs = sorted({r["doc"] for r in rows})
    base = tuning_for(bot.embedder.id)

    def use(tuning) -> None:  # noqa: ANN001 - the pipeline reads tuning_for(); point it at ``tuning``
        import assistant.assistant as assistant_module
        import assistant.answering.evidence as evidence_module

        assistant_module.tuning_for = evidence_module.tuning_for = lambda _id: tuning  # type: ignore[assignment]

    retrieval = retrieval_samples(bot, rows)
    lexical_weight, same_language, hit = fit_retrieval(retrieval)
    base = replace(base, lexical_weight=lexical_weight, same_language_bonus=same_language)
    extra = [(Assistant(Settings.from_env(index_dir=Path(index)), warm=False), _seed_rows(Path(questions)))
             for questions, index in (a.split("=", 1) for a in args.also)]
    use(replace(base, decision=None))
    sentences, _ = collect(bot, [r for r in rows if r["kind"] in ANSWER_KINDS])
    for other, other_rows in extra:
        sentences += collect(other, [r for r in other_rows if r["kind"] in ANSWER_KINDS])[0]
    s_weights, s_bias = fit(sentences, SENTENCE_FEATURES)
    sentence_model = LinearModel(s_weights, s_bias, "logistic")
    report: dict[str, object] = {"retrieval": {"lexical_weight": lexical_weight, "same_language_bonus": same_language,
                                               "section_hit_at_1_dev": hit,
                                               "section_hit_at_1_before": round(section_hit(
                                                   retrieval, DEFAULT.lexical_weight["id"],
                                                   DEFAULT.lexical_weight["en"], 0.0), 3)},
                                 "sentences": len(sentences), "sentence_weights": s_weights,
                                 "sentence_top1_dev": top1(sentences, s_weights, s_bias),
                                 "sentence_top1_before": top1(sentences, DEFAULT.sentence.weights, 0.0)}
    fitted = replace(base, embedder=bot.embedder.id, sentence=sentence_model, decision=None,
                     nearby_min=0.5, margin=0.15)
    use(fitted)
    _, questions = collect(bot, rows)
    for other, other_rows in extra:
        questions += collect(other, other_rows)[1]
    d_weights, d_bias = fit(questions, DECISION_FEATURES)
    threshold, stats = threshold_for(questions, d_weights, d_bias)
    report.update({"questions": len(questions), "decision_weights": d_weights, "answer_threshold": threshold,
                   "decision_dev": stats})
    if args.loo:
        loo = {}
        for doc in docs:
            train_s = [s for s in sentences if s["doc"] != doc]
            test_s = [s for s in sentences if s["doc"] == doc]
            train_q = [q for q in questions if q["doc"] != doc]
            test_q = [q for q in questions if q["doc"] == doc]
            if not train_s or not test_s or not train_q or not test_q:
                continue
            w, b = fit(train_s, SENTENCE_FEATURES)
            dw, db = fit(train_q, DECISION_FEATURES)
            t, _ = threshold_for(train_q, dw, db)
            import math

            probabilities = [1 / (1 + math.exp(-(db + sum(v * q["features"].get(n, 0.0) for n, v in dw.items()))))
                             for q in test_q]
            loo[doc] = {"sentence_top1": top1(test_s, w, b), **decision_stats(test_q, probabilities, t)}
        report["leave_one_document_out"] = loo
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.write:
        out = {
            "embedder": bot.embedder.id,
            "source": (f"evals/fit_answering.py on {args.questions} (split dev: {', '.join(docs)}"
                       + "".join(f" + {a.split('=')[0]}" for a in args.also) + "; "
                       f"{len(sentences)} sentences, {len(questions)} questions), {dt.date.today().isoformat()}"),
            "sentence": {"weights": s_weights, "bias": s_bias, "link": "logistic"},
            "decision": {"weights": d_weights, "bias": d_bias, "link": "logistic"},
            "answer_threshold": threshold,
            "margin": fitted.margin,
            "nearby_min": fitted.nearby_min,
            "lexical_weight": fitted.lexical_weight,
            "same_language_bonus": fitted.same_language_bonus,
            "metrics": {k: v for k, v in report.items() if k in ("retrieval", "sentence_top1_dev", "sentence_top1_before",
                                                                  "decision_dev", "leave_one_document_out")},
        }
        stem = next((s for p, s in tuning_module.FILES.items() if bot.embedder.id.startswith(p)), None)
        if stem is None:
            print(f"no tuning file is named for embedder {bot.embedder.id}: add it to assistant.answering.tuning.FILES")
            return 1
        path = tuning_module.HERE / f"{stem}.json"
        path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
