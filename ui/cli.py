"""``thesis-chat``: ingest, ask, chat, serve, eval. The only place (with the UI) that turns errors into messages."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.core.errors import AssistantError
from assistant.core.settings import Settings

# Subcommands that live in other packages, imported only when used (keeps `ask` cold start short).
EXTERNAL = {
    "serve": ("ui.serve", "start the web chat"),
    "eval": ("evals.cli", "run the evaluation over a question set"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``thesis-chat`` console script."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        settings = Settings.from_env(
            corpus_dir=args.corpus, index_dir=args.index, embedder=args.embedder, chroma_host=args.chroma_host,
            chroma_port=args.chroma_port, generator=getattr(args, "generator", None), k=getattr(args, "k", None),
        )
        return int(args.func(args, settings) or 0)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `thesis-chat ask ... | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The argument parser (external subcommands are fully built only when named in ``argv``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", type=Path, help="corpus folder (THESIS_CORPUS_DIR, default corpus/)")
    common.add_argument("--index", type=Path, help="index folder (THESIS_INDEX_DIR, default .thesis_index/)")
    common.add_argument("--embedder", help="e5 (default), minilm, or sentence-transformers:/path (THESIS_EMBEDDER)")
    common.add_argument("--chroma-host", help="use a Chroma server at this host (THESIS_CHROMA_HOST)")
    common.add_argument("--chroma-port", type=int, help="Chroma server port (THESIS_CHROMA_PORT, default 8000)")
    common.add_argument("-v", "--verbose", action="store_true", help="log what happens")

    parser = argparse.ArgumentParser(prog="thesis-chat", description=__doc__, parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="parse, chunk, embed and store the corpus")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", parents=[common], help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.add_argument("--generator", help="auto, extractive, llamacpp, openai, ollama (THESIS_GENERATOR)")
    p.add_argument("--k", type=int, help="passages retrieved (THESIS_K, default 4)")
    p.add_argument("--document", metavar="NAME", help="answer from this document only (file name, stem or title)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", parents=[common], help="chat in the terminal (keeps the conversation)")
    p.add_argument("--generator", help="auto, extractive, llamacpp, openai, ollama (THESIS_GENERATOR)")
    p.add_argument("--k", type=int, help="passages retrieved (THESIS_K, default 4)")
    p.add_argument("--document", metavar="NAME", help="answer from this document only (file name, stem or title)")
    p.set_defaults(func=cmd_chat)

    for name, (module, help_text) in EXTERNAL.items():
        if name in argv:
            importlib.import_module(module).register(sub, parents=[common])
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """``thesis-chat ingest``."""
    from ingest import ingest

    progress = None if args.no_progress else _tqdm_progress
    report = ingest(settings, progress=progress)
    for note in report.notes:
        print(f"note: {note}")
    for skipped in report.skipped:
        print(f"skipped: {skipped.doc_id} {skipped.reason}", file=sys.stderr)
    if report.removed_documents:
        print(f"removed: {', '.join(report.removed_documents)}")
    print(report.summary())
    return 0


def _tqdm_progress(total: int, description: str):  # noqa: ANN202 - a tqdm bar
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="chunk", file=sys.stderr)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """``thesis-chat ask``."""
    from assistant.assistant import Assistant

    bot = Assistant(settings, warm=False)
    answer = bot.ask(args.question, document=args.document)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer, show_documents=len(bot.info().documents) > 1))
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """``thesis-chat chat``: a terminal conversation; an empty line or Ctrl-D ends it."""
    from assistant.assistant import Assistant
    from assistant.core.types import Finished

    bot = Assistant(settings)
    info = bot.info()
    titles = ", ".join(d.title for d in info.documents)
    print(f"Thesis assistant — {titles} — answering with {info.generator}. Empty line to quit.")
    history: list[dict[str, str]] = []
    while True:
        try:
            question = input("\n? ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            final = None
            for event in bot.stream(question, history=history, document=args.document):
                if isinstance(event, Finished):
                    final = event.answer
            assert final is not None
            print(format_answer(final, show_documents=len(info.documents) > 1))
            history += [{"role": "user", "content": question}, {"role": "assistant", "content": final.text}]
        except AssistantError as exc:
            print(f"error: {exc}")
    return 0


def format_answer(answer, show_documents: bool = False) -> str:  # noqa: ANN001 - an Answer
    """Plain-text rendering: answer, citations with quotes (and page, and document when several are
    loaded: "[6.2, p. 87 · tesis.pdf]"), sources."""
    lines = [answer.text, ""]
    if answer.refused:
        lines.append("(not in the thesis)" if answer.language == "en" else "(tidak ada dalam tesis)")
    for i, citation in enumerate(answer.citations, start=1):
        place = citation.section + (f", p. {citation.page}" if getattr(citation, "page", None) else "")
        if show_documents and getattr(citation, "doc_id", ""):
            place += f" · {citation.doc_id}"
        lines.append(f"[{place}] “{citation.quote}”")
    if answer.sources:
        lines.append("")
        lines.append("Sources:" if answer.language == "en" else "Sumber:")
        for source in answer.sources:
            where = f"{source.doc_id} " if show_documents else ""
            lines.append(f"  {source.rank}. {where}{source.section} {source.section_title} (score {source.score:.3f}) "
                         f"{source.text[:90]}…")
    for note in answer.notes:
        lines.append(f"note: {note}")
    lines.append(f"generator: {answer.generator}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
