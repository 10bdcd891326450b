"""Which language a text is in, restricted to the two the assistant speaks ("id", "en"): one
detector for questions, thesis sentences (tagged at ingest), LLM answers and the web chat's labels."""

from __future__ import annotations

from functools import lru_cache

from assistant.core.text import letter_run_matches, letter_runs
from assistant.core.types import Language

# Function and question words only: they say which language a text is in, never what it is about
# (no section names: "Kesimpulan" is a title inside English prose as often as an Indonesian word).
ID_WORDS = frozenset(
    "apa apakah siapa kapan mengapa kenapa bagaimana berapa dimana yang dan di ke dari pada dalam untuk dengan "
    "adalah ini itu tersebut atau juga akan telah sudah oleh sebagai bagi karena namun tetapi serta agar bahwa "
    "maka jika tidak bukan lebih sangat para antara hingga sejak setelah sebelum yaitu yakni tentang terhadap "
    "menurut tesis membahas kedua dapat belum masih bisa sebutkan jelaskan".split()
)
EN_WORDS = frozenset(
    "what who when why how which where the of to in on at by for with from and or but not is are was were be "
    "been has have had it its this that these those there their they because also only than as into about "
    "after before between during does did do says said would could should will thesis according summarize "
    "summarise explain list".split()
)


def language_words(text: str) -> list[str]:
    """The words function words are looked up by: ``letter_runs`` ("apa-apa" votes twice, "it's"
    votes "it", digits are none)."""
    return letter_runs(text)


def votes(tokens: list[str]) -> tuple[int, int]:
    """(Indonesian, English) function words among lower-case ``tokens`` ("-nya" words count as Indonesian)."""
    id_hits = sum(t in ID_WORDS for t in tokens) + sum(t.endswith("nya") and len(t) > 5 for t in tokens)
    return id_hits, sum(t in EN_WORDS for t in tokens)


@lru_cache(maxsize=1)
def _langid():
    import py3langid

    identifier = py3langid.langid.LanguageIdentifier.from_model_file(py3langid.langid.MODEL_FILE)
    identifier.set_languages(["en", "id"])
    return identifier


def voting_words(text: str) -> list[str]:
    """``language_words`` that vote: in a text written mostly in lower or title case, a word of two letters or more
    in capitals is an abbreviation ("OR" for an odds ratio, "IK" in a table's header), not a function word; a text
    mostly in capitals (a title) votes with all its words."""
    runs = [m.group(0) for m in letter_run_matches(text)]
    capitals = [len(r) > 1 and r.isupper() for r in runs]
    if sum(capitals) * 2 >= len(runs):
        return [r.lower() for r in runs]
    return [r.lower() for r, upper in zip(runs, capitals) if not upper]


def detect_language(text: str) -> Language:
    """``"id"`` or ``"en"``: function words first (reliable on short questions), then py3langid."""
    tokens = voting_words(text)
    id_hits, en_hits = votes(tokens)
    if id_hits != en_hits and (id_hits >= 2 * en_hits or en_hits >= 2 * id_hits):
        return "id" if id_hits > en_hits else "en"
    if not tokens:
        return "en"
    return identify(text)


def identify(text: str) -> Language:
    """py3langid's choice between "id" and "en" alone (for longer text, where function words are many)."""
    language, _ = _langid().classify(text)
    return "id" if language == "id" else "en"


def sentence_language(text: str) -> str:
    """The language a thesis sentence is written in (``id`` or ``en``), cached by text."""
    return _language_cached(text) if len(text) < 2000 else detect_language(text)


@lru_cache(maxsize=50_000)
def _language_cached(text: str) -> str:
    return detect_language(text)
