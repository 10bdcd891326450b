"""Run every question through the Python API, score it, compare with baselines, write the report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.settings import Settings
from evals import metrics
from evals.dataset import QuestionRow, load_questions

SUMMARY_KEYS = (
    "n",
    "retrieval_hit_at_1",
    "retrieval_hit_at_3",
    "mrr",
    "citation_precision",
    "citation_recall",
    "key_fact_recall",
    "refusal_precision",
    "refusal_recall",
    "language_match",
    "latency_p50_ms",
    "latency_p95_ms",
)
ITEM_KEYS = (
    "id",
    "question",
    "language",
    "answer",
    "citations",
    "retrieved_sections",
    "hit_rank",
    "key_facts_found",
    "refused",
    "latency_ms",
)
RETRIEVAL_KEYS = ("retrieval_hit_at_1", "retrieval_hit_at_3", "mrr")
LANGUAGES = ("id", "en")
# Metrics where lower is better cannot take a --fail-under floor.
_NOT_FLOORS = {"n", "latency_p50_ms", "latency_p95_ms"}


@dataclass(frozen=True)
class Outcome:
    """What one question produced, before it is flattened into a report item."""

    row: QuestionRow
    answer: str
    answer_language: str
    refused: bool
    citations: tuple[dict[str, str], ...]
    retrieved_sections: tuple[str, ...]
    latency_ms: float
    error: str | None = None
    generator: str = ""

    @property
    def hit_rank(self) -> int | None:
        """Rank of the first retrieved passage from an expected section."""
        return metrics.hit_rank(self.retrieved_sections, self.row.expected_sections)

    @property
    def cited_sections(self) -> list[str]:
        """Sections cited by the answer, in order, with repeats."""
        return [c["section"] for c in self.citations]

    @property
    def key_facts_found(self) -> list[str]:
        """Key facts present in the answer text or in a cited quote."""
        return metrics.facts_found(self.row.key_facts, [self.answer, *(c["quote"] for c in self.citations)])

    def item(self) -> dict[str, Any]:
        """The report item, with exactly :data:`ITEM_KEYS`."""
        return {
            "id": self.row.id,
            "question": self.row.question,
            "language": self.row.language,
            "answer": self.answer,
            "citations": [dict(c) for c in self.citations],
            "retrieved_sections": list(self.retrieved_sections),
            "hit_rank": self.hit_rank,
            "key_facts_found": self.key_facts_found,
            "refused": self.refused,
            "latency_ms": round(self.latency_ms, 1),
        }


def ask_one(bot: Any, row: QuestionRow) -> Outcome:
    """Ask one question, timing ``bot.ask``; an AssistantError becomes a failed outcome, not a crash."""
    started = time.perf_counter()
    try:
        answer = bot.ask(row.question)
    except AssistantError as exc:
        elapsed = (time.perf_counter() - started) * 1000
        return Outcome(row, f"error: {exc}", "", False, (), (), elapsed, error=type(exc).__name__)
    elapsed = (time.perf_counter() - started) * 1000
    sources = sorted(answer.sources, key=lambda s: s.rank)
    citations = tuple({"section": c.section, "chunk_id": c.chunk_id, "quote": c.quote} for c in answer.citations)
    return Outcome(
        row=row,
        answer=answer.text,
        answer_language=answer.language,
        refused=bool(answer.refused),
        citations=citations,
        retrieved_sections=tuple(s.section for s in sources),
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
    """The summary metrics (exactly :data:`SUMMARY_KEYS`) over some outcomes."""
    answerable = [o for o in outcomes if o.row.answerable]
    ranks = [o.hit_rank for o in answerable]
    cited = [o.cited_sections for o in answerable]
    expected = [o.row.expected_sections for o in answerable]
    refused = [o.refused for o in outcomes]
    can = [o.row.answerable for o in outcomes]
    latency = metrics.latency_percentiles([o.latency_ms for o in outcomes])
    return {
        "n": len(outcomes),
        "retrieval_hit_at_1": _round(metrics.hit_at(ranks, 1)),
        "retrieval_hit_at_3": _round(metrics.hit_at(ranks, 3)),
        "mrr": _round(metrics.mrr(ranks)),
        "citation_precision": _round(metrics.citation_precision(cited, expected)),
        "citation_recall": _round(metrics.citation_recall(cited, expected)),
        "key_fact_recall": _round(
            metrics.key_fact_recall([(len(o.key_facts_found), len(o.row.key_facts)) for o in answerable])
        ),
        "refusal_precision": _round(metrics.refusal_precision(refused, can)),
        "refusal_recall": _round(metrics.refusal_recall(refused, can)),
        "language_match": _round(
            metrics.language_match([o.row.language for o in outcomes], [o.answer_language for o in outcomes])
        ),
        "latency_p50_ms": _round(latency["latency_p50_ms"], 1),
        "latency_p95_ms": _round(latency["latency_p95_ms"], 1),
    }


def retrieval_summary(rows: Sequence[QuestionRow], runs: Sequence[Sequence[str]]) -> dict[str, Any]:
    """n (answerable questions), hit@1, hit@3 and MRR of one retrieval run."""
    ranks = [
        metrics.hit_rank(run, row.expected_sections) for row, run in zip(rows, runs, strict=True) if row.answerable
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
    """The report dict: summary, by_language, items, baselines (empty when skipped) and meta."""
    rows = [o.row for o in outcomes]
    return {
        "summary": summarize(outcomes),
        "by_language": {lang: summarize([o for o in outcomes if o.row.language == lang]) for lang in LANGUAGES},
        "items": [o.item() for o in outcomes],
        "baselines": compare_baselines(rows, [o.retrieved_sections for o in outcomes], baseline_runs or {}),
        "meta": dict(meta or {}),
    }


@dataclass(frozen=True)
class Threshold:
    """A ``--fail-under`` floor: ``metric`` in the summary, or ``lang.metric`` in by_language."""

    name: str
    value: float

    @property
    def path(self) -> tuple[str, ...]:
        """("summary", metric) or ("by_language", lang, metric)."""
        if "." in self.name:
            lang, metric = self.name.split(".", 1)
            return ("by_language", lang, metric)
        return ("summary", self.name)


def parse_threshold(text: str) -> Threshold:
    """Parse ``METRIC=VALUE`` or ``id.METRIC=VALUE``; ValueError says what is valid."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    floors = [k for k in SUMMARY_KEYS if k not in _NOT_FLOORS]
    metric = name.split(".", 1)[1] if "." in name else name
    if not sep or not name:
        raise ValueError(f"{text!r}: write METRIC=VALUE, e.g. retrieval_hit_at_1=0.95 or id.key_fact_recall=0.9")
    if "." in name and name.split(".", 1)[0] not in LANGUAGES:
        raise ValueError(f"{text!r}: a per-language floor starts with one of {', '.join(LANGUAGES)}, e.g. id.mrr=0.9")
    if metric not in floors:
        raise ValueError(f"{text!r}: {metric!r} cannot take a floor; use one of {', '.join(floors)}")
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {raw!r} is not a number") from exc
    return Threshold(name, value)


