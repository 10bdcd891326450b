"""Processes the benchmark starts on 127.0.0.1: ``thesis-chat serve`` and ``chroma run``; web-chat clients.

Every process is started here with Popen, stopped by its own pid (SIGINT, then SIGKILL), and bound
to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def quiet_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: offline, no analytics, no THESIS_* from the caller.

    An ``extra`` value of "" removes that variable.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("THESIS_")}
    env.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", ANONYMIZED_TELEMETRY="False")
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}


def stop(process: subprocess.Popen[Any], timeout: float = 15) -> None:
    """Stop a process this module started: SIGINT (clean shutdown), then SIGKILL."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def proc_memory(pid: int) -> dict[str, float]:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process, in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key = "rss_mb" if line.startswith("VmRSS") else "peak_rss_mb"
            out[key] = round(int(line.split()[1]) / 1024, 1)
    return out


def _wait_http(url: str, process: subprocess.Popen[Any], timeout: float) -> float:
    """Seconds until ``url`` answers (raises RuntimeError when the process dies or time runs out)."""
    start = time.perf_counter()
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return time.perf_counter() - start
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited with {process.returncode}") from None
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(0.1)


@contextmanager
def chroma_server(path: Path, timeout: float = 60) -> Iterator[tuple[str, int]]:
    """A ``chroma run`` server on 127.0.0.1 (free port) storing into ``path``, stopped on exit."""
    port = free_port()
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "server.log", "wb") as log:
        process = subprocess.Popen(
            [str(BIN / "chroma"), "run", "--path", str(path / "data"), "--host", HOST, "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env=quiet_env(),
        )
        try:
            _wait_http(f"http://{HOST}:{port}/api/v2/heartbeat", process, timeout)
            yield HOST, port
        finally:
            stop(process)


def client(url: str) -> Any:
    """A gradio_client Client for the web chat, analytics off, quiet."""
    import gradio_client

    return gradio_client.Client(url, analytics_enabled=False, verbose=False)


def ask_web(c: Any, question: str, timeout: float) -> str:
    """One question through the chat's ``/ask`` endpoint; the text of the first reply to it (sources follow)."""
    chat, _ = c.submit(question, api_name="/ask").result(timeout=timeout)
    asked = max((i for i, m in enumerate(chat) if m.get("role") == "user"), default=-1)
    replies = [m for m in chat[asked + 1 :] if m.get("role") == "assistant"]
    content = replies[0]["content"] if replies else ""
    if isinstance(content, list):
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


@contextmanager
def web_chat(env: dict[str, str], log_path: Path, timeout: float = 120) -> Iterator[dict[str, Any]]:
    """Start ``thesis-chat serve`` and yield {url, pid, listen_s, first_answer_s, started} once it answered.

    ``first_answer_s`` is process start to the first answer received through gradio_client.
    """
    import gradio_client  # noqa: F401 - imported before the clock starts: it is the client's cost, not the server's

    port = free_port()
    url = f"http://{HOST}:{port}"
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(BIN / "thesis-chat"), "serve", "--port", str(port), "--generator", "extractive"],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        try:
            listen_s = _wait_http(url + "/config", process, timeout)
            c = client(url)
            answer = ask_web(c, "Kapan MoU ditandatangani?", timeout)
            first_answer_s = time.perf_counter() - started
            c.close()
            yield {"url": url, "pid": process.pid, "listen_s": round(listen_s, 2),
                   "first_answer_s": round(first_answer_s, 2), "first_answer": answer[:120]}
        finally:
            stop(process)


def concurrent_clients(url: str, clients: int, per_client: int, questions: Sequence[str],
                       cap_s: float) -> dict[str, Any]:
    """``clients`` simultaneous chat sessions, each asking ``per_client`` questions, all within ``cap_s``."""
    from bench.worker import percentiles

    start = time.perf_counter()
    sessions = [client(url) for _ in range(clients)]
    connect_s = time.perf_counter() - start
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    clock: dict[str, float] = {}
    barrier = threading.Barrier(clients, action=lambda: clock.setdefault("start", time.perf_counter()))

    def run(i: int) -> None:
        barrier.wait()
        deadline = clock["start"] + cap_s
        for j in range(per_client):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                with lock:
                    failures.append("not started: time cap")
                return
            question = questions[(i * per_client + j) % len(questions)]
            t = time.perf_counter()
            try:
                text = ask_web(sessions[i], question, remaining)
                ok = bool(text.strip())
            except Exception as exc:  # noqa: BLE001 - a timeout or a server error is a data point
                with lock:
                    failures.append(f"{type(exc).__name__}: {str(exc)[:80]}")
                return
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - t) * 1000)
                else:
                    failures.append("empty answer")
        with lock:
            clock["end"] = max(clock.get("end", 0.0), time.perf_counter())

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=cap_s + 30)
    wall = clock.get("end", time.perf_counter()) - clock.get("start", start)
    for session in sessions:
        session.close()
    return {
        "clients": clients,
        "questions_per_client": per_client,
        "answered": len(latencies),
        "failed": len(failures),
        "failures": sorted(set(failures))[:5],
        "wall_s": round(wall, 2),
        "connect_s": round(connect_s, 2),
        "throughput_qps": round(len(latencies) / wall, 2) if wall > 0 else None,
        "latency_ms": percentiles(latencies),
    }
