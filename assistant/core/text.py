"""Words: tokenising, Indonesian stemming and stopwords.

The same functions tokenise stored chunks (for BM25) and questions, so both sides agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+(?:[-'][0-9A-Za-zÀ-ÿ]+)*")
_LETTERS = re.compile(r"[A-Za-z]+")

# Indonesian function words (Sastrawi's list is added at first use) and English ones.
_ID_STOP = set(
    """
    yang dan di ke dari pada dalam untuk dengan adalah ini itu tersebut atau juga akan telah sudah
    oleh sebagai bagi karena namun tetapi serta agar bahwa maka jika kalau apa siapa kapan mengapa kenapa
    bagaimana berapa dimana mana apakah bisa dapat ada tidak bukan lebih sangat hal para pun lah kah nya
    saja sebuah suatu seorang se antara hingga sejak setelah sebelum selain yaitu yakni tentang terhadap
    menurut isi bagian subbab bab tesis skripsi penulis sebutkan jelaskan apa-apa dong ya kah tolong
    """.split()
)
_EN_STOP = set(
    """
    a an the of to in on at by for with from and or but not no is are was were be been being do does did
    done have has had having it its this that these those there their they them he she his her we our you
    your i me my what which who whom whose when where why how whether if then than so as about into over
    under after before between during can could would should will shall may might must also only just any
    all some such more most other very much many according tell say says said please thesis author writer
    section chapter part explain describe give list name mention mentioned state stated
    """.split()
)

# Negation in either language (general function words), read by verification and the premise check.
NEGATIONS = frozenset("not no never cannot without tidak bukan belum tanpa tak takkan jangan".split())

# Question words: they say what is asked, not what it is about.
QUESTION_WORDS = set(
    """
    apa siapa kapan mengapa kenapa bagaimana berapa dimana manakah apakah tanggal tahun what who when why how
    which where whom whose date year
    """.split()
)
# Words about the asking, not about the thesis: they neither count for nor against coverage.
META_WORDS = set(
    """
    ringkas ringkasan ringkaslah singkat rangkum rangkuman rangkumlah jelaskan sebutkan uraikan terangkan secara
    isi bagian subbab bab poin pokok utama intisari garis besar penjelasan menurut penulis tulisan karya ilmiah
    summary summarise summarize summarising short brief briefly overview main key point points give tell explain
    describe content contents say says said state states conclude concluded cover covers covered discuss
    discusses discussed chapter section subsection part author writer thesis paper text document actually really
    ditarik disampaikan dibahas dijelaskan diuraikan dikatakan ditulis dinyatakan dikemukakan membahas menyatakan
    """.split()
)

@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Indonesian (Sastrawi's list plus ours) and English stopwords."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(_ID_STOP | _EN_STOP | set(StopWordRemoverFactory().get_stop_words()))


_PREFIXES = ("di", "ke", "ter", "ber", "se")
_NASAL_PREFIXES = (("meny", "s"), ("peny", "s"), ("meng", "k"), ("peng", "k"), ("mem", "p"), ("pem", "p"),
                   ("men", "t"), ("pen", "t"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Indonesian stem of a lower-case word (Sastrawi), cached.

    Sastrawi only strips affixes when it knows the root; for words outside its dictionary
    ("ditandatanganinya", "kerjasamanya") a light fallback strips particles, -i/-kan/-an and the
    plain prefixes, keeping at least five letters of root.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    stemmed = _stemmer().stem(word) or word
    if stemmed != word or "-" in word:
        return stemmed
    return _light_stem(word)


def _light_stem(word: str) -> str:
    vowels = set("aeiou")
    for suffix in ("nya", "lah", "kah", "pun"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            word = word[: -len(suffix)]
            break
    for suffix in ("kan", "an", "i"):
        rest = word[: -len(suffix)]
        # a root ends in at most one consonant ("tandatangan", not "agroindustr")
        if word.endswith(suffix) and len(rest) >= 5 and (rest[-1] in vowels or rest[-2] in vowels):
            word = rest
            break
    for prefix, restored in _NASAL_PREFIXES:  # peN-/meN- drop the root's first consonant
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 5 and rest[0] in vowels:
            return restored + rest  # "penandatangan" -> "tandatangan", "memukul" -> "pukul"
    for prefix in _PREFIXES:
        rest = word[len(prefix):]
        # a root starts with a vowel or one consonant ("di+tandatangan", not "di+plomatik", "ke+rjasama")
        if word.startswith(prefix) and len(rest) >= 5 and (rest[0] in vowels or rest[1] in vowels):
            return rest
    return word


def words(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated words kept whole): "Bidang-bidang kota's 2016" ->
    ["bidang-bidang", "kota's", "2016"]. The one tokeniser of ingest, the read path and the UI."""
    return [w.lower() for w in _WORD.findall(text)]


