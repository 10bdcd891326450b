"""What the PDF and DOCX loaders produce: plain text in the parser's convention plus a page map."""

from __future__ import annotations

from dataclasses import dataclass


class ExtractionError(Exception):
    """A file that cannot be read as a document; the message says why and what to do."""


@dataclass(frozen=True)
class Extracted:
    """Text with headings on their own lines and blank lines between paragraphs, and where pages start."""

    text: str
    pages: tuple[tuple[int, int | None], ...]  # (offset in text, page number or None), ascending


class TextBuilder:
    """Appends text while remembering at which offset each page begins."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._tail = ""  # last two characters written, to avoid duplicate separators
        self._page: int | None = None
        self._paged = False
        self._pages: list[tuple[int, int | None]] = []

    def set_page(self, number: int | None) -> None:
        """Text written from now on is on page ``number`` (None: a page without a usable number)."""
        self._page = number
        self._paged = True

    def write(self, text: str) -> None:
        """Append text (the first non-blank character is where a new page starts)."""
        if not text:
            return
        stripped = text.lstrip()
        if stripped and self._paged and (not self._pages or self._pages[-1][1] != self._page):
            self._pages.append((self._length + len(text) - len(stripped), self._page))
        self._parts.append(text)
        self._length += len(text)
        self._tail = (self._tail + text)[-2:]

    def line_break(self) -> None:
        """End the current line (inside a paragraph)."""
        if self._length and not self._tail.endswith("\n"):
            self.write("\n")

    def paragraph_break(self) -> None:
        """End the current paragraph (a blank line)."""
        if not self._length:
            return
        if not self._tail.endswith("\n"):
            self.write("\n")
        if self._tail != "\n\n":
            self.write("\n")

    def build(self) -> Extracted:
        """The text and its page map."""
        return Extracted("".join(self._parts), tuple(self._pages))
