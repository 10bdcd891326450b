"""Write an evaluation report as JSON, Markdown (tables, then failures) and a PNG chart."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from evals.outcome import LANGUAGES, RETRIEVAL_KEYS, SUMMARY_KEYS, Outcome, failure_reasons

_LABELS = {
    "n": "questions",
    "retrieval_hit_at_1": "retrieval hit@1",
    "retrieval_hit_at_3": "retrieval hit@3",
    "mrr": "MRR",
    "citation_precision": "citation precision",
    "citation_recall": "citation recall",
    "citation_page_accuracy": "citation page right",
    "key_fact_recall": "key-fact recall",
    "refusal_precision": "refusal precision",
    "refusal_recall": "refusal recall",
    "answerable_refused_rate": "answerable refused",
    "false_premise_ok": "false premise corrected/refused",
    "followup_right": "follow-up right",
    "language_match": "language match",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}
# The columns of the per-document and per-kind tables (one row per document or kind).
# The per-document and per-kind tables: the summary's columns but hit@3, citation precision, page and p95.
GROUP_KEYS = tuple(
    k for k in SUMMARY_KEYS if k not in ("retrieval_hit_at_3", "citation_precision", "citation_page_accuracy", "latency_p95_ms")
)
SHORT_LABELS = {
    "n": "n",
    "retrieval_hit_at_1": "hit@1",
    "mrr": "MRR",
    "citation_recall": "cite rec",
    "key_fact_recall": "facts",
    "refusal_precision": "ref prec",
    "refusal_recall": "ref rec",
    "answerable_refused_rate": "ans refused",
    "false_premise_ok": "premise ok",
    "followup_right": "follow-up",
    "language_match": "lang",
    "latency_p50_ms": "p50 ms",
}
ANSWER_CHARS = 200  # of each failed answer shown in report.md


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f}"


def _metric_table(columns: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """One row per summary metric, one column per (title, summary)."""
    lines = ["| metric | " + " | ".join(title for title, _ in columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for key in SUMMARY_KEYS:
        lines.append(f"| {_LABELS[key]} | " + " | ".join(_fmt(s.get(key)) for _, s in columns) + " |")
    return lines


def _group_table(title: str, groups: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One row per group (document or kind), the :data:`GROUP_KEYS` as columns."""
    if not groups:
        return []
    lines = [f"| {title} | " + " | ".join(SHORT_LABELS[k] for k in GROUP_KEYS) + " |"]
    lines.append("|---" * (len(GROUP_KEYS) + 1) + "|")
    for name, summary in groups.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(summary.get(k)) for k in GROUP_KEYS) + " |")
    return lines + [""]


