"""Where paragraphs end and how their lines meet, in text laid out on pages: shared by the PDF loader
(ingest/pdf.py) and the text parser (ingest/parse.py), which see the same breaks from two sides."""

from __future__ import annotations

import re

# characters that end a sentence (and so may end a paragraph)
TERMINAL = tuple('.!?:;…"”’)]')
# a footnote marker glued after a sentence's end ("persen.3"): not part of the word ("5.920" is a number)
_MARKER_END = re.compile(r"(?<=[^\d][.!?:;…\"”’)\]])\d{1,3}$")
_BROKEN = re.compile(r"([^\W\d_]+)-$")
SOFT_HYPHEN = "\u00ad"


def ends_sentence(line: str) -> bool:
    """A line that ends a sentence (a footnote marker after the period does not count; Markdown
    emphasis around the end does not either)."""
    return _MARKER_END.sub("", line.rstrip().rstrip("*_")[-8:]).endswith(TERMINAL)


def continues(previous: str, following: str) -> bool:
    """True when a break (a page break, a blank line put in by extraction) split one paragraph into
    ``previous`` (its last line) and ``following`` (the next line): the previous line does not end a
    sentence, or the next one opens in lower case."""
    if not previous.strip() or not following:
        return False
    return not ends_sentence(previous) or following.lstrip("*_\"'“")[:1].islower()


def hyphen_join(previous: str, following: str) -> str:
    """How two lines of a paragraph meet: "join" a word hyphenated at the break ("ber-" + "alasan",
    or a soft hyphen), "keep" a real hyphen ("negara-" + "negara", "Bogor-" + "Kisarazu", "kerja-" +
    "sama": two words; "pari-" + "wisata" is one), or "space"."""
    if previous.endswith(SOFT_HYPHEN):
        return "join"
    broken = _BROKEN.search(previous, max(0, len(previous) - 64)) if previous.endswith("-") else None
    if not broken or not following[:1].isalpha():
        return "space"
    head = broken.group(1).lower()
    tail = re.match(r"[^\W\d_]+", following)
    word = tail.group(0).lower() if tail else ""
    if not following[0].islower() or word == head:
        return "keep"
    roots = _roots()
    # two root words are kept apart ("kerja-" + "sama") unless together they are one ("pari-" + "wisata")
    if len(head) >= 3 and len(word) >= 3 and head in roots and word in roots and head + word not in roots:
        return "keep"
    return "join"


_ROOTS: frozenset[str] | None = None


def _roots() -> frozenset[str]:
    """Sastrawi's Indonesian root words."""
    global _ROOTS
    if _ROOTS is None:
        from importlib.resources import files

        text = files("Sastrawi.Stemmer").joinpath("data/kata-dasar.txt").read_text("utf-8")
        _ROOTS = frozenset(w.strip().lower() for w in text.split())
    return _ROOTS
