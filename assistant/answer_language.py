"""The language an answer is written in: its own prose, without the thesis sentences it quotes.

An English answer that quotes Indonesian evidence is English; an "English" answer that copies the
Indonesian sentences without quotation marks is Indonesian. Markers and quotations are removed
first, then English and Indonesian function words decide, and py3langid (restricted to the two
languages) when they do not.
"""

from __future__ import annotations

import re

from assistant.citations import MARKER

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|‘[^’]{20,}’")
_WORD = re.compile(r"[^\W\d_]+")
# Function words only: they say which language a text is in, never what it is about.
_ID_WORDS = frozenset(
    "yang dan di ke dari pada dalam untuk dengan adalah ini itu tersebut atau juga akan telah sudah oleh sebagai "
    "bagi karena namun tetapi serta agar bahwa maka jika tidak bukan lebih sangat para antara hingga sejak "
    "setelah sebelum yaitu yakni tentang terhadap menurut tesis membahas kedua dapat belum masih".split()
)
_EN_WORDS = frozenset(
    "the of to in on at by for with from and or but not is are was were be been has have had it its this that "
    "these those there their they which who when where because also only than as into about after before "
    "between during thesis does did says said would could should will".split()
)


def prose(text: str) -> str:
    """The answer's own words: markers and quotations removed."""
    return " ".join(_QUOTED.sub(" ", MARKER.sub(" ", text)).split())


def answer_language(text: str) -> str | None:
    """``"id"`` or ``"en"`` for the answer's own prose; None when it is too short to tell."""
    words = [w.lower() for w in _WORD.findall(prose(text))]
    if len(words) < 2:
        return None
    id_hits = sum(w in _ID_WORDS for w in words)
    en_hits = sum(w in _EN_WORDS for w in words)
    if id_hits + en_hits == 0 and len(words) < 6:
        return None  # a name or a noun phrase ("Kota Bogor") is in no language in particular
    if id_hits != en_hits and (id_hits >= 2 * en_hits or en_hits >= 2 * id_hits) and max(id_hits, en_hits) >= 2:
        return "id" if id_hits > en_hits else "en"
    from assistant.question import _langid

    language, _ = _langid().classify(" ".join(words))
    return "id" if language == "id" else "en"
