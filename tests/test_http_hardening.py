"""Issue 17's web reproductions, replayed against the real app on 127.0.0.1 (items 2, 3, 4, 5, 10),
and the guard's pure parts (login throttle, vote limiter, corpus PDF paths)."""

from __future__ import annotations

import http.client
import json
import os
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gradio_client
import pytest
from conftest import free_port

from ui.feedback import VoteLimiter, read_votes
from ui.guard import LoginThrottle, corpus_pdf

MB = 2**20


# ---- pure parts -----------------------------------------------------------------------------------


def test_login_throttle_doubles_the_wait_after_three_failures() -> None:
    now = [100.0]
    throttle = LoginThrottle(free=3, cap=8, clock=lambda: now[0])
    assert [throttle.failed("a") for _ in range(7)] == [0, 0, 0, 1, 2, 4, 8]
    assert throttle.wait_left("a") == 8 and throttle.wait_left("b") == 0
    now[0] += 8
    assert throttle.wait_left("a") == 0
    assert throttle.failed("a") == 8  # capped
    throttle.succeeded("a")
    assert throttle.wait_left("a") == 0 and throttle.failed("a") == 0


def test_vote_limiter_bounds_a_session_and_the_minute() -> None:
    now = [0.0]
    limiter = VoteLimiter(per_session=3, per_minute=5, clock=lambda: now[0])
    assert [limiter.allow("s1") for _ in range(4)] == [True, True, True, False]
    assert [limiter.allow("s2") for _ in range(3)] == [True, True, False]  # 5 in this minute
    now[0] += 61
    assert limiter.allow("s2") is True and limiter.allow("s1") is False


