"""Write an evaluation report as JSON, Markdown (tables, then failures) and a PNG chart."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from evals.runner import LANGUAGES, RETRIEVAL_KEYS, SUMMARY_KEYS, Outcome, failure_reasons

_LABELS = {
    "n": "questions",
    "retrieval_hit_at_1": "retrieval hit@1",
    "retrieval_hit_at_3": "retrieval hit@3",
    "mrr": "MRR",
    "citation_precision": "citation precision",
    "citation_recall": "citation recall",
    "key_fact_recall": "key-fact recall",
    "refusal_precision": "refusal precision",
    "refusal_recall": "refusal recall",
    "language_match": "language match",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}
_ANSWER_CHARS = 900


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.3f}"


def render_markdown(report: Mapping[str, Any], outcomes: Sequence[Outcome]) -> str:
    """report.md: summary table, baselines with deltas, then every failure with its answer."""
    meta = report.get("meta", {})
    lines = ["# Evaluation report", ""]
    if meta:
        lines += [
            (
                f"Generator `{meta.get('generator', '?')}`, embedder `{meta.get('embedder', '?')}`, "
                f"k={meta.get('k', '?')}, questions `{meta.get('questions', '?')}`, {meta.get('seconds', '?')} s, "
                f"errors {meta.get('errors', 0)}."
            ),
            "",
        ]
    lines += ["## Summary", "", "| metric | all | id | en |", "|---|---|---|---|"]
    for key in SUMMARY_KEYS:
        per_lang = [_fmt(report["by_language"].get(lang, {}).get(key)) for lang in LANGUAGES]
        lines.append(f"| {_LABELS[key]} | {_fmt(report['summary'].get(key))} | {' | '.join(per_lang)} |")
    lines += [
        "",
        "Retrieval and citation metrics count answerable questions; refusal, language and latency count all.",
        "",
    ]
    lines += _baseline_lines(report.get("baselines") or {})
    failures = [(o, failure_reasons(o)) for o in outcomes]
    failures = [(o, reasons) for o, reasons in failures if reasons]
    lines += [f"## Failures ({len(failures)} of {len(outcomes)})", ""]
    if not failures:
        lines += ["None.", ""]
    for outcome, reasons in failures:
        row = outcome.row
        answer = outcome.answer if len(outcome.answer) <= _ANSWER_CHARS else outcome.answer[:_ANSWER_CHARS] + " …"
        lines += [
            f"### {row.id} ({row.language}) {row.question}",
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
            "",
            *(f"> {line}" if line else ">" for line in answer.splitlines() or [""]),
            "",
        ]
    return "\n".join(lines)


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


def write_reports(report: Mapping[str, Any], outcomes: Sequence[Outcome], out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.png into ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / f"report.{name}" for name in ("json", "md", "png")}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths["md"].write_text(render_markdown(report, outcomes), encoding="utf-8")
    render_png(report, outcomes, paths["png"])
    return paths
