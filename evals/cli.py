"""``thesis-chat eval``: the evaluation subcommand, registered by the main CLI through :func:`register`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.core.settings import Settings
from evals.dataset import DEFAULT_QUESTIONS
from evals.runner import (
    CEILINGS,
    LANGUAGES,
    SUMMARY_KEYS,
    THRESHOLD_SYNTAX,
    Threshold,
    check_thresholds,
    parse_threshold,
    run_eval,
)


def _threshold(text: str) -> Threshold:
    try:
        return parse_threshold(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _ceiling(text: str) -> Threshold:
    try:
        return parse_threshold(text, ceiling=True)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The eval flags, shared by the subcommand and ``python -m evals.cli``."""
    parser.add_argument(
        "--questions",
        type=Path,
        default=DEFAULT_QUESTIONS,
        metavar="PATH",
        help="question set, one JSON object per line, or a folder whose *.jsonl files are read in name "
        "order (default: the project's own set)",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="all",
        help="evaluate the questions of one split of the collection (default: all)",
    )
    parser.add_argument(
        "--show-test-failures",
        action="store_true",
        help="list the failed test-split questions in report.md too (by default only their numbers, "
        "so nobody tunes on the test split)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("eval-report"),
        metavar="DIR",
        help="folder for report.json, report.md and report.png (default: eval-report)",
    )
    parser.add_argument(
        "--generator",
        default=None,
        metavar="NAME",
        help="answer backend to evaluate (auto, extractive, llamacpp, openai, ollama)",
    )
    parser.add_argument("--k", type=int, default=None, metavar="N", help="passages retrieved per question")
    parser.add_argument(
        "--fail-under",
        type=_threshold,
        action="append",
        default=[],
        metavar="[SCOPE.]METRIC=VALUE",
        help="exit 1 when a metric is under VALUE (or undefined); repeatable. Syntax: "
        f"{THRESHOLD_SYNTAX}. SCOPE is a split (dev, test), a language (id, en), a kind "
        "(followup, false_premise, ...), or a split then a language or kind",
    )
    parser.add_argument(
        "--fail-over",
        type=_ceiling,
        action="append",
        default=[],
        metavar="[SCOPE.]METRIC=VALUE",
        help=f"exit 1 when a lower-is-better metric ({', '.join(CEILINGS)}) is over VALUE; same scopes, "
        "e.g. dev.answerable_refused_rate=0.2",
    )
    parser.add_argument(
        "--no-baselines", action="store_true", help="skip the BM25, dense and textbook LangChain baselines"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> argparse.ArgumentParser:
    """Add the ``eval`` subcommand to the main CLI's subparsers (``parents`` carry its common flags)."""
    parser = subparsers.add_parser(
        "eval",
        parents=list(parents),
        help="measure retrieval, citations, refusal and latency on a question set",
        description="Run every question of a question set through the assistant and write "
        "report.json, report.md and report.png; compare with BM25, dense and textbook LangChain baselines. "
        "With --corpus DIR the folder is first ingested (incrementally) into a cache index, "
        "<index>/eval-<folder name> (or --index DIR), and the questions are asked against it, each with "
        "its document picked and its earlier turns as history: "
        "thesis-chat eval --questions evals/collection.jsonl --corpus evals/collection --split dev",
    )
    add_arguments(parser)
    parser.set_defaults(func=handle)
    return parser


def handle(args: argparse.Namespace, settings: Settings) -> int:
    """Run the evaluation (ingesting ``--corpus`` first when given), print the summary tables, and
    return 1 when a --fail-under floor or --fail-over ceiling is not met."""
    settings = settings.with_(generator=args.generator, k=args.k)
    settings.validate()
    meta: dict[str, Any] = {}
    if getattr(args, "corpus", None) is not None:
        from evals.corpus import prepare_index

        prepared = prepare_index(settings, args.corpus, getattr(args, "index", None))
        settings = prepared.settings
        rebuilt = " (parsed again: the write path's code changed since it was built)" if prepared.rebuilt else ""
        print(f"index {settings.index_dir}{rebuilt}: {prepared.summary}", file=sys.stderr)
        meta = {"corpus": str(args.corpus), "index": str(settings.index_dir)}
    report = run_eval(
        settings,
        args.questions,
        args.out,
        split=args.split,
        baselines=not args.no_baselines,
        progress=not args.no_progress,
        show_test_failures=args.show_test_failures,
        extra_meta=meta,
    )
    print(summary_table(report))
    print(f"wrote {args.out / 'report.json'}, report.md, report.png")
    if report["meta"].get("errors"):
        kinds = ", ".join(f"{n} {name}" for name, n in report["meta"].get("errors_by_type", {}).items())
        print(f"eval: {report['meta']['errors']} question(s) raised an error ({kinds}): see report.md", file=sys.stderr)
    failures = check_thresholds(report, [*args.fail_under, *getattr(args, "fail_over", [])])
    for failure in failures:
        print(f"eval: FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


def summary_table(report: dict[str, Any]) -> str:
    """Plain-text tables for the terminal: every metric for all questions, per language and per split
    (and language inside it); then a few metrics per document and per kind."""
    from evals.report import GROUP_KEYS, SHORT_LABELS, split_columns

    columns = [("all", report["summary"])] + [(lang, report["by_language"][lang]) for lang in LANGUAGES]
    columns += split_columns(report)
    width = max(len(k) for k in SUMMARY_KEYS)
    cell = max(8, *(len(title) for title, _ in columns))
    lines = [f"{'metric':<{width}}  " + "  ".join(f"{title:>{cell}}" for title, _ in columns)]
    for key in SUMMARY_KEYS:
        values = [summary.get(key) for _, summary in columns]
        lines.append(f"{key:<{width}}  " + "  ".join(f"{'n/a' if v is None else v:>{cell}}" for v in values))
    for title, groups in (("document", report.get("by_document") or {}), ("kind", report.get("by_kind") or {})):
        if not groups:
            continue
        name_width = max(len(title), *(len(g) for g in groups))
        lines += ["", f"{title:<{name_width}}  " + "  ".join(f"{SHORT_LABELS[k]:>11}" for k in GROUP_KEYS)]
        for name, summary in groups.items():
            values = [summary.get(k) for k in GROUP_KEYS]
            lines.append(f"{name:<{name_width}}  " + "  ".join(f"{'n/a' if v is None else v:>11}" for v in values))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m evals.cli``: the same command without the main CLI (settings from THESIS_* variables)."""
    parser = argparse.ArgumentParser(prog="python -m evals.cli", description="Evaluate the thesis assistant.")
    add_arguments(parser)
    parser.add_argument("--corpus", type=Path, help="ingest this folder into a cache index and evaluate on it")
    parser.add_argument("--index", type=Path, help="index folder for --corpus (default <index dir>/eval-<name>)")
    args = parser.parse_args(argv)
    from assistant.core.errors import AssistantError

    try:
        return handle(args, Settings.from_env())
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