def check_thresholds(report: Mapping[str, Any], thresholds: Sequence[Threshold]) -> list[str]:
    """One message per metric under its floor (an undefined metric fails too); empty when all pass."""
    failures = []
    for threshold in thresholds:
        value: Any = report
        for key in threshold.path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if value is None:
            failures.append(f"{threshold.name} is undefined on this question set (needs >= {threshold.value})")
        elif value < threshold.value:
            failures.append(f"{threshold.name} = {value} is under {threshold.value}")
    return failures


def run_eval(
    settings: Settings,
    questions_path: Path,
    out_dir: Path,
    *,
    baselines: bool = True,
    progress: bool = True,
    bot: Any | None = None,
    baseline_runner: Callable[..., Mapping[str, Sequence[Sequence[str]]]] | None = None,
) -> dict[str, Any]:
    """Evaluate ``settings``' assistant on a question file and write report.json/.md/.png into ``out_dir``.

    ``bot`` replaces the real :class:`assistant.Assistant` (tests pass a fake); ``baseline_runner``
    replaces :func:`evals.baselines.run_baselines` with the same signature.
    """
    from evals.report import write_reports

    rows = load_questions(questions_path)
    started = time.perf_counter()
    if bot is None:
        from assistant import Assistant

        bot = Assistant(settings)
    warmup_ms = warm_up(bot)
    outcomes = ask_all(bot, rows, progress=progress)
    baseline_runs: Mapping[str, Sequence[Sequence[str]]] = {}
    if baselines:
        if baseline_runner is None:
            from evals.baselines import run_baselines

            baseline_runner = run_baselines
        baseline_runs = baseline_runner(bot.retriever, settings, [r.question for r in rows], settings.k)
    meta = {
        "questions": str(questions_path),
        "generator": _generator_name(outcomes, settings),
        "k": settings.k,
        "embedder": settings.embedder,
        "errors": sum(1 for o in outcomes if o.error),
        "warmup_ms": round(warmup_ms, 1),
        "seconds": round(time.perf_counter() - started, 2),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    report = build_report(outcomes, baseline_runs, meta)
    write_reports(report, outcomes, Path(out_dir))
    return report


def _generator_name(outcomes: Sequence[Outcome], settings: Settings) -> str:
    names = Counter(o.generator for o in outcomes if o.generator)
    return names.most_common(1)[0][0] if names else settings.generator


def failure_reasons(outcome: Outcome) -> list[str]:
    """Why an outcome counts as a failure in report.md; empty when it passed everything."""
    row = outcome.row
    reasons: list[str] = []
    if outcome.error:
        reasons.append(f"raised {outcome.error}")
    if outcome.answer_language != row.language and not outcome.error:
        reasons.append(f"answered in {outcome.answer_language!r}, asked in {row.language!r}")
    if not row.answerable:
        if not outcome.refused:
            reasons.append("answered an unanswerable question instead of refusing")
        return reasons
    if outcome.refused:
        reasons.append("refused an answerable question")
    rank = outcome.hit_rank
    if rank is None:
        reasons.append(f"no retrieved passage from {', '.join(row.expected_sections)}")
    elif rank > 1:
        reasons.append(f"first passage from an expected section at rank {rank}")
    cited = set(outcome.cited_sections)
    if not outcome.refused and not cited & set(row.expected_sections):
        reasons.append("cites no expected section")
    unexpected = sorted(cited - set(row.expected_sections))
    if unexpected:
        reasons.append(f"cites unexpected section(s) {', '.join(unexpected)}")
    missing = [f for f in row.key_facts if f not in outcome.key_facts_found]
    if missing:
        reasons.append(f"missing key facts: {', '.join(repr(f) for f in missing)}")
    return reasons