def split_columns(report: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """(title, summary) of every split and of each language inside it: dev, dev id, dev en, test, ..."""
    columns: list[tuple[str, Mapping[str, Any]]] = []
    for split, part in (report.get("by_split") or {}).items():
        columns.append((split, part["summary"]))
        columns += [(f"{split} {lang}", part["by_language"].get(lang, {})) for lang in LANGUAGES]
    return columns


def render_markdown(report: Mapping[str, Any], outcomes: Sequence[Outcome], show_test_failures: bool = False) -> str:
    """report.md: summary tables (all, per language, per split, per document, per kind), baselines,
    then every failure with the start of its answer (test-split failures only when asked for)."""
    meta = report.get("meta", {})
    lines = ["# Evaluation report", ""]
    if meta:
        lines += [
            (
                f"Generator `{meta.get('generator', '?')}`, embedder `{meta.get('embedder', '?')}`, "
                f"k={meta.get('k', '?')}, questions `{meta.get('questions', '?')}`, split {meta.get('split', 'all')}, "
                f"{meta.get('seconds', '?')} s, errors {meta.get('errors', 0)}."
            ),
            "",
        ]
        if meta.get("corpus"):
            lines += [f"Corpus `{meta['corpus']}`, index `{meta.get('index', '?')}`.", ""]
    lines += ["## Summary", "", "| metric | all | id | en |", "|---|---|---|---|"]
    for key in SUMMARY_KEYS:
        per_lang = [_fmt(report["by_language"].get(lang, {}).get(key)) for lang in LANGUAGES]
        lines.append(f"| {_LABELS[key]} | {_fmt(report['summary'].get(key))} | {' | '.join(per_lang)} |")
    lines += [
        "",
        "Retrieval, citation and key-fact metrics count answerable questions; refusal precision and recall "
        "count all but false premises (to refuse: unanswerable, off-topic, injection); language and latency "
        "count all. n/a: no question to measure it on.",
        "",
    ]
    columns = split_columns(report)
    if columns:
        lines += ["## By split", "", *_metric_table(columns), ""]
    for split, part in (report.get("by_split") or {}).items():
        lines += [f"### {split}: per document", "", *_group_table("document", part["by_document"])]
        lines += [f"### {split}: per kind", "", *_group_table("kind", part["by_kind"])]
    if not columns:
        if report.get("by_document"):
            lines += ["## Per document", "", *_group_table("document", report["by_document"])]
        if report.get("by_kind"):
            lines += ["## Per kind", "", *_group_table("kind", report["by_kind"])]
    lines += _baseline_lines(report.get("baselines") or {})
    lines += _failure_lines(outcomes, show_test_failures)
    return "\n".join(lines)


def _failure_lines(outcomes: Sequence[Outcome], show_test_failures: bool) -> list[str]:
    failures = [(o, failure_reasons(o)) for o in outcomes]
    failures = [(o, reasons) for o, reasons in failures if reasons]
    hidden = [] if show_test_failures else [o for o, _ in failures if o.row.split == "test"]
    shown = [(o, r) for o, r in failures if show_test_failures or o.row.split != "test"]
    lines = [f"## Failures ({len(failures)} of {len(outcomes)})", ""]
    if hidden:
        test_n = sum(1 for o in outcomes if o.row.split == "test")
        lines += [
            f"{len(hidden)} of the {test_n} test-split questions failed; they are not listed, so that nobody "
            "tunes on the test split (--show-test-failures lists them).",
            "",
        ]
    if not failures:
        lines += ["None.", ""]
    for outcome, reasons in shown:
        row = outcome.row
        answer = outcome.answer if len(outcome.answer) <= ANSWER_CHARS else outcome.answer[:ANSWER_CHARS] + " …"
        where = ", ".join(x for x in (row.kind, row.doc, row.split) if x)
        lines += [
            f"### {row.id} ({row.language}{', ' + where if where else ''}) {row.question}",
            "",
            f"- why: {'; '.join(reasons)}",
            (
                f"- expected: sections {row.expected_sections or '—'}, key facts {row.key_facts or '—'}, "
                f"answerable {row.answerable}"
            ),
            (
                f"- retrieved sections: {list(outcome.retrieved_sections)}; cited: {outcome.cited_sections}; "
                f"refused: {outcome.refused}; {outcome.latency_ms:.0f} ms"
            ),
        ]
        if row.history:
            last = row.history[-1].content[:120]
            lines.append(f"- after {len(row.history) // 2 or 1} earlier turn(s), last: {last!r}")
        lines += ["", *(f"> {line}" if line else ">" for line in answer.splitlines() or [""]), ""]
    return lines


def _baseline_lines(baselines: Mapping[str, Any]) -> list[str]:
    if not baselines:
        return ["## Baselines", "", "Not measured (--no-baselines).", ""]
    lines = [
        "## Baselines (retrieval, answerable questions)",
        "",
        "Delta = ours minus the baseline; positive means ours is better.",
        "",
        "| pipeline | hit@1 | hit@3 | MRR | Δ hit@1 | Δ hit@3 | Δ MRR |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in baselines.items():
        s = entry["summary"]
        d = entry.get("delta", {})
        values = " | ".join(_fmt(s.get(k)) for k in RETRIEVAL_KEYS)
        deltas = " | ".join(_signed(d.get(k)) if d else "" for k in RETRIEVAL_KEYS)
        lines.append(f"| {name} | {values} | {deltas} |")
    lines += ["", "| pipeline | " + " | ".join(f"{lang} hit@1 | {lang} MRR" for lang in LANGUAGES) + " |"]
    lines.append("|---|" + "---|" * (2 * len(LANGUAGES)))
    for name, entry in baselines.items():
        cells = []
        for lang in LANGUAGES:
            s = entry["by_language"][lang]
            cells += [_fmt(s.get("retrieval_hit_at_1")), _fmt(s.get("mrr"))]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines + [""]


def render_png(report: Mapping[str, Any], outcomes: Sequence[Outcome], path: Path) -> None:
    """report.png: rate metrics per language side by side, and the latency histogram."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [k for k in SUMMARY_KEYS if k not in ("n", "latency_p50_ms", "latency_p95_ms")]
    fig, (bars, hist) = plt.subplots(1, 2, figsize=(14, 5), gridspec_kw={"width_ratios": [2, 1]})
    width = 0.8 / len(LANGUAGES)
    for i, lang in enumerate(LANGUAGES):
        stats = report["by_language"].get(lang, {})
        values = [stats.get(k) or 0.0 for k in keys]
        xs = [x + (i - (len(LANGUAGES) - 1) / 2) * width for x in range(len(keys))]
        drawn = bars.bar(xs, values, width, label=f"{lang} (n={stats.get('n', 0)})")
        bars.bar_label(
            drawn, labels=["n/a" if stats.get(k) is None else f"{stats[k]:.2f}" for k in keys], fontsize=7, padding=1
        )
    bars.set_xticks(range(len(keys)), [_LABELS[k] for k in keys], rotation=35, ha="right")
    bars.set_ylim(0, 1.18)
    bars.set_title("Metrics per question language")
    bars.legend(loc="upper right", ncol=len(LANGUAGES))
    latencies = [o.latency_ms for o in outcomes]
    hist.hist(latencies, bins=min(30, max(5, len(latencies) // 2)), color="gray")
    for key, style in (("latency_p50_ms", "--"), ("latency_p95_ms", ":")):
        value = report["summary"].get(key)
        if value is not None:
            hist.axvline(value, color="black", linestyle=style, label=f"{key[8:11]} {value:.0f} ms")
    hist.set_title("Latency per question")
    hist.set_xlabel("ms")
    hist.set_ylabel("questions")
    if latencies:
        hist.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(
    report: Mapping[str, Any], outcomes: Sequence[Outcome], out_dir: Path, show_test_failures: bool = False
) -> dict[str, Path]:
    """Write report.json, report.md and report.png into ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / f"report.{name}" for name in ("json", "md", "png")}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths["md"].write_text(render_markdown(report, outcomes, show_test_failures), encoding="utf-8")
    render_png(report, outcomes, paths["png"])
    return paths
