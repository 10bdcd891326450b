"""HTTP hardening in front of the Gradio app: one ASGI middleware, installed by ``ui.app.launch``.

What Gradio itself leaves open, closed here before a request reaches it:
- request bodies are bounded (Content-Length checked first, a streamed body counted as it arrives): 413;
- login attempts are throttled per client with a delay that doubles after each failure: 429;
- the upload route refuses cross-origin requests and is off when the app offers no upload: 403;
- a queue request for a function that does not exist gets 422, not Gradio's 500;
- ``thesis/document/<path>`` serves a corpus PDF inline (so ``#page=N`` opens the cited page):
  only ``.pdf`` files under the corpus folder, never hidden ones, behind the login when there is one.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 1 * 2**20  # a question, a vote, a click: far below this
UPLOAD_FILES_PER_REQUEST = 10  # one upload request may carry several files of max_upload_mb each
DOCUMENT_ROUTE = "/thesis/document/"


@dataclass(frozen=True)
class GuardPolicy:
    """What the guard allows (built from the settings by ``ui.app.launch``)."""

    uploads_enabled: bool
    max_upload_bytes: int
    corpus_dir: Path
    max_body_bytes: int = MAX_BODY_BYTES

    @property
    def max_upload_body(self) -> int:
        """The largest upload request: several files at the per-file limit, plus the multipart framing."""
        return self.max_upload_bytes * UPLOAD_FILES_PER_REQUEST + 2**20


@dataclass
class LoginThrottle:
    """Failed logins per client: ``free`` failures, then a wait that doubles (1, 2, 4 ... ``cap`` s)."""

    free: int = 3
    cap: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_left(self, client: str) -> float:
        """Seconds this client must still wait before its next attempt (0 when it may try)."""
        with self._lock:
            _, until = self._failures.get(client, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, client: str) -> float:
        """Record a failed attempt; return the wait it imposes."""
        with self._lock:
            if len(self._failures) > 10_000:  # many clients: forget the ones no longer waiting
                now = self.clock()
                self._failures = {k: v for k, v in self._failures.items() if v[1] > now}
            count = self._failures.get(client, (0, 0.0))[0] + 1
            delay = 0.0 if count <= self.free else min(self.cap, 2.0 ** (count - self.free - 1))
            self._failures[client] = (count, self.clock() + delay)
            return delay

    def succeeded(self, client: str) -> None:
        """A correct login clears the client's record."""
        with self._lock:
            self._failures.pop(client, None)


class _TooLarge(Exception):
    """A streamed body passed its limit."""


