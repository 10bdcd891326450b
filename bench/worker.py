"""Measurements that run in a child process (``python -m bench.worker TASK --json ARGS``).

A child process per measurement keeps memory figures honest (its own peak RSS) and keeps one
measurement's caches and threads from leaking into the next. The result is one JSON line on
stdout prefixed with ``BENCH_RESULT``.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import questions as bench_questions

PREFIX = "BENCH_RESULT "


def percentiles(values: Sequence[float]) -> dict[str, float | None]:
    """p50/p95/mean/n of latencies in ms (interpolated like numpy)."""
    from evals.metrics import percentile

    return {
        "p50": _round(percentile(values, 50)),
        "p95": _round(percentile(values, 95)),
        "mean": _round(sum(values) / len(values)) if values else None,
        "n": len(values),
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def memory() -> dict[str, float]:
    """This process's current and peak RSS in MB."""
    out = {"maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_mb"] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return out


def _settings(args: dict[str, Any]) -> Any:
    from assistant.core.settings import Settings

    return Settings(
        corpus_dir=Path(args.get("corpus", "corpus")),
        index_dir=Path(args.get("index", ".thesis_index")),
        chroma_host=args.get("chroma_host"),
        chroma_port=int(args.get("chroma_port", 8000)),
        collection=args.get("collection", "thesis"),
        embedder=args.get("embedder", "e5"),
        generator="extractive",
        # off unless asked: a measured process embeds what it needs, as the first process after an ingest
        sentence_cache=bool(args.get("sentence_cache", False)),
    )


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def task_ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Run one ingest; its report, timings and this process's peak RSS."""
    from ingest import ingest

    report = ingest(_settings(args))
    return {
        "seconds": round(report.seconds, 3),
        "documents": report.documents,
        "sections": report.sections,
        "chunks": report.chunks,
        "embedded": report.embedded,
        "reused": report.reused,
        "unchanged": report.unchanged,
        "timings": {k: round(v, 3) for k, v in report.timings.items()},
    }


def _forget_question_vectors(bot: Any) -> None:
    """Empty the retriever's per-question vector cache: a warm process meeting a question anew."""
    cache = getattr(bot.retriever, "_vectors", None)
    if isinstance(cache, dict):
        cache.clear()


def task_measure(args: dict[str, Any]) -> dict[str, Any]:
    """Latencies over the fixed questions in a warm process: retrieval, its parts, ``ask`` (extractive).

    ``first_ask_ms``: each question's first ask (its passages' sentences get embedded then).
    ``ask_ms``/``retrieval_ms``: later asks with the question's own vector forgotten, as for a new
    question about passages seen before. ``repeat_ask_ms``: the same question again, all caches hit.
    """
    from assistant import Assistant

    rounds = int(args.get("rounds", 3))
    settings = _settings(args)
    start = time.perf_counter()
    bot = Assistant(settings, warm=False)  # no background warm-up: the first asks below embed what they need
    load_s = time.perf_counter() - start
    texts = bench_questions.texts()
    first, answers = [], []
    for q in texts:  # warm-up pass, timed apart: a question's first ask embeds its passages' sentences
        start = time.perf_counter()
        answers.append(bot.ask(q))
        first.append((time.perf_counter() - start) * 1000)
    retrieval, ask, repeat, embed, dense, lexical, refresh = [], [], [], [], [], [], []
    index = bot.retriever.index
    tops: list[list[Any]] = []
    for _ in range(rounds):
        for q in texts:
            _forget_question_vectors(bot)
            start = time.perf_counter()
            tops.append(bot.retriever.search(q, k=settings.k, mode="hybrid"))
            retrieval.append((time.perf_counter() - start) * 1000)
    for _ in range(rounds):
        for q in texts:
            _forget_question_vectors(bot)
            ask.append(_timed(lambda q=q: bot.ask(q)))
    for q in texts:  # the very same question again: every cache hits
        repeat.append(_timed(lambda q=q: bot.ask(q)))
    from assistant.core.language import detect_language
    from assistant.core.text import query_terms

    for q in texts:
        vector = bot.embedder.embed_query(q)
        embed.append(_timed(lambda q=q: bot.embedder.embed_query(q)))
        dense.append(_timed(lambda v=vector: index.dense_search(v, 30)))
        terms = query_terms(q, detect_language(q))
        lexical.append(_timed(lambda t=terms: index.bm25.top(t, 30)))
        refresh.append(_timed(index.generation_changed))
    hits, answered, refused_ok = 0, 0, 0
    for (q, expected), answer, passages in zip(bench_questions.QUESTIONS, answers, tops):
        if expected is None:
            refused_ok += int(answer.refused)
            continue
        hits += int(bool(passages) and passages[0].chunk.section_id == expected)
        answered += int(not answer.refused)
    answerable = sum(1 for _, e in bench_questions.QUESTIONS if e is not None)
    return {
        "load_s": round(load_s, 3),
        "chunks": len(index.chunks),
        "bm25_terms": len(index.bm25.postings),
        "first_ask_ms": percentiles(first),
        "retrieval_ms": percentiles(retrieval),
        "ask_ms": percentiles(ask),
        "repeat_ask_ms": percentiles(repeat),
        "parts_ms": {
            "embed_query": percentiles(embed),
            "chroma_query_30": percentiles(dense),
            "bm25_top_30": percentiles(lexical),
            "generation_check": percentiles(refresh),
        },
        "hit_at_1": round(hits / answerable, 3),
        "answered": f"{answered}/{answerable}",
        "refused_unanswerable": f"{refused_ok}/{len(bench_questions.QUESTIONS) - answerable}",
    }


