"""``thesis-chat eval``: the evaluation subcommand, registered by the main CLI through :func:`register`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from evals.dataset import DEFAULT_QUESTIONS
from evals.runner import LANGUAGES, SUMMARY_KEYS, Threshold, check_thresholds, parse_threshold, run_eval


def _threshold(text: str) -> Threshold:
    try:
        return parse_threshold(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The eval flags, shared by the subcommand and ``python -m evals.cli``."""
    parser.add_argument(
        "--questions",
        type=Path,
        default=DEFAULT_QUESTIONS,
        metavar="FILE",
        help="question set, one JSON object per line (default: the project's own set)",
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
        metavar="METRIC=VALUE",
        help="exit 1 when a metric is under VALUE; repeatable; METRIC is a summary key or "
        "LANG.KEY for one language, e.g. retrieval_hit_at_1=0.95 or id.key_fact_recall=0.9",
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
        "report.json, report.md and report.png; compare with BM25, dense and textbook LangChain baselines.",
    )
    add_arguments(parser)
    parser.set_defaults(func=handle)
    return parser


def handle(args: argparse.Namespace, settings: Settings) -> int:
    """Run the evaluation, print the summary, and return 1 when a --fail-under floor is not met."""
    settings = settings.with_(generator=args.generator, k=args.k)
    settings.validate()
    report = run_eval(
        settings, args.questions, args.out, baselines=not args.no_baselines, progress=not args.no_progress
    )
    print(summary_table(report))
    print(f"wrote {args.out / 'report.json'}, report.md, report.png")
    failures = check_thresholds(report, args.fail_under)
    for failure in failures:
        print(f"eval: FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


def summary_table(report: dict[str, Any]) -> str:
    """A plain-text table of the summary and per-language metrics for the terminal."""
    width = max(len(k) for k in SUMMARY_KEYS)
    lines = [f"{'metric':<{width}}  {'all':>8}  " + "  ".join(f"{lang:>8}" for lang in LANGUAGES)]
    for key in SUMMARY_KEYS:
        cells = [report["summary"].get(key)] + [report["by_language"][lang].get(key) for lang in LANGUAGES]
        lines.append(f"{key:<{width}}  " + "  ".join(f"{'n/a' if v is None else v:>8}" for v in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m evals.cli``: the same command without the main CLI (settings from THESIS_* variables)."""
    parser = argparse.ArgumentParser(prog="python -m evals.cli", description="Evaluate the thesis assistant.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    from assistant.errors import AssistantError

    try:
        return handle(args, Settings.from_env())
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