class HttpGuard:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, policy: GuardPolicy, throttle: LoginThrottle | None = None) -> None:
        self.app = app
        self.policy = policy
        self.throttle = throttle or LoginThrottle()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        if path.startswith(DOCUMENT_ROUTE) and method in ("GET", "HEAD"):
            await self._document(scope, receive, send, path[len(DOCUMENT_ROUTE):])
            return
        is_upload = path.rstrip("/").endswith("/upload") and method == "POST"
        if is_upload:
            if not self.policy.uploads_enabled:
                await _reply(send, 403, "uploads are off: this chat is served on the network without THESIS_AUTH.")
                return
            if not _same_origin(scope):
                await _reply(send, 403, "cross-origin upload refused: upload from the chat page itself.")
                return
        limit = self.policy.max_upload_body if is_upload else self.policy.max_body_bytes
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _reply(send, 413, f"request body over the {limit // 2**20} MiB limit.")
            return
        if method == "POST" and path.rstrip("/").endswith("/login"):
            await self._login(scope, receive, send)
            return
        if method == "POST" and path.rstrip("/").endswith(("/queue/join", "/run/predict")):
            await self._checked_call(scope, receive, send, limit)
            return
        await self._bounded(scope, receive, send, limit)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the request on, counting the body as it streams; 413 once it passes ``limit``."""
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await _reply(send, 413, f"request body over the {limit // 2**20} MiB limit.")

    async def _checked_call(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Read a (small) queue/predict body, refuse an unknown ``fn_index`` with 422, then replay it."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await _reply(send, 413, f"request body over the {limit // 2**20} MiB limit.")
                return
            if not message.get("more_body", False):
                break
        fn_index = _fn_index(bytes(body))
        blocks = _blocks(scope)
        if fn_index is not _ABSENT and blocks is not None:
            if not isinstance(fn_index, int) or isinstance(fn_index, bool) or fn_index not in blocks.fns:
                await _reply(send, 422, f"no function with fn_index {fn_index!r}: see /gradio_api/info.")
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = (scope.get("client") or ("unknown", 0))[0]
        wait = self.throttle.wait_left(client)
        if wait > 0:
            await _reply(send, 429, f"too many failed logins: wait {wait:.0f} s before trying again.",
                         [(b"retry-after", str(max(1, round(wait))).encode())])
            return
        status = 0

        async def tracked(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self._bounded(scope, receive, tracked, self.policy.max_body_bytes)
        if 200 <= status < 400:
            self.throttle.succeeded(client)
        elif status in (400, 401, 403):
            self.throttle.failed(client)

    async def _document(self, scope: Scope, receive: Receive, send: Send, relative: str) -> None:
        """Serve one corpus PDF inline (404 for anything else, 401 without the login)."""
        if not _logged_in(scope):
            await _reply(send, 401, "log in first.")
            return
        path = corpus_pdf(self.policy.corpus_dir, urllib.parse.unquote(relative))
        if path is None:
            await _reply(send, 404, "no such PDF in the corpus.")
            return
        from starlette.responses import FileResponse

        response = FileResponse(path, media_type="application/pdf", content_disposition_type="inline",
                                filename=path.name, headers={"Cache-Control": "no-store",
                                                             "X-Content-Type-Options": "nosniff"})
        await response(scope, receive, send)


def corpus_pdf(corpus_dir: Path, relative: str) -> Path | None:
    """The corpus PDF ``relative`` names, or None: no absolute path, no ``..``, no hidden part,
    nothing whose real location (symlinks resolved) is outside the corpus folder."""
    parts = relative.replace("\\", "/").split("/")
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    root = corpus_dir.resolve()
    try:
        path = (root / "/".join(parts)).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(root) or not path.is_file() or path.suffix.lower() != ".pdf":
        return None
    return path


_ABSENT = object()


def _fn_index(body: bytes) -> Any:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return _ABSENT  # Gradio answers malformed JSON itself (422)
    return data.get("fn_index", _ABSENT) if isinstance(data, dict) else _ABSENT


def _blocks(scope: Scope) -> Any:
    app = scope.get("app")
    try:
        return app.get_blocks() if app is not None else None
    except Exception:  # noqa: BLE001 - no blocks yet: let Gradio answer
        return None


def _logged_in(scope: Scope) -> bool:
    """True when the app has no login, or the request carries a valid Gradio session cookie."""
    app = scope.get("app")
    if app is None or (getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None):
        return True
    cookies: dict[str, str] = {}
    raw = _header(scope, b"cookie") or ""
    for item in raw.split(";"):
        name, _, value = item.strip().partition("=")
        cookies[name] = value
    cookie_id = getattr(app, "cookie_id", "")
    token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
    return bool(token) and getattr(app, "tokens", {}).get(token) is not None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _same_origin(scope: Scope) -> bool:
    """No Origin header (gradio_client, curl) or one naming this very host: browsers send Origin on
    every cross-site POST, so a page elsewhere cannot pass."""
    origin = _header(scope, b"origin")
    if origin is None:
        return True
    host = _header(scope, b"host") or ""
    parsed = urllib.parse.urlsplit(origin)
    return parsed.scheme in ("http", "https") and parsed.netloc.lower() == host.lower()


async def _reply(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})
