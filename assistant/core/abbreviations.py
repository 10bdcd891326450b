"""Abbreviations a thesis defines once and then uses: "Kementerian Luar Negeri (Kemlu)", "Dinas Lingkungan
Hidup (DLH)", "Letter of Intent (LoI)". A definition is a run of capitalised words (function words between them)
right before an abbreviation in brackets whose letters it spells in order, starting with its first word's first
letter; the run is cut to the fewest words that still spell it from its start ("Berdasarkan kajian Dinas
Lingkungan Hidup (DLH)" defines DLH as "Dinas Lingkungan Hidup"). A sentence that writes only the abbreviation
names the thing the definition names: the read path reads the definition beside it (the premise check)."""

from __future__ import annotations

import re

from assistant.core.text import stopwords

MAX_WORDS = 7  # a definition holds at most this many words
# "(Kemlu)", "(DLH)", "(LoI)", "(BAZNAS)": two to ten letters, a capital first, and a second capital or a
# lower-case word read as a name (a bracketed word of the language is no abbreviation: "(ulang)")
_BRACKETED = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _spells(short: str, words: list[str]) -> bool:
    """``short``'s letters stand in order in ``words`` (lower-cased, joined), its first letter as the first
    word's first letter, each later capital of ``short`` as the initial of a later word."""
    letters = short.lower()
    joined = "".join(w.lower() for w in words)
    if not words or letters[0] != joined[0]:
        return False
    starts = {sum(len(w) for w in words[:i]) for i in range(len(words))}
    pos = 0
    for k, letter in enumerate(letters):
        if k == 0:
            pos = 1
            continue
        found = joined.find(letter, pos)
        if short[k].isupper():  # a capital of the abbreviation opens a word of the definition
            while found >= 0 and found not in starts:
                found = joined.find(letter, found + 1)
        if found < 0:
            return False
        pos = found + 1
    return True


def definitions(text: str) -> dict[str, str]:
    """Abbreviation -> the words it stands for, for every definition ``text`` writes."""
    stop = stopwords()
    out: dict[str, str] = {}
    for match in _BRACKETED.finditer(text):
        short = match.group(1)
        if sum(c.isupper() for c in short) < 2 and short.lower() in stop:
            continue
        before = list(_WORD.finditer(text, max(0, match.start() - 200), match.start()))
        if not before or text[before[-1].end():match.start()].strip():
            continue  # the bracket must follow the definition's last word
        run: list[str] = []
        following = match.start()
        for token in reversed(before[-MAX_WORDS:]):
            word = token.group(0)
            if text[token.end():following].strip():  # a comma or a full stop ends the run
                break
            following = token.start()
            if word[0].isupper():
                run.insert(0, word)
            elif word.lower() in stop and run:
                run.insert(0, word)
            else:
                break
        while run and not run[0][0].isupper():
            run.pop(0)
        best = None
        for i in range(len(run)):  # the fewest words from a start that spell it: the last start that does
            if run[i][0].isupper() and _spells(short, run[i:]):
                best = run[i:]
        if best and len(best) > 1 and " ".join(best).lower() != short.lower():
            out.setdefault(short, " ".join(best))
    return out