def _index_texts(args: dict[str, Any]) -> list[str]:
    from assistant.index import store

    settings = _settings(args)
    client = store.open_client(settings)
    collection = store.data_collection(client, store.read_manifest(client, settings))
    ids, docs = [], []
    total = collection.count()
    for offset in range(0, total, 2000):
        page = collection.get(include=["documents"], limit=2000, offset=offset)
        ids += page["ids"]
        docs += page["documents"]
    return [d for _, d in sorted(zip(ids, docs))]


def task_embed_rate(args: dict[str, Any]) -> dict[str, Any]:
    """Raw embedder throughput (texts/s) on the index's own chunk texts (all, or a seeded sample)."""
    from assistant.index.embeddings import get_embedder

    texts = _index_texts(args)
    sample = int(args.get("sample", 0))
    if sample and sample < len(texts):
        texts = random.Random(0).sample(texts, sample)
    out: dict[str, Any] = {"texts": len(texts), "mean_chars": round(sum(map(len, texts)) / len(texts), 1)}
    for name in args.get("embedders", ["e5"]):
        start = time.perf_counter()
        embedder = get_embedder(name)
        load_s = time.perf_counter() - start
        embedder.embed_passages(texts[:2])  # warm-up
        start = time.perf_counter()
        embedder.embed_passages(texts)
        seconds = time.perf_counter() - start
        over = sum(1 for t in texts if not embedder.fits(t))
        out[name] = {
            "load_s": round(load_s, 3),
            "seconds": round(seconds, 3),
            "texts_per_s": round(len(texts) / seconds, 3),
            "truncated_texts": over,
            "max_tokens": embedder.max_tokens,
            "id": embedder.id,
        }
    return out


