"""Cross-language word matching from a general, maintained resource: Debian's English-Indonesian
dictionary (FreeDict/WikDict, ``dict-freedict-eng-ind``, CC BY-SA 3.0), read from its dictd files
and inverted for Indonesian -> English. English words are looked up through their Snowball stem
("signed" finds "sign"), so no inflected form has to be listed.

The dictionary is general, not fitted to a thesis: it maps "eel" to "belut" and "budget" to both
"irit" and "anggaran". Which translation a corpus really uses is decided against the corpus
(``assistant.retrieval.vocabulary``), not here.
"""

from __future__ import annotations

import bisect
import gzip
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.core.errors import MissingDependencyError

DICT_DIR = Path("/usr/share/dictd")
DICT_NAME = "freedict-eng-ind"
_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}
_HEADER = re.compile(r"^\S.*<[^>]+>\s*$")  # "budget //ˈbʌd͡ʒ.ɪt// <n>"
_SENSE = re.compile(r"^(\d+)\.\s+(.+)$")  # "2. anggaran, bujet"
_TRAILING_SENSE = re.compile(r"\s+\d+\.$")  # "tanda 2." (the next sense's number glued on)
MAX_TRANSLATIONS = 6
# The thesis genre's own English -> Indonesian terms (its parts and roles, the same in every Indonesian
# thesis: Pendahuluan, Pembahasan, Saran, Tinjauan Pustaka, Pembimbing ...), which the general
# dictionary lacks or gives in another sense ("discussion" -> diskusi, "objective" -> keberatan).
# Put before the dictionary's own translations; the corpus still decides which ones it uses.
GENRE_TERMS: dict[str, tuple[str, ...]] = {
    "introduction": ("pendahuluan",), "background": ("latar belakang",), "objective": ("tujuan",),
    "aim": ("tujuan",), "benefit": ("manfaat",), "problem statement": ("rumusan masalah",),
    "research question": ("rumusan masalah",), "literature review": ("tinjauan pustaka", "kajian pustaka"),
    "method": ("metode",), "methodology": ("metode", "metodologi"), "discussion": ("pembahasan",),
    "finding": ("temuan", "hasil"), "limitation": ("keterbatasan",), "suggestion": ("saran",),
    "recommendation": ("saran", "rekomendasi"), "recommend": ("saran", "rekomendasi"), "advice": ("saran",),
    "appendix": ("lampiran",), "supervisor": ("pembimbing",), "examiner": ("penguji",),
    "defence": ("sidang", "ujian"), "defense": ("sidang", "ujian"),
    # the work, its parts and its people ("section" is not "seksi", "study" not "belajar", "researcher" not
    # "penelitian"), and what is done to it (supervised, examined, approved, written)
    "thesis": ("skripsi", "tesis"), "study": ("penelitian",), "researcher": ("peneliti", "penulis"),
    "author": ("penulis",), "section": ("subbab", "bagian"), "subsection": ("subbab",),
    "chapter": ("bab",), "title": ("judul",), "conclusion": ("kesimpulan", "simpulan"),
    "abstract": ("abstrak",), "reference": ("daftar pustaka", "rujukan"), "bibliography": ("daftar pustaka",),
    "foreword": ("kata pengantar",), "preface": ("kata pengantar",), "table of contents": ("daftar isi",),
    "student number": ("nim",), "student": ("mahasiswa",), "programme": ("program studi",),
    "program": ("program studi",), "faculty": ("fakultas",), "university": ("universitas",),
    "supervise": ("pembimbing", "bimbingan"), "examine": ("penguji", "ujian"), "approve": ("disahkan", "pengesahan"),
    "approval": ("pengesahan",), "write": ("ditulis", "disusun"),
    "written": ("ditulis", "disusun"), "compile": ("disusun",),
    "hypothesis": ("hipotesis",), "respondent": ("responden",), "informant": ("informan",),
    "sample": ("sampel",), "population": ("populasi",), "variable": ("variabel",),
    # how a results chapter measures and compares, which the dictionary lacks ("average", "low", "rate",
    # "reach") or gives in another trade's sense ("score" -> partitur, "share" -> saham, "figure" -> sosok)
    "average": ("rata-rata", "rerata"), "mean": ("rata-rata", "rerata", "arti"), "low": ("rendah",),
    "rate": ("tingkat", "laju", "angka"), "level": ("tingkat", "taraf"), "score": ("skor", "nilai"),
    "share": ("persentase", "proporsi", "bagian"), "increase": ("kenaikan", "peningkatan", "meningkat", "naik"),
    "decrease": ("penurunan", "menurun", "turun"), "drop": ("penurunan", "turun"), "gain": ("pertambahan", "kenaikan"),
    "reach": ("mencapai", "capai"), "significant": ("signifikan", "bermakna"), "minimum": ("minimum", "minimal"),
    "coefficient": ("koefisien",), "category": ("kategori",), "effect": ("pengaruh", "efek"),
    "figure": ("gambar", "angka"), "row": ("baris",), "column": ("kolom",),
}
VERB_TERMS = frozenset({"recommend", "supervise", "examine", "approve", "write", "compile", "increase", "decrease",
                        "drop", "reach", "gain"})
