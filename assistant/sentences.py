"""Indonesian-aware sentence splitting that keeps character positions."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence (lower-cased, without the period).
ABBREVIATIONS = frozenset(
    """
    dll dsb dst dkk dsk dg dgn yg tsb spt sbb sbg krn pd utk hlm hal no nomor vol jl jln tgl thn th
    prof dr drs dra ir h hj kh st sh se mm mt msi ssi spd mpd ph phd mba ma ba bsc msc
    bpk ibu sdr sdri kab kec kel prov ri pt cv tbk etc eg ie vs cf al fig tab mr mrs ms jr sr inc ltd co
    """.split()
)

# A candidate boundary: terminal punctuation, optional closing quote/bracket, whitespace.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"'“‘(\[]*[A-Z0-9À-Ý]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in ``text``, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end_punct = match.start() + len(match.group(0).rstrip())
        following = text[match.end() :]
        if not _NEXT_STARTS_SENTENCE.match(following):
            continue
        if ends_with_abbreviation(text[start : match.start()]):
            continue
        spans.append((start, end_punct))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def ends_with_abbreviation(before: str) -> bool:
    """True when the word before a period is an abbreviation or an initial ("Bima A.")."""
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", before)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial
        return True
    return word.lower().replace(".", "") in ABBREVIATIONS


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