def task_e5_threads(args: dict[str, Any]) -> dict[str, Any]:
    """e5 query latency and passage throughput under this process's OpenMP settings (set by the parent)."""
    from assistant.index.embeddings import get_embedder

    texts = _index_texts(args)
    texts = random.Random(0).sample(texts, min(len(texts), int(args.get("sample", 32))))
    embedder = get_embedder("e5")
    embedder.embed_query("warm-up")
    rounds = int(args.get("rounds", 3))
    latencies = [_timed(lambda q=q: embedder.embed_query(q)) for _ in range(rounds) for q in bench_questions.texts()]
    start = time.perf_counter()
    embedder.embed_passages(texts)
    seconds = time.perf_counter() - start
    return {
        "omp": {k: os.environ.get(k, "unset") for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")},
        "query_ms": percentiles(latencies),
        "texts": len(texts),
        "texts_per_s": round(len(texts) / seconds, 3),
        "load": round(os.getloadavg()[0], 2),
    }


def task_textbook(args: dict[str, Any]) -> dict[str, Any]:
    """The textbook LangChain pipeline of evals/baselines.py: build time, size, query latency, hit@1."""
    import chromadb
    from langchain_chroma import Chroma

    from assistant.index.embeddings import get_embeddings
    from evals.baselines import TEXTBOOK_K, textbook_chunks

    settings = _settings(args)
    rounds = int(args.get("rounds", 3))
    start = time.perf_counter()
    chunks = textbook_chunks(settings.corpus_dir)
    split_s = time.perf_counter() - start
    embeddings = get_embeddings(settings)
    with tempfile.TemporaryDirectory(prefix="bench-textbook-", ignore_cleanup_errors=True) as tmp:
        client = chromadb.PersistentClient(path=tmp, settings=chromadb.config.Settings(anonymized_telemetry=False))
        store = Chroma(collection_name="textbook_baseline", embedding_function=embeddings, client=client)
        start = time.perf_counter()
        store.add_texts([text for text, _ in chunks], metadatas=[meta for _, meta in chunks])
        build_s = time.perf_counter() - start
        texts = bench_questions.texts()
        for q in texts:
            store.similarity_search(q, k=TEXTBOOK_K)
        latencies = [_timed(lambda q=q: store.similarity_search(q, k=TEXTBOOK_K)) for _ in range(rounds) for q in texts]
        hits, answerable = 0, 0
        for q, expected in bench_questions.QUESTIONS:
            if expected is None:
                continue
            answerable += 1
            top = store.similarity_search(q, k=TEXTBOOK_K)
            hits += int(bool(top) and top[0].metadata.get("section") == expected)
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    return {
        "chunks": len(chunks),
        "split_s": round(split_s, 3),
        "build_s": round(build_s + split_s, 3),
        "chunks_per_s": round(len(chunks) / (build_s + split_s), 3),
        "disk_mb": round(size / 2**20, 2),
        "retrieval_ms": percentiles(latencies),
        "hit_at_1": round(hits / answerable, 3),
    }


def task_store_compare(args: dict[str, Any]) -> dict[str, Any]:
    """Embedded Chroma against a ``chroma run`` server with the same records and query vectors."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from assistant.index import store
    from assistant.index.embeddings import get_embedder

    settings = _settings(args)
    rounds = int(args.get("rounds", 3))
    source = store.data_collection(store.open_client(settings), store.read_manifest(store.open_client(settings), settings))
    records: dict[str, list[Any]] = {"ids": [], "embeddings": [], "documents": [], "metadatas": []}
    for offset in range(0, source.count(), 1000):
        page = source.get(include=["embeddings", "documents", "metadatas"], limit=1000, offset=offset)
        for key in records:
            records[key] += list(page[key])
    embedder = get_embedder(settings.embedder)
    vectors = [embedder.embed_query(q).tolist() for q in bench_questions.texts()]
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    out: dict[str, Any] = {"records": len(records["ids"])}
    with tempfile.TemporaryDirectory(prefix="bench-store-", ignore_cleanup_errors=True) as tmp:
        clients = {
            "embedded": chromadb.PersistentClient(path=tmp, settings=chroma_settings),
            "server": chromadb.HttpClient(host=args["server_host"], port=int(args["server_port"]),
                                          settings=chroma_settings),
        }
        for name, client in clients.items():
            collection = client.create_collection(f"bench-{uuid.uuid4().hex[:8]}", embedding_function=None,
                                                  metadata={"hnsw:space": "cosine"})
            start = time.perf_counter()
            for i in range(0, len(records["ids"]), 1000):
                collection.add(**{k: v[i : i + 1000] for k, v in records.items()})
            add_s = time.perf_counter() - start
            start = time.perf_counter()
            for offset in range(0, collection.count(), 2000):
                collection.get(include=["documents", "metadatas"], limit=2000, offset=offset)
            read_s = time.perf_counter() - start
            for v in vectors:
                collection.query(query_embeddings=[v], n_results=30, include=["distances"])
            latencies = [
                _timed(lambda c=collection, v=v: c.query(query_embeddings=[v], n_results=30, include=["distances"]))
                for _ in range(rounds)
                for v in vectors
            ]
            out[name] = {"add_s": round(add_s, 3), "read_all_s": round(read_s, 3), "query_ms": percentiles(latencies)}
            client.delete_collection(collection.name)
    return out


TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "ingest": task_ingest,
    "measure": task_measure,
    "embed-rate": task_embed_rate,
    "textbook": task_textbook,
    "e5-threads": task_e5_threads,
    "store-compare": task_store_compare,
}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench.worker TASK JSON``: run one task and print its result line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 2 or argv[0] not in TASKS:
        print(f"usage: python -m bench.worker {{{','.join(TASKS)}}} JSON", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    started = time.perf_counter()
    result = TASKS[argv[0]](json.loads(argv[1]))
    result["task_wall_s"] = round(time.perf_counter() - started, 3)
    result.update(memory())
    print(PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