# genre terms whose dictionary senses belong to another trade and are dropped ("score" is no partitur here)
GENRE_ONLY = frozenset({"mean", "score", "share", "figure", "effect"})


class DictionaryMissingError(MissingDependencyError):
    """The English-Indonesian dictionary files are not installed."""


@dataclass(frozen=True)
class Dictionary:
    """English -> Indonesian translations and the inverse, each a tuple of words or phrases."""

    en_id: dict[str, tuple[str, ...]]
    id_en: dict[str, tuple[str, ...]]
    headwords: tuple[str, ...] = ()  # single-word English headwords, sorted (for stem lookups)
    parts_of_speech: dict[str, frozenset[str]] = field(default_factory=dict)  # "agency" -> {"n"}

    def to_indonesian(self, word: str) -> tuple[str, ...]:
        """Indonesian translations of an English word: its own entry, else its lemmas' ("chosen" ->
        choose, "highest" -> high: forms a suffix-stripping stemmer cannot undo), else the headwords
        of its stem ("signed" -> sign)."""
        word = word.lower()
        found = self.en_id.get(word)
        if found:
            return found
        out: list[str] = []
        for lemma in english_lemmas(word):
            out.extend(t for t in self.en_id.get(lemma, ()) if t not in out)
        out[:0] = [t for t in superlatives(word, out) if t not in out]
        for headword in self._same_stem(word) if not out else ():
            out.extend(t for t in self.en_id.get(headword, ()) if t not in out)
        return tuple(out[:MAX_TRANSLATIONS])

    def _same_stem(self, word: str) -> list[str]:
        """Headwords with the word's Snowball stem ("signed" -> "sign", "studies" -> "study"); a stem
        is a prefix of its words but for a final y -> i, so only headwords under it are stemmed."""
        stem = english_stem(word)
        prefix = stem[:-1] if stem.endswith("i") else stem
        if len(prefix) < 3:
            return []
        start = bisect.bisect_left(self.headwords, prefix)
        out = []
        for headword in self.headwords[start : start + 200]:
            if not headword.startswith(prefix):
                break
            if english_stem(headword) == stem:
                out.append(headword)
        return out

    def is_noun(self, word: str) -> bool | None:
        """Whether an English word is a noun (None when the dictionary does not know it)."""
        word = word.lower()
        tags = self.parts_of_speech.get(word)
        if tags is None:
            for headword in self._same_stem(word):
                tags = (tags or frozenset()) | self.parts_of_speech.get(headword, frozenset())
        return None if tags is None else "n" in tags

    def to_english(self, word: str) -> tuple[str, ...]:
        """English headwords whose translations include an Indonesian word or phrase."""
        return self.id_en.get(word.lower(), ())


def superlatives(word: str, translations: list[str] | tuple[str, ...]) -> list[str]:
    """The Indonesian superlatives of an English one's translations: "highest" (high: tinggi) is
    "tertinggi", "lowest" (low: rendah) "terendah" (the prefix ter- on the root, its r written once); none
    for a word that is no superlative adjective."""
    from lemminflect import getAllLemmas

    word = word.lower()
    if not word.endswith("est") or word in getAllLemmas(word).get("ADJ", (word,)):
        return []
    out = []
    for translation in translations:
        if " " not in translation and "-" not in translation and not translation.startswith("ter"):
            out.append(("te" if translation.startswith("r") else "ter") + translation)
    return out


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """Snowball (Porter 2) stem of an English word."""
    return _snowball().stemWord(word.lower())


_THREAD = threading.local()


@lru_cache(maxsize=200_000)
def english_lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms of an inflected English word from LemmInflect's lexicon ("brought" ->
    bring, "pupils" -> pupil, "highest" -> high; "found" -> find, found); none for a word it does not
    list as inflected, or for the word itself."""
    from lemminflect import getAllLemmas

    lemmas: list[str] = []
    for forms in getAllLemmas(word.lower()).values():
        lemmas.extend(f for f in forms if f != word.lower() and f not in lemmas)
    return tuple(lemmas)


@lru_cache(maxsize=1)
def english_words() -> tuple[str, ...]:
    """Every English lemma LemmInflect's lexicon lists (about 40,000, names left out): a word list wider
    than the dictionary's headwords, to tell which English word an Indonesian loanword comes from."""
    import gzip
    from importlib.resources import files

    text = gzip.decompress((files("lemminflect") / "resources" / "infl_lu.csv.gz").read_bytes()).decode("utf-8")
    lemmas = {line.split(",", 1)[0] for line in text.splitlines()}
    return tuple(sorted(w for w in lemmas if w.isalpha() and w.islower()))


