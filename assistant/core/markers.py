"""Citation markers, the one syntax answers cite sections with: "[6.1]", "[6.1, 6.2]", "[2.B]", "[Daftar Pustaka]".

Read as a model writes them ("[Bagian 6.1]", "[section 6.2]", "[Sumber: 6.1; 6.2]"), written back
in the canonical form ("[6.1] [6.2]"). The same pattern serves verification, the answer-language
check, the web chat's styling of markers and the stream's holding back of a half-written one.

``MarkerStream`` turns a stream of generated text into a stream of safe text: a half-written marker
("[6.") is held back until it closes, markers naming sections that were not retrieved are dropped,
and the output is the same however the input stream was split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assistant.core.parts import NAMED_SECTION_IDS

# A section id: a number ("6", "6.1.2"), a lettered section of a chapter ("2.B"), a named part
# ("Daftar Pustaka"), longest name first, or the title of a section in a document that numbers none, its id
# ("Metode Penelitian", "Hasil Siklus II": a capitalised word, then up to seven words, numerals or numbers).
_KNOWN = r"(?:\d+(?:\.\d+)*(?:\.[A-Z](?![A-Za-z]))?|" + "|".join(re.escape(n) for n in sorted(NAMED_SECTION_IDS, key=len, reverse=True)) + ")"
_ID = rf"(?:{_KNOWN}|[A-Z][a-z]+(?: (?:[A-Za-z][a-z]*|[IVXL]{{1,4}}|\d{{1,2}})){{0,7}})"
# a word before an id ("Bagian 6.1", "section 6.2", "Sumber: Daftar Pustaka"), never the first word of a title's id
_LEAD = rf"[A-Za-z]+\s*:?\s*(?={_KNOWN})"
# A whole marker; group 1 is its inside without the brackets ("Bagian 6.1, 6.2").
MARKER = re.compile(rf"\[\s*(?:{_LEAD})?({_ID}(?:\s*[,;]\s*(?:{_LEAD})?{_ID})*)\s*\]")
_ONE_ID = re.compile(rf"(?:{_LEAD})?({_ID})")
# What a marker can look like before its closing bracket has been written ("[6.", "[Bagian 6").
_MARKER_PREFIX = re.compile(r"\[\s*(?:[A-Za-z]{0,12}\s*:?\s*)?[\d\s.,;A-Za-z]*$")
MAX_MARKER = 40  # an open "[" further back than this starts no marker


def marker_ids(inside: str) -> list[str]:
    """Section ids of a marker's inside (``MARKER``'s group 1), without "Bagian"/"section" prefixes:
    "6.1, 6.2" -> ["6.1", "6.2"]."""
    out = []
    for part in re.split(r"[,;]", inside):
        match = _ONE_ID.fullmatch(part.strip())
        out.append(match.group(1) if match else part.strip())
    return out


def cited_ids(text: str) -> tuple[str, ...]:
    """Section ids of every marker in ``text``, first mention first, each once."""
    return tuple(dict.fromkeys(i for m in MARKER.finditer(text) for i in marker_ids(m.group(1))))


def marker(section_id: str) -> str:
    """The canonical marker of a section: "[6.1]"."""
    return f"[{section_id}]"


def markers(section_ids: Iterable[str]) -> str:
    """Canonical markers of several sections, space-separated: "[6.1] [6.2]"."""
    return " ".join(marker(i) for i in section_ids)


def strip_markers(text: str, replacement: str = "") -> str:
    """``text`` with every marker replaced by ``replacement``."""
    return MARKER.sub(replacement, text)


def open_marker_start(text: str) -> int | None:
    """Where a marker that is not closed yet starts at the end of ``text`` ("... 2016 [6." -> its "["),
    or None when the text ends with no half-written marker."""
    start = text.rfind("[")
    if start == -1 or "]" in text[start:]:
        return None
    tail = text[start:]
    return start if len(tail) <= MAX_MARKER and _MARKER_PREFIX.match(tail) else None


def normalise_markers(text: str, allowed: set[str]) -> str:
    """A complete text as the stream would show it: markers "[a] [b]", only allowed ids."""
    return "".join(stream_markers([text], allowed))


class MarkerStream:
    """Feed generated text piece by piece; get back text whose markers are complete and allowed."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed
        self._buffer = ""

    def feed(self, piece: str) -> str:
        """Text that is safe to show now (may be empty)."""
        self._buffer += piece
        hold = self._hold_from(self._buffer)
        ready, self._buffer = self._buffer[:hold], self._buffer[hold:]
        return self._clean(ready)

    def close(self) -> str:
        """The rest, at the end of the stream (an unclosed "[6." is dropped)."""
        rest, self._buffer = self._buffer, ""
        hold = self._hold_from(rest)
        return self._clean(rest[:hold])

    def _hold_from(self, text: str) -> int:
        start = open_marker_start(text)
        return len(text) if start is None else start

    def _clean(self, text: str) -> str:
        def repl(match: re.Match[str]) -> str:
            ids = marker_ids(match.group(1))
            kept = [i for i in dict.fromkeys(ids) if i in self.allowed]
            return markers(kept)

        return MARKER.sub(repl, text)


def stream_markers(pieces: Iterable[str], allowed: set[str]) -> Iterator[str]:
    """``MarkerStream`` over an iterable."""
    stream = MarkerStream(allowed)
    for piece in pieces:
        out = stream.feed(piece)
        if out:
            yield out
    rest = stream.close()
    if rest:
        yield rest