def word_matches(text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """The word tokens of ``words`` as matches, for their positions (``match.group(0)`` keeps its case)."""
    return _WORD.finditer(text, pos)


def letter_runs(text: str) -> list[str]:
    """Lower-case runs of the letters a-z, what function words and number words are looked up by: a
    hyphen, an apostrophe, a digit or an accent splits them ("twenty-five" -> ["twenty", "five"],
    "apa-apa" -> ["apa", "apa"], "it's" -> ["it", "s"])."""
    return [m.group(0).lower() for m in _LETTERS.finditer(text)]


def letter_run_matches(text: str) -> Iterator[re.Match[str]]:
    """The runs of ``letter_runs`` as matches, for their positions (``match.group(0)`` keeps its case)."""
    return _LETTERS.finditer(text)


def word_after(text: str, pos: int) -> re.Match[str] | None:
    """The word that starts at ``pos``, after any spaces ("ha" in "50 ha", from the end of "50")."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return _WORD.match(text, pos)


_CLITIC = re.compile(r"(?:['’](?:s|re|ve|ll|d|m)|n['’]t)$")  # English: "what's", "who're", "isn't"


def content_words(text: str) -> list[str]:
    """Words without stopwords ("what's" and "isn't" are a stopword with its clitic)."""
    stop = stopwords()
    return [w for w in words(text) if w not in stop and _CLITIC.sub("", w) not in stop
            and not (w[-3:] in ("n't", "n’t") and w[:-2] in stop)]  # "can't": can


def word_terms(word: str) -> list[str]:
    """A word's index terms: itself, its Indonesian stem when different, the parts of a
    hyphenated word ("bidang-bidang" also counts as "bidang"), and a possessive's word ("Cronbach's" also
    counts as "cronbach", as "Cronbach’s" with a typographic apostrophe already does)."""
    terms = [word]
    stemmed = stem(word)
    if stemmed != word:
        terms.append(stemmed)
    if "-" in word:
        terms.extend(part for part in word.split("-") if part)
    if word.endswith("'s") and len(word) >= 5:  # a name of three letters or more
        terms.append(word[:-2])
    return terms


def translation_terms(translation: str) -> list[str]:
    """Index terms of a dictionary translation ("wali kota"): its words and, when different, their stems."""
    terms = []
    for part in translation.split():
        terms.append(part)
        stemmed = stem(part)
        if stemmed != part:
            terms.append(stemmed)
    return terms


def word_forms(word: str, translations: Iterable[str] = ()) -> set[str]:
    """Every form a word is found by: its ``word_terms``, and each translation's ``translation_terms``
    plus, for a translation of several words, the words written solid ("wali kota" -> "walikota")."""
    forms = set(word_terms(word))
    for translation in translations:
        forms.update(translation_terms(translation))
        parts = translation.split()
        if len(parts) > 1:
            forms.add("".join(parts))
    return forms


def index_terms(text: str) -> list[str]:
    """Terms BM25 indexes for a text: its content words' ``word_terms``."""
    return [term for word in content_words(text) for term in word_terms(word)]


def query_terms(text: str, language: str) -> list[str]:
    """Terms of a text to match against the index; an English text's words are widened by their
    Indonesian translations from the dictionary (every one proposed: no corpus to arbitrate here)."""
    terms = index_terms(text)
    if language == "en":
        from assistant.core.dictionary import get_dictionary

        dictionary = get_dictionary()
        for word in content_words(text):
            for translation in dictionary.to_indonesian(word):
                terms.extend(translation_terms(translation))
    return terms


ROMAN_NUMERAL = r"[ivxlc]+"  # a roman numeral in a pattern (match it with re.I for "VI")


def is_roman(token: str) -> bool:
    """True for a roman numeral in either case ("vi", "XIV"); False for "6" or "via"."""
    return bool(token) and re.fullmatch(ROMAN_NUMERAL, token, re.IGNORECASE) is not None


def roman_value(token: str) -> int:
    """6 for "VI" or "6"."""
    token = token.upper()
    if token.isdigit():
        return int(token)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(token):
        value = values[ch]
        total += -value if i + 1 < len(token) and values[token[i + 1]] > value else value
    return total


def roman(number: int) -> str:
    """"VI" for 6."""
    parts = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in parts:
        while number >= value:
            out += letters
            number -= value
    return out or str(number)