def _snowball():
    """This thread's Snowball stemmer: a stemmer keeps its word in its own state, so two threads sharing one
    (a question and the background preparation of the word tables) raised IndexError."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _THREAD.stemmer = snowballstemmer.stemmer("english")
    return stemmer


def parse_entry(entry: str) -> tuple[str, list[str], str]:
    """(headword, translations, part of speech) of one dictd entry: the header line, then numbered
    senses whose first line lists the translations ("1. kerja sama") followed by an English gloss."""
    lines = entry.strip("\n").split("\n")
    headword = re.split(r"\s+/", lines[0], maxsplit=1)[0].strip()
    pos = re.search(r"<([^>]+)>\s*$", lines[0])
    translations: list[str] = []
    expect = True  # the line right after the header, or a numbered sense, holds translations
    for line in lines[1:]:
        sense = _SENSE.match(line)
        if sense:
            text = sense.group(2)
        elif expect and line and not line.startswith(" "):
            text = line
        else:
            expect = False
            continue
        expect = False
        text = _TRAILING_SENSE.sub("", text).strip()
        for part in text.split(","):
            part = part.strip().lower()
            if part and part not in translations:
                translations.append(part)
    return headword, translations, pos.group(1) if pos else ""


def _offset(digits: str) -> int:
    value = 0
    for ch in digits:
        value = value * 64 + _B64[ch]
    return value


def load(directory: Path = DICT_DIR, name: str = DICT_NAME) -> Dictionary:
    """Read the dictd files (``<name>.index`` and ``<name>.dict.dz``) into a :class:`Dictionary`."""
    index_path, data_path = directory / f"{name}.index", directory / f"{name}.dict.dz"
    if not index_path.exists() or not data_path.exists():
        raise DictionaryMissingError(
            f"the English-Indonesian dictionary is missing ({index_path}): install it with "
            "`sudo apt-get install dict-freedict-eng-ind` (or run `make setup`)."
        )
    data = gzip.open(data_path).read()  # dictzip is gzip-compatible
    en_id: dict[str, list[str]] = {}
    pos: dict[str, set[str]] = {}
    for line in index_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database"):
            continue
        start, length = _offset(parts[1]), _offset(parts[2])
        headword, translations, tag = parse_entry(data[start : start + length].decode("utf-8", "replace"))
        key = headword.lower()
        pos.setdefault(key, set()).add(tag)
        if not translations or " " in key and len(key.split()) > 3:
            continue  # proverbs ("a burnt child dreads the fire") say nothing about single words
        merged = en_id.setdefault(key, [])
        merged.extend(t for t in translations if t not in merged)
    if name == DICT_NAME:  # the installed dictionary; a test's own small one stays as it is
        for english, terms in GENRE_TERMS.items():
            kept = [] if english in GENRE_ONLY else [t for t in en_id.get(english, []) if t not in terms]
            en_id[english] = [*terms, *kept]
            pos.setdefault(english, {"v" if english in VERB_TERMS else "n"})
    id_en: dict[str, list[str]] = {}
    for english, translations in en_id.items():
        for indonesian in translations:
            id_en.setdefault(indonesian, []).append(english)
    return Dictionary(
        {k: tuple(v[:MAX_TRANSLATIONS]) for k, v in en_id.items()},
        {k: tuple(v[:MAX_TRANSLATIONS]) for k, v in id_en.items()},
        tuple(sorted(k for k in en_id if " " not in k)),
        {k: frozenset(v) for k, v in pos.items()},
    )


PIVOTS = ("nld", "ita", "pol", "fin")  # FreeDict/WikDict languages with both eng-X and X-ind dictionaries


@lru_cache(maxsize=1)
def pivot_dictionaries() -> tuple[tuple[Dictionary, Dictionary], ...]:
    """(English -> X, X -> Indonesian) pairs of the installed FreeDict dictionaries (none when missing)."""
    out = []
    for language in PIVOTS:
        try:
            out.append((load(name=f"freedict-eng-{language}"), load(name=f"freedict-{language}-ind")))
        except DictionaryMissingError:
            continue
    return tuple(out)


@lru_cache(maxsize=50_000)
def pivot_translations(word: str) -> tuple[str, ...]:
    """Indonesian words an English word reaches through the installed pairs of another language's
    dictionaries (``route``)."""
    return route(word, pivot_dictionaries())


def route(word: str, pairs: tuple[tuple[Dictionary, Dictionary], ...]) -> tuple[str, ...]:
    """Indonesian words an English word (or its lemmas) reaches through other languages' two dictionaries
    (English -> Dutch -> Indonesian, ...): a second, independent route where the English-Indonesian one
    lacks the word or gives another sense ("test": coba; through Dutch toets, Finnish koe: ujian). A
    dictionary's gloss or sentence (more than two words) is no translation."""
    out: list[str] = []
    for lemma in (word.lower(), *english_lemmas(word)):
        for to_x, x_to_id in pairs:
            for middle in to_x.en_id.get(lemma, ()):
                out.extend(t for t in x_to_id.en_id.get(middle, ()) if t not in out and len(t.split()) <= 2)
    return tuple(out)


@lru_cache(maxsize=1)
def get_dictionary() -> Dictionary:
    """The installed dictionary, read once per process."""
    return load()
