"""Whether the passage that answers reaches the answerer: for each answerable dev question, the rank
among the retriever's candidates of the first passage holding one of its key facts, and of the first
passage of an expected (gold) section; recall@1/4/8/20 of both, per language.

    THESIS_INDEX_DIR=<index of evals/collection> python -m evals.retrieval_recall evals/collection.jsonl \
        [--pool 20] [--set NAME=v1,v2] [--show]

The answerer reads the top ``k`` (4) passages, a factoid's sentences the top 3: a key fact ranked 5-20
is lost to it. A question whose key facts no passage of its document holds (a fact the answer writes in
the other language only) counts for the section recall, not the key-fact recall. ``--set`` varies a
constant of ``assistant.retrieval.retrieve`` (``NAME=v1,v2``; the index is loaded once). Only rows
with ``"split": "dev"`` are read; structure questions (answered from the parsed outline) are left out.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from evals import sweep
from evals.metrics import fact_present

AT = (1, 3, 4, 8, 20)


def dev_rows(path: Path) -> list[dict]:
    """The dev split's answerable questions that retrieval serves (not the outline's structure answers)."""
    return [r for r in sweep.dev_rows(path) if r.get("answerable") and r.get("kind") != "structure"
            and (r.get("key_facts") or r.get("expected_sections"))]


def first_rank(flags: list[bool]) -> int | None:
    """1-based rank of the first true flag."""
    return next((rank for rank, flag in enumerate(flags, start=1) if flag), None)


def measure(retriever, rows: list[dict], pool: int = 20) -> list[dict]:  # a Retriever
    """Per row: the key-fact rank and the gold-section rank among ``pool`` candidates, and the time."""
    from assistant.answering.analysis import analyse
    from assistant.core.types import Turn

    index = retriever.index
    documents = {c.doc_id for c in index.chunks}
    out = []
    for row in rows:
        document = next((d for d in documents if d.rsplit("/", 1)[-1] == row["doc"]), None)
        if row.get("doc") and document is None:
            continue  # a document the index does not hold (yet)
        history = tuple(Turn(t["role"], t["content"]) for t in row.get("history") or ())
        started = time.perf_counter()
        analysis = analyse(row["question"], history, retriever.vocabulary_for(document), row["language"])
        result = retriever.retrieve(analysis, k=pool, document=document)
        took = 1000 * (time.perf_counter() - started)
        passages = result.passages[:pool]
        facts = row.get("key_facts") or []
        held = [sum(fact_present(f, c.text) for f in facts) for c in index.chunks if c.doc_id == document]
        most = max(held, default=0)  # the answering passage holds as many key facts as any passage does
        counts = [sum(fact_present(f, p.chunk.text) for f in facts) for p in passages]
        fact_rank = first_rank([n == most for n in counts]) if most else None
        expected = set(row.get("expected_sections") or ())
        section_rank = first_rank([p.chunk.section_id in expected for p in passages]) if expected else None
        out.append({"id": row["id"], "language": row["language"], "kind": row["kind"], "ms": took,
                    "has_fact": bool(most), "fact_rank": fact_rank,
                    "has_section": bool(expected), "section_rank": section_rank})
    return out


def summary(measured: list[dict]) -> dict[str, float]:
    """recall@k of key facts and of gold sections, per language and over all."""
    out: dict[str, float] = {}
    for language in ("all", "id", "en"):
        rows = [m for m in measured if language == "all" or m["language"] == language]
        for what in ("fact", "section"):
            ranked = [m[f"{what}_rank"] for m in rows if m[f"has_{what}"]]
            out[f"{language}.{what}.n"] = len(ranked)
            for k in AT:
                out[f"{language}.{what}@{k}"] = round(sum(1 for r in ranked if r is not None and r <= k)
                                                      / max(1, len(ranked)), 4)
        out[f"{language}.ms_p50"] = round(statistics.median(m["ms"] for m in rows), 1) if rows else 0.0
    return out


def table(result: dict[str, float]) -> str:
    """The summary as a small table: one line per language and measure."""
    lines = [f"{'':14s} {'n':>4s} " + " ".join(f"{'@' + str(k):>6s}" for k in AT)]
    for language in ("all", "id", "en"):
        for what in ("fact", "section"):
            lines.append(f"{language + ' ' + what:14s} {int(result[f'{language}.{what}.n']):4d} "
                         + " ".join(f"{result[f'{language}.{what}@{k}']:6.3f}" for k in AT))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", type=Path)
    parser.add_argument("--pool", type=int, default=20, help="candidates ranked per question")
    parser.add_argument("--set", action="append", default=[], help="NAME=v1,v2: a retrieve constant to vary")
    parser.add_argument("--show", action="store_true", help="list questions whose key fact ranks below 4")
    parser.add_argument("--json", action="store_true", help="one JSON line per variant instead of tables")
    parser.add_argument("--rows", type=Path, help="write the default variant's per-question ranks here (JSON lines)")
    args = parser.parse_args(argv)

    from assistant.retrieval import retrieve

    embedder, index = sweep.load_index()
    rows = dev_rows(args.questions)
    retriever = retrieve.Retriever(index, embedder)
    retrieve_all(retriever, rows, args.pool)  # warm: question vectors, sentence vectors, vocabulary
    for name, value in sweep.variants(args.set):
        if name:
            setattr(retrieve, name, value)
        measured = measure(retriever, rows, args.pool)
        result = summary(measured)
        label = f"{name}={value}" if name else "default"
        if args.json:
            print(json.dumps({"set": label, **result}))
        else:
            print(f"== {label} (pool {args.pool}, ask p50 {result['all.ms_p50']} ms)\n{table(result)}")
        if args.rows and not name:
            args.rows.write_text("".join(json.dumps(m) + "\n" for m in measured), encoding="utf-8")
        if args.show and not name:
            for m in measured:
                if m["has_fact"] and (m["fact_rank"] is None or m["fact_rank"] > 4):
                    print(f"  {m['id']:10s} {m['language']} {m['kind']:12s} fact@{m['fact_rank']} "
                          f"section@{m['section_rank']}")
    return 0


def retrieve_all(retriever, rows: list[dict], pool: int) -> None:
    """Ask every question once, so the timed pass measures warm retrieval."""
    measure(retriever, rows, pool)


if __name__ == "__main__":
    sys.exit(main())
