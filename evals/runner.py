"""Run every question through the Python API, score it, compare with baselines, write the report.

Each question is asked as a chat user would: with ``document=row.doc`` (the document picked in the
chat) and ``history=row.history`` (the turns before a follow-up). The report groups the same
metrics per language, per split, per document and per kind.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

from assistant.core.errors import AssistantError
from assistant.core.settings import Settings
from evals import metrics
from evals.dataset import Kind, QuestionRow, Split, load_questions, select_split
from evals.outcome import (  # noqa: F401 - re-exported: the runner is where callers look for them
    ITEM_KEYS,
    LANGUAGES,
    OTHER_DOC,
    RETRIEVAL_KEYS,
    SUMMARY_KEYS,
    Outcome,
    _place,
    failure_reasons,
)
from evals.pages import PageKey

SPLITS: tuple[str, ...] = get_args(Split)
KINDS: tuple[str, ...] = get_args(Kind)
# --fail-under takes floors of the higher-is-better metrics, --fail-over ceilings of the others.
CEILINGS = ("answerable_refused_rate", "latency_p50_ms", "latency_p95_ms")
FLOORS = tuple(k for k in SUMMARY_KEYS if k != "n" and k not in CEILINGS)
log = logging.getLogger(__name__)


def answered_language(answer: Any) -> str:
    """The language the answer is written in: ``answer_language`` when the Answer has it, else ``language``."""
    value = getattr(answer, "answer_language", None)
    return str(value if value is not None else answer.language)


def ask_one(bot: Any, row: QuestionRow) -> Outcome:
    """Ask one question (with its document and history), timing ``bot.ask``; an AssistantError
    becomes a failed outcome, not a crash."""
    kwargs: dict[str, Any] = {}
    if row.history:
        kwargs["history"] = [turn.model_dump() for turn in row.history]
    if row.doc:
        kwargs["document"] = row.doc
    started = time.perf_counter()
    try:
        answer = bot.ask(row.question, **kwargs)
    except AssistantError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return Outcome(row, f"error: {exc}", "", False, (), (), elapsed, error=type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a bug in the measured code costs one question, not the run
        elapsed = (time.perf_counter() - started) * 1000
        log.error("question %s raised %s", row.id, type(exc).__name__, exc_info=True)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        text = f"error: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        return Outcome(row, text, "", False, (), (), elapsed, error=type(exc).__name__)
    elapsed = (time.perf_counter() - started) * 1000
    sources = sorted(answer.sources, key=lambda s: s.rank)
    places = [_place(s.section, getattr(s, "doc_id", ""), row.doc) for s in sources]
    citations = tuple(
        {"section": c.section, "chunk_id": c.chunk_id, "quote": c.quote, "doc": getattr(c, "doc_id", "")}
        | ({"page": c.page} if getattr(c, "page", None) is not None else {})
        for c in answer.citations
    )
    return Outcome(
        row=row,
        answer=answer.text,
        answer_language=answered_language(answer),
        refused=bool(answer.refused),
        citations=citations,
        # an answer from the parsed structure (chapters, title page) retrieves nothing: its citations rank
        retrieved_sections=tuple(places or [_place(c["section"], c["doc"], row.doc) for c in citations]),
        latency_ms=elapsed,
        generator=str(answer.generator),
    )


WARM_UP_QUESTION = "Kapan MoU ditandatangani?"  # exercises retrieval, evidence and citations


def warm_up(bot: Any) -> float:
    """Ask one untimed question first so lazy loading does not land in the first item's latency; returns ms."""
    started = time.perf_counter()
    try:
        bot.ask(WARM_UP_QUESTION)
    except AssistantError:
        pass  # the real questions will show the error
    return (time.perf_counter() - started) * 1000


