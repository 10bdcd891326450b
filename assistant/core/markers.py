"""Citation markers, the one syntax answers cite sections with: "[6.1]", "[6.1, 6.2]", "[Daftar Pustaka]".

Read as a model writes them ("[Bagian 6.1]", "[section 6.2]", "[Sumber: 6.1; 6.2]"), written back
in the canonical form ("[6.1] [6.2]"). The same pattern serves verification, the answer-language
check, the web chat's styling of markers and the stream's holding back of a half-written one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.core.parts import NAMED_SECTION_IDS

# A section id: a number ("6", "6.1.2") or a named part ("Daftar Pustaka"), longest name first.
_ID = r"(?:\d+(?:\.\d+)*|" + "|".join(re.escape(n) for n in sorted(NAMED_SECTION_IDS, key=len, reverse=True)) + ")"
# A whole marker; group 1 is its inside without the brackets ("Bagian 6.1, 6.2").
MARKER = re.compile(rf"\[\s*(?:[A-Za-z]+\s*:?\s*)?({_ID}(?:\s*[,;]\s*(?:[A-Za-z]+\s*)?{_ID})*)\s*\]")
_ONE_ID = re.compile(rf"(?:[A-Za-z]+\s*:?\s*)?({_ID})")
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
