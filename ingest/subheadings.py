"""The subheadings a thesis prints inside a section, on a line of their own, that are no sections of their
own: lettered ("A. Pengertian Imunisasi"), numbered sub-items ("1. Pengertian Ayam Broiler"), marked
("a) Kriteria inklusi", "1) Uji validitas", "b. Kejelasan") and unnumbered title-case lines ("Kualitas Air"). The parser
keeps each one apart from the sentence under it; which shape may stand where is the parser's decision.
"""

from __future__ import annotations

import re

from ingest.headings import CAPTION, LETTERED, SECTION, TITLE_CONNECTORS

_NUMBERED_ITEM = re.compile(r"^\d{1,2}[.)]\s+(?=[A-Z])")
_MARKED = re.compile(r"^(?:(?:\d{1,2}|[a-z])\)|[a-z]\.)\s+(?=[A-Z])")  # "a) X", "1) X", "b. X"


def title_case(line: str) -> bool:
    """A short title whose words are capitalised, connectors aside ("Tinjauan Pustaka")."""
    words = line.split()
    return 0 < len(words) <= 10 and not SECTION.match(line) and all(
        w[:1].isupper() or w.lower() in TITLE_CONNECTORS for w in words) and line[:1].isupper()


def lettered_subheading(text: str) -> bool:
    """A lettered subheading on a line of its own ("A. Pengertian Imunisasi"): never part of a paragraph."""
    match = LETTERED.match(text)
    return bool(match) and len(text) <= 100 and title_case(text[match.end():].strip())


def numbered_subheading(text: str) -> bool:
    """A numbered sub-item heading on a line of its own inside a section ("1. Pengertian Ayam Broiler"): no
    section, but a title, never the first words of the sentence under it."""
    match = _NUMBERED_ITEM.match(text)
    return bool(match) and len(text) <= 100 and title_case(text[match.end():].strip())


def plain_subheading(text: str) -> bool:
    """An unnumbered subheading on a line of its own ("Kualitas Air", "Pengukuran Kualitas Air"): a few
    capitalised words (connectors aside), not all in capitals, no digit, no final stop."""
    text = text.strip()
    words = text.split()
    return 0 < len(words) <= 8 and len(text) <= 70 and not text.isupper() and title_case(text) \
        and not any(c.isdigit() for c in text) and not text.endswith((".", ",", ";", ":")) \
        and not CAPTION.match(text) and all(w.strip("()").isalpha() for w in words)


def own_subheading(text: str) -> bool:
    """A subheading on a line of its own that is no section: unnumbered ("Kualitas Air") or marked "a)" / "1)" / "b."
    ("a) Kriteria inklusi", "1) Uji validitas", "b. Sumber daya anggaran": a few words, no digit, no final stop)."""
    if plain_subheading(text):
        return True
    match = _MARKED.match(text.strip())
    rest = text.strip()[match.end():] if match else ""
    words = rest.split()
    return bool(match) and 0 < len(words) <= 6 and len(rest) <= 50 and not rest.endswith((".", ",", ";", ":")) \
        and all(w.strip("()’'-").isalpha() for w in words)