def ask_all(bot: Any, rows: Sequence[QuestionRow], progress: bool = True) -> list[Outcome]:
    """Every question through ``bot.ask``, with a progress bar on stderr."""
    from tqdm import tqdm

    return [ask_one(bot, row) for row in tqdm(rows, desc="eval", unit="q", disable=not progress)]


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def summarize(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """The summary metrics (exactly :data:`SUMMARY_KEYS`) over some outcomes.

    Retrieval and citations count answerable questions with expected sections; key facts count every
    answerable question (a refused one scores none, even when its closest quote holds them); refusal
    precision/recall count every question but false premises (which may be refused or corrected),
    with unanswerable, off-topic and injection questions as the ones to refuse.
    """
    answerable = [o for o in outcomes if o.row.answerable]
    located = [o for o in answerable if o.row.expected_sections]  # not a whole-document structure question
    ranks = [o.hit_rank for o in located]
    cited = [o.cited_sections for o in located]
    expected = [o.row.expected_sections for o in located]
    judged = [o for o in outcomes if o.row.kind != "false_premise"]
    refused = [o.refused for o in judged]
    can = [not o.row.should_refuse for o in judged]
    premises = [o for o in outcomes if o.row.kind == "false_premise"]
    followups = [o for o in outcomes if o.row.kind == "followup"]
    latency = metrics.latency_percentiles([o.latency_ms for o in outcomes])
    return {
        "n": len(outcomes),
        "retrieval_hit_at_1": _round(metrics.hit_at(ranks, 1)),
        "retrieval_hit_at_3": _round(metrics.hit_at(ranks, 3)),
        "mrr": _round(metrics.mrr(ranks)),
        "citation_precision": _round(metrics.citation_precision(cited, expected)),
        "citation_recall": _round(metrics.citation_recall(cited, expected)),
        "citation_page_accuracy": _round(metrics.share([c for o in outcomes for c in o.page_checks])),
        "key_fact_recall": _round(
            metrics.key_fact_recall([(o.facts_answered, len(o.row.key_facts)) for o in answerable])
        ),
        "refusal_precision": _round(metrics.refusal_precision(refused, can)),
        "refusal_recall": _round(metrics.refusal_recall(refused, can)),
        "answerable_refused_rate": _round(metrics.share([o.refused for o in answerable])),
        "false_premise_ok": _round(
            metrics.share([metrics.corrected_or_refused(o.refused, len(o.key_facts_found)) for o in premises])
        ),
        "followup_right": _round(
            metrics.share(
                [
                    metrics.followup_right(o.refused, o.row.answerable, len(o.key_facts_found), len(o.row.key_facts))
                    for o in followups
                ]
            )
        ),
        "language_match": _round(
            metrics.language_match([o.row.language for o in outcomes], [o.answer_language for o in outcomes])
        ),
        "latency_p50_ms": _round(latency["latency_p50_ms"], 1),
        "latency_p95_ms": _round(latency["latency_p95_ms"], 1),
    }


def _grouped(outcomes: Sequence[Outcome], key: Callable[[QuestionRow], str | None], order: Sequence[str] = ()) -> dict:
    """Summaries per value of ``key`` (rows whose value is None are left out), in ``order`` then sorted."""
    values = {key(o.row) for o in outcomes} - {None}
    ordered = [v for v in order if v in values] + sorted(v for v in values if v not in order)
    return {v: summarize([o for o in outcomes if key(o.row) == v]) for v in ordered}


def breakdown(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """summary, by_language, by_kind and by_document of some outcomes."""
    return {
        "summary": summarize(outcomes),
        "by_language": {lang: summarize([o for o in outcomes if o.row.language == lang]) for lang in LANGUAGES},
        "by_kind": _grouped(outcomes, lambda r: r.kind, KINDS),
        "by_document": _grouped(outcomes, lambda r: r.doc),
    }


def retrieval_summary(rows: Sequence[QuestionRow], runs: Sequence[Sequence[str]]) -> dict[str, Any]:
    """n (answerable questions), hit@1, hit@3 and MRR of one retrieval run."""
    ranks = [
        metrics.hit_rank(run, row.expected_sections)
        for row, run in zip(rows, runs, strict=True)
        if row.answerable and row.expected_sections
    ]
    return {
        "n": len(ranks),
        "retrieval_hit_at_1": _round(metrics.hit_at(ranks, 1)),
        "retrieval_hit_at_3": _round(metrics.hit_at(ranks, 3)),
        "mrr": _round(metrics.mrr(ranks)),
    }


def _delta(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> dict[str, float | None]:
    return {
        key: None if ours.get(key) is None or theirs.get(key) is None else round(ours[key] - theirs[key], 4)
        for key in RETRIEVAL_KEYS
    }


def compare_baselines(
    rows: Sequence[QuestionRow], ours: Sequence[Sequence[str]], baseline_runs: Mapping[str, Sequence[Sequence[str]]]
) -> dict[str, Any]:
    """Retrieval metrics of ours and of every baseline, overall and per language, with ours-minus-theirs deltas."""

    def scored(runs: Sequence[Sequence[str]]) -> dict[str, Any]:
        by_lang = {}
        for lang in LANGUAGES:
            picked = [(r, run) for r, run in zip(rows, runs, strict=True) if r.language == lang]
            by_lang[lang] = retrieval_summary([r for r, _ in picked], [run for _, run in picked])
        return {"summary": retrieval_summary(rows, runs), "by_language": by_lang}

    if not baseline_runs:
        return {}
    result: dict[str, Any] = {"ours": scored(ours)}
    for name, runs in baseline_runs.items():
        entry = scored(runs)
        entry["delta"] = _delta(result["ours"]["summary"], entry["summary"])
        entry["delta_by_language"] = {
            lang: _delta(result["ours"]["by_language"][lang], entry["by_language"][lang]) for lang in LANGUAGES
        }
        result[name] = entry
    return result


def build_report(
    outcomes: Sequence[Outcome],
    baseline_runs: Mapping[str, Sequence[Sequence[str]]] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The report dict: summary, by_language, by_split (each with its own summary, by_language,
    by_kind, by_document), by_kind, by_document, items, baselines (empty when skipped) and meta."""
    rows = [o.row for o in outcomes]
    whole = breakdown(outcomes)
    splits = [s for s in SPLITS if any(r.split == s for r in rows)]
    return {
        "summary": whole["summary"],
        "by_language": whole["by_language"],
        "by_split": {s: breakdown([o for o in outcomes if o.row.split == s]) for s in splits},
        "by_kind": whole["by_kind"],
        "by_document": whole["by_document"],
        "items": [o.item() for o in outcomes],
        "baselines": compare_baselines(rows, [o.retrieved_sections for o in outcomes], baseline_runs or {}),
        "meta": dict(meta or {}),
    }


# ---------------------------------------------------------------- --fail-under / --fail-over

THRESHOLD_SYNTAX = (
    "[SPLIT.][LANG.|KIND.]METRIC=VALUE, e.g. key_fact_recall=0.5, id.mrr=0.9, test.key_fact_recall=0.5, "
    "dev.en.retrieval_hit_at_1=0.8, dev.followup.followup_right=0.5"
)


@dataclass(frozen=True)
class Threshold:
    """A ``--fail-under`` floor (or ``--fail-over`` ceiling) on one metric of one scope.

    ``name`` is ``[SPLIT.][LANG.|KIND.]METRIC``: ``mrr`` (all questions), ``id.mrr`` (one language),
    ``followup.key_fact_recall`` (one kind), ``test.mrr`` (one split), ``dev.en.mrr`` (a language of
    a split), ``dev.followup.followup_right`` (a kind of a split).
    """

    name: str
    value: float
    ceiling: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        """Where the metric lives in the report, e.g. ("by_split", "dev", "by_language", "en", "mrr")."""
        *scopes, metric = self.name.split(".")
        path: tuple[str, ...] = ()
        if scopes and scopes[0] in SPLITS:
            path = ("by_split", scopes.pop(0))
        if scopes:
            group = "by_language" if scopes[0] in LANGUAGES else "by_kind"
            return (*path, group, scopes[0], metric)
        return (*path, "summary", metric)


def parse_threshold(text: str, ceiling: bool = False) -> Threshold:
    """Parse ``[SPLIT.][LANG.|KIND.]METRIC=VALUE``; ValueError says what is valid."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ValueError(f"{text!r}: write {THRESHOLD_SYNTAX}")
    *scopes, metric = name.split(".")
    rest = scopes[1:] if scopes and scopes[0] in SPLITS else scopes
    if len(rest) > 1 or (rest and rest[0] not in LANGUAGES + KINDS):
        raise ValueError(
            f"{text!r}: a scoped threshold starts with a split ({', '.join(SPLITS)}), then a language "
            f"({', '.join(LANGUAGES)}) or a kind ({', '.join(KINDS)}), e.g. id.mrr=0.9 or dev.en.mrr=0.9"
        )
    allowed = CEILINGS if ceiling else FLOORS
    if metric not in allowed:
        what = "a ceiling (--fail-over)" if ceiling else "a floor (--fail-under)"
        raise ValueError(f"{text!r}: {metric!r} cannot take {what}; use one of {', '.join(allowed)}")
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {raw!r} is not a number") from exc
    return Threshold(name, value, ceiling)


def check_thresholds(report: Mapping[str, Any], thresholds: Sequence[Threshold]) -> list[str]:
    """One message per metric past its threshold (an undefined metric fails too); empty when all pass."""
    failures = []
    for threshold in thresholds:
        value: Any = report
        for key in threshold.path:
            value = value.get(key) if isinstance(value, Mapping) else None
        bound = "<=" if threshold.ceiling else ">="
        if value is None:
            failures.append(f"{threshold.name} is undefined on this question set (needs {bound} {threshold.value})")
        elif threshold.ceiling and value > threshold.value:
            failures.append(f"{threshold.name} = {value} is over {threshold.value}")
        elif not threshold.ceiling and value < threshold.value:
            failures.append(f"{threshold.name} = {value} is under {threshold.value}")
    return failures


# ---------------------------------------------------------------- the run


def run_eval(
    settings: Settings,
    questions_path: Path,
    out_dir: Path,
    *,
    split: str = "all",
    baselines: bool = True,
    progress: bool = True,
    show_test_failures: bool = False,
    bot: Any | None = None,
    baseline_runner: Callable[..., Mapping[str, Sequence[Sequence[str]]]] | None = None,
    extra_meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Evaluate ``settings``' assistant on a question file (or folder) and write report.json/.md/.png.

    ``split`` keeps the rows of one split (``dev``, ``test``) or all; report.md lists the failures of
    test rows only with ``show_test_failures``. ``bot`` replaces the real :class:`assistant.Assistant`
    (tests pass a fake); ``baseline_runner`` replaces :func:`evals.baselines.run_baselines`.
    """
    from evals.report import write_reports

    rows = select_split(load_questions(questions_path), split)
    started = time.perf_counter()
    if bot is None:
        from assistant import Assistant

        bot = Assistant(settings)
    warmup_ms = warm_up(bot)
    outcomes = ask_all(bot, rows, progress=progress)
    page_key = PageKey.for_questions(questions_path)
    outcomes = [o if o.refused else replace(o, page_checks=page_key.check(o.row.doc, o.citations)) for o in outcomes]
    baseline_runs: Mapping[str, Sequence[Sequence[str]]] = {}
    if baselines:
        if baseline_runner is None:
            from evals.baselines import run_baselines

            baseline_runner = run_baselines
        documents = [r.doc for r in rows]
        extra = {"documents": documents} if any(documents) else {}
        baseline_runs = baseline_runner(bot.retriever, settings, [r.question for r in rows], settings.k, **extra)
    meta = {
        "questions": str(questions_path),
        "split": split,
        "generator": _generator_name(outcomes, settings),
        "k": settings.k,
        "embedder": settings.embedder,
        "errors": sum(1 for o in outcomes if o.error),
        "errors_by_type": dict(Counter(o.error for o in outcomes if o.error)),
        "warmup_ms": round(warmup_ms, 1),
        "seconds": round(time.perf_counter() - started, 2),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **dict(extra_meta or {}),
    }
    report = build_report(outcomes, baseline_runs, meta)
    write_reports(report, outcomes, Path(out_dir), show_test_failures=show_test_failures)
    return report


def _generator_name(outcomes: Sequence[Outcome], settings: Settings) -> str:
    names = Counter(o.generator for o in outcomes if o.generator)
    return names.most_common(1)[0][0] if names else settings.generator