def test_corpus_pdf_serves_only_pdfs_inside_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "sub" / "b.pdf").write_bytes(b"%PDF-1.4")
    (corpus / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "c.txt").write_text("x")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4")
    (corpus / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    assert corpus_pdf(corpus, "a.pdf") == (corpus / "a.pdf").resolve()
    assert corpus_pdf(corpus, "sub/b.pdf") == (corpus / "sub" / "b.pdf").resolve()
    for bad in ["../secret.pdf", "sub/../../secret.pdf", "/etc/passwd", ".hidden.pdf", "c.txt", "link.pdf",
                "", "sub//b.pdf", "..\\secret.pdf", "missing.pdf"]:
        assert corpus_pdf(corpus, bad) is None, bad


def test_a_streamed_body_without_length_is_cut_at_the_limit(tmp_path: Path) -> None:
    import asyncio

    from ui.guard import GuardPolicy, HttpGuard

    read: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:  # reads the whole body, as a route would
        while True:
            message = await receive()
            read.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def run(chunks: int) -> list[Any]:
        sent: list[Any] = []
        pieces = [{"type": "http.request", "body": b"x" * (512 * 1024), "more_body": i < chunks - 1}
                  for i in range(chunks)]

        async def receive() -> Any:
            return pieces.pop(0)

        async def send(message: Any) -> None:
            sent.append(message)

        guard = HttpGuard(app, GuardPolicy(uploads_enabled=True, max_upload_bytes=MB, corpus_dir=tmp_path))
        scope = {"type": "http", "method": "POST", "path": "/gradio_api/some/route", "headers": []}
        await guard(scope, receive, send)
        return sent

    assert asyncio.run(run(2))[0]["status"] == 200  # 1 MiB: at the limit
    read.clear()
    answer = asyncio.run(run(40))  # 20 MiB, chunked: stopped after the third piece
    assert answer[0]["status"] == 413 and len(read) == 2


# ---- against the running app ----------------------------------------------------------------------


@contextmanager
def _served(settings: Any, bot: Any) -> Iterator[str]:
    from ui.app import build_app, launch

    app = build_app(bot, settings)
    launch(app, settings, block=False, quiet=True)
    try:
        yield f"http://{settings.host}:{settings.port}"
    finally:
        app.close()


def _post(url: str, body: bytes, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes, Any]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers


def _multipart(name: str, payload: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + payload + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _post_big(url: str, path: str, body: bytes) -> int:
    """POST a large body as a client would; the status the server answered (it may answer 413 and
    close before the body is sent: the send then fails and the answer is still read)."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        try:
            for start in range(0, len(body), MB):
                connection.send(body[start : start + MB])
        except (BrokenPipeError, ConnectionResetError):
            pass
        return connection.getresponse().status
    finally:
        connection.close()


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def site(built_index, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from assistant import Assistant

    settings = built_index.with_(generator="extractive", data_dir=tmp_path_factory.mktemp("data"), port=free_port(),
                                 max_upload_mb=2)
    with _served(settings, lambda: Assistant(settings)) as url:
        yield url, settings


def _cached_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_upload_route_refuses_cross_origin_and_oversized_files(site) -> None:
    url, settings = site
    upload = f"{url}/gradio_api/upload"
    before = _cached_files(settings.data_dir / "gradio")
    body, kind = _multipart("x.bin", b"a" * 1000)
    status, detail, _ = _post(upload, body, {"Content-Type": kind, "Origin": "https://evil.example"})
    assert status == 403 and b"cross-origin" in detail
    body, kind = _multipart("big.bin", b"a" * (3 * MB))  # the limit is 2 MB per file
    status, detail, _ = _post(upload, body, {"Content-Type": kind, "Origin": url})
    assert status == 413, detail
    assert _cached_files(settings.data_dir / "gradio") == before  # nothing stored by either
    body, kind = _multipart("small.txt", b"a" * 1000)
    status, detail, _ = _post(upload, body, {"Content-Type": kind, "Origin": url})
    assert status == 200, detail
    stored = Path(json.loads(detail)[0])
    assert stored.is_relative_to((settings.data_dir / "gradio").resolve())


def test_a_20_mb_queue_join_body_is_refused_without_taking_memory(site) -> None:
    url, _ = site
    payload = json.dumps({"data": ["a" * (20 * MB)], "fn_index": 0, "session_hash": "x"}).encode()
    start = _rss_mb()
    started = time.perf_counter()
    for _ in range(25):
        assert _post_big(url, "/gradio_api/queue/join", payload) == 413
    grown = _rss_mb() - start
    print(f"\n25 x 20 MB queue/join: 413 each, RSS grew {grown:.0f} MB in {time.perf_counter() - started:.1f} s")
    assert grown < 100


def test_an_unknown_fn_index_is_a_422_not_a_500(site) -> None:
    url, _ = site
    for fn_index in (999, -1, "x", None):
        body = json.dumps({"data": [], "fn_index": fn_index, "session_hash": "abc", "trigger_id": None}).encode()
        status, detail, _ = _post(f"{url}/gradio_api/queue/join", body, {"Content-Type": "application/json"})
        assert status == 422, (fn_index, status, detail)


def test_export_stays_in_the_data_dir_owner_only(site) -> None:
    url, settings = site
    gradio_tmp = Path("/tmp/gradio")
    before = _cached_files(gradio_tmp)
    # download_files=False: the client's own downloads (into /tmp/gradio by default) are not the server's
    client = gradio_client.Client(url, analytics_enabled=False, verbose=False, download_files=False)
    client.predict("Who initiated the cooperation?", api_name="/ask")
    update = client.predict(api_name="/export")
    served = update["value"] if isinstance(update, dict) and "value" in update else update
    path = Path(served["path"] if isinstance(served, dict) else served)
    written = list((settings.data_dir / "exports").glob("conversation-*.md"))
    assert len(written) >= 1
    for file in written:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE((settings.data_dir / "exports").stat().st_mode) == 0o700
    assert stat.S_IMODE((settings.data_dir / "gradio").stat().st_mode) == 0o700
    copies = [p for p in _cached_files(settings.data_dir / "gradio") if p.name.startswith("conversation-")]
    assert copies, "Gradio's copy of the export should be in the data dir's cache"
    new_in_tmp = [p for p in _cached_files(gradio_tmp) - before if p.name.startswith("conversation-")]
    assert new_in_tmp == []
    assert path.name.startswith("conversation-") and path.is_relative_to((settings.data_dir / "gradio").resolve())


def test_votes_are_bounded_per_session(site) -> None:
    url, settings = site
    config = json.loads(urllib.request.urlopen(f"{url}/config", timeout=10).read())
    like = next(d for d in config["dependencies"] if any(t[1] == "like" for t in d["targets"]))
    ask = next(d for d in config["dependencies"] if d.get("api_name") == "ask")
    session = uuid.uuid4().hex
    _run(url, session, ask["id"], ["Who initiated the cooperation?", None, None], ask["targets"][0][0])
    before = len(read_votes(settings.data_dir))
    for _ in range(100):
        _run(url, session, like["id"], [None], like["targets"][0][0],
             event_data={"index": [1], "value": "x", "liked": True})
    added = len(read_votes(settings.data_dir)) - before
    assert added == 30  # the per-minute bound (30) comes before the per-session one (50)


def _run(url: str, session: str, fn_index: int, data: list[Any], trigger: int, event_data: Any = None) -> None:
    """One event through Gradio's queue, as the page sends it; waits until it completed."""
    body = json.dumps({"data": data, "fn_index": fn_index, "session_hash": session, "trigger_id": trigger,
                       "event_data": event_data}).encode()
    status, detail, _ = _post(f"{url}/gradio_api/queue/join", body, {"Content-Type": "application/json"})
    assert status == 200, detail
    event_id = json.loads(detail)["event_id"]
    stream = urllib.request.urlopen(f"{url}/gradio_api/queue/data?session_hash={session}", timeout=120)
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("data:"):
            message = json.loads(line[5:])
            if message.get("msg") == "process_completed" and message.get("event_id") == event_id:
                break
    stream.close()


def test_login_attempts_are_throttled(bot, built_index, tmp_path: Path) -> None:
    settings = built_index.with_(auth="ana:s3cret", data_dir=tmp_path / "data", port=free_port())
    with _served(settings, bot) as url:
        with pytest.raises(urllib.error.HTTPError) as refused:  # corpus PDFs are behind the login too
            urllib.request.urlopen(f"{url}/thesis/document/thesis.pdf", timeout=10)
        assert refused.value.code == 401
        wrong = urllib.parse.urlencode({"username": "ana", "password": "nope"}).encode()
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        statuses = []
        start = time.perf_counter()
        for _ in range(200):
            statuses.append(_post(f"{url}/login", wrong, form)[0])
        seconds = time.perf_counter() - start
        tried = sum(s == 400 for s in statuses)
        print(f"\n200 wrong logins in {seconds:.2f} s: {tried} checked, {statuses.count(429)} refused (429)")
        assert statuses[:4] == [400] * 4  # three free failures; the fourth imposes 1 s, the next ones 2, 4 ...
        assert tried <= 4 + max(0, int(seconds).bit_length()) and statuses.count(429) >= 190
        status, _, headers = _post(f"{url}/login", wrong, form)
        assert status == 429 and int(headers["Retry-After"]) >= 1
        time.sleep(int(headers["Retry-After"]) + 0.3)
        right = urllib.parse.urlencode({"username": "ana", "password": "s3cret"}).encode()
        status, body, _ = _post(f"{url}/login", right, form)
        assert status == 200 and json.loads(body) == {"success": True}
        status, _, _ = _post(f"{url}/login", wrong, form)
        assert status == 400  # a correct login cleared the record


def test_uploads_are_off_without_auth_on_another_address(bot, built_index, tmp_path: Path) -> None:
    # 127.0.0.2 is loopback too, but not the 127.0.0.1 the upload rule allows: it stands for the network
    settings = built_index.with_(host="127.0.0.2", data_dir=tmp_path / "data", port=free_port())
    with _served(settings, bot) as url:
        body, kind = _multipart("small.txt", b"a" * 1000)
        status, detail, _ = _post(f"{url}/gradio_api/upload", body, {"Content-Type": kind})
        assert status == 403 and b"uploads are off" in detail
    assert os.environ["GRADIO_TEMP_DIR"].startswith(str(tmp_path))
