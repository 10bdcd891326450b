"""Foreground work (questions, searches) in flight, so that background work can step aside."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Foreground:
    """A counter of foreground work with an event that is set while there is none.

    On 2 cores a background warm-up that ran beside the questions made the first ones 10-20 times
    slower; the warm-up waits for ``idle`` before each small step instead.
    """

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Mark foreground work for the duration of the block (nesting and threads are fine)."""
        with self._lock:
            self._count += 1
            self._idle.clear()
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1
                if not self._count:
                    self._idle.set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until no foreground work is in flight (True), or ``timeout`` seconds pass (False)."""
        return self._idle.wait(timeout)
