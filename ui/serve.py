"""``thesis-chat serve``: start the web chat (registered by ``ui.cli``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assistant.core.settings import Settings

LOCAL_HOSTS = ("127.0.0.1",)


def register(
    subparsers: argparse._SubParsersAction, parents: Sequence[argparse.ArgumentParser] = ()
) -> argparse.ArgumentParser:
    """Add the ``serve`` subcommand to ``subparsers`` (its handler is ``cmd_serve``)."""
    p = subparsers.add_parser(
        "serve",
        parents=list(parents),
        help="start the web chat",
        description="Start the web chat on http://127.0.0.1:7860 (THESIS_HOST / THESIS_PORT change it).",
    )
    p.add_argument("--host", help="address to bind (THESIS_HOST, default 127.0.0.1); others need --share-on-network")
    p.add_argument("--port", type=int, help="port (THESIS_PORT, default 7860)")
    p.add_argument("--generator", help="auto, extractive, llamacpp, openai, ollama (THESIS_GENERATOR)")
    p.add_argument(
        "--share-on-network",
        action="store_true",
        help="allow binding an address other than 127.0.0.1 (0.0.0.0 when --host is not given); "
        "set THESIS_AUTH=user:password too",
    )
    p.set_defaults(func=cmd_serve)
    return p


def serve_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """Settings with the serve flags applied; ValueError when the bind address is refused."""
    host = args.host
    if host is None and args.share_on_network and settings.host in LOCAL_HOSTS:
        host = "0.0.0.0"
    settings = settings.with_(host=host, port=args.port, generator=args.generator)
    if settings.host not in LOCAL_HOSTS and not args.share_on_network:
        raise ValueError(
            f"refusing to bind {settings.host}: the chat would be reachable from other machines. "
            "Add --share-on-network to mean it (and set THESIS_AUTH=user:password)."
        )
    if not 1 <= settings.port <= 65535:
        raise ValueError(f"--port {settings.port} is not a port: use 1-65535.")
    return settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Handler of ``thesis-chat serve``: check the bind address, then serve until Ctrl-C."""
    try:
        settings = serve_settings(args, settings)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if settings.host not in LOCAL_HOSTS and not settings.auth:
        print("warning: serving on the network without THESIS_AUTH: anyone who can reach it can chat.", file=sys.stderr)
    from ui.app import serve

    return serve(settings)
