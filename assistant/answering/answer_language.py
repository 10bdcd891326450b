"""The language an answer is written in: its own prose, without the thesis sentences it quotes.

An English answer that quotes Indonesian evidence is English; an "English" answer that copies the
Indonesian sentences without quotation marks is Indonesian. Markers and quotations are removed
first, then English and Indonesian function words decide, and py3langid (restricted to the two
languages) when they do not.
"""

from __future__ import annotations

import re

from assistant.core.language import identify, language_words, votes
from assistant.core.markers import MARKER

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|‘[^’]{20,}’")
def prose(text: str) -> str:
    """The answer's own words: markers and quotations removed."""
    return " ".join(_QUOTED.sub(" ", MARKER.sub(" ", text)).split())


def answer_language(text: str) -> str | None:
    """``"id"`` or ``"en"`` for the answer's own prose; None when it is too short to tell."""
    words = language_words(prose(text))
    if len(words) < 2:
        return None
    id_hits, en_hits = votes(words)
    if id_hits + en_hits == 0 and len(words) < 6:
        return None  # a name or a noun phrase ("Kota Bogor") is in no language in particular
    if id_hits != en_hits and (id_hits >= 2 * en_hits or en_hits >= 2 * id_hits) and max(id_hits, en_hits) >= 2:
        return "id" if id_hits > en_hits else "en"
    return identify(" ".join(words))
