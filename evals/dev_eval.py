"""Answering measured on the development collection's dev split, before the evaluation runner
reads the collection: key-fact recall per language, section hit@1, answerable refused, refusal
recall, false premises, follow-ups (the issue's targets).

    THESIS_CORPUS_DIR=<dev docs> THESIS_INDEX_DIR=<index> python -m evals.dev_eval QUESTIONS.jsonl [--show]

Only rows with ``"split": "dev"`` are read; ``--docs a,b`` keeps some documents (leave-one-out).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

UNANSWERABLE_KINDS = {"unanswerable", "offtopic", "injection"}


def has_fact(text: str, fact: str) -> bool:
    """A key fact (alternatives with |) is in the answer text, case-insensitive."""
    lowered = text.lower()
    return any(alt.strip().lower() in lowered for alt in fact.split("|") if alt.strip())


def judge(row: dict, answer) -> dict:  # noqa: ANN001 - an assistant.Answer
    """What one answer got right."""
    facts = row.get("key_facts") or []
    sections = row.get("expected_sections") or []
    facts_found = sum(has_fact(answer.text, f) for f in facts)
    cited = [c.section for c in answer.citations]
    top = answer.sources[0].section if answer.sources else (cited[0] if cited else None)
    return {
        "id": row["id"], "kind": row["kind"], "language": row["language"], "answerable": row["answerable"],
        "refused": answer.refused, "facts": len(facts), "facts_found": facts_found,
        "section_hit": (top in sections or (bool(cited) and cited[0] in sections)) if sections else None,
        "premise_ok": (answer.refused or facts_found == len(facts)) if row["kind"] == "false_premise" else None,
        "text": answer.text, "notes": list(answer.notes), "question": row["question"],
        "expected_sections": sections, "key_facts": facts, "top": top,
    }


def summarise(results: list[dict]) -> dict[str, float | None]:
    """The issue's metrics over judged rows."""
    def mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    answerable = [r for r in results if r["answerable"]]
    out: dict[str, float | None] = {}
    for language in ("id", "en"):
        rows = [r for r in answerable if r["language"] == language and r["facts"]]
        out[f"key_fact_recall.{language}"] = mean([r["facts_found"] / r["facts"] for r in rows])
    out["key_fact_recall"] = mean([r["facts_found"] / r["facts"] for r in answerable if r["facts"]])
    out["section_hit_at_1"] = mean([float(r["section_hit"]) for r in answerable if r["section_hit"] is not None])
    out["answerable_refused"] = mean([float(r["refused"]) for r in answerable])
    refusable = [r for r in results if r["kind"] in UNANSWERABLE_KINDS]
    out["refusal_recall"] = mean([float(r["refused"]) for r in refusable])
    out["false_premise_ok"] = mean([float(r["premise_ok"]) for r in results if r["premise_ok"] is not None])
    follow = [r for r in results if r["kind"] == "followup"]
    out["followup_right"] = mean([float(not r["refused"] and r["facts_found"] == r["facts"]) for r in follow])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--docs", default="", help="comma-separated doc ids to keep")
    parser.add_argument("--show", action="store_true", help="print every failure")
    parser.add_argument("--out", type=Path, help="write the judged rows as JSON lines")
    args = parser.parse_args(argv)
    from assistant import Assistant
    from assistant.core.settings import Settings

    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("split") == "dev"]
    if args.docs:
        keep = set(args.docs.split(","))
        rows = [r for r in rows if r["doc"] in keep]
    bot = Assistant(Settings.from_env(), warm=False)
    results, times = [], []
    for row in rows:
        start = time.perf_counter()
        answer = bot.ask(row["question"], history=row.get("history") or None, document=row["doc"])
        times.append((time.perf_counter() - start) * 1000)
        results.append(judge(row, answer))
    summary = summarise(results)
    summary["latency_p50_ms"] = round(statistics.median(times), 1) if times else None
    per_kind: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        per_kind[r["kind"]].append(r)
    for kind, items in sorted(per_kind.items()):
        ok = sum(_right(r) for r in items)
        print(f"  {kind:14s} {ok}/{len(items)}")
    for name, value in summary.items():
        print(f"{name:24s} {value}")
    if args.show:
        for r in results:
            if not _right(r):
                print(f"\n[{r['id']} {r['kind']} {r['language']}] {r['question']}\n  want {r['key_facts']} in "
                      f"{r['expected_sections']}; top={r['top']} refused={r['refused']} {r['notes']}\n  got: {r['text'][:300]}")
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), encoding="utf-8")
    return 0


def _right(r: dict) -> bool:
    if r["kind"] in UNANSWERABLE_KINDS:
        return r["refused"]
    if r["kind"] == "false_premise":
        return bool(r["premise_ok"])
    return not r["refused"] and r["facts_found"] == r["facts"] and r["section_hit"] is not False


if __name__ == "__main__":
    sys.exit(main())
