"""What a question is: its language, what kind of answer it wants, which section it names, and
whether it leans on the conversation before it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.numbers import DATE, quantities
from assistant.core.text import QUESTION_WORDS, ROMAN_NUMERAL, roman, roman_value, stopwords
from assistant.core.types import Turn

# ---- kinds of question -------------------------------------------------------------------------

# English "when" and "who" ask where a question word stands: first (after "and", "so", a comma ...),
# after a preposition ("since when", "by whom") or last; inside a question they are a conjunction or a
# relative pronoun ("Which regulation ... *when* assessing ...?", "Why did the pupils *who* failed ...?"),
# except after "what/which ...": "What is the name of the student *who* ...?" asks a person.
_OPENS = r"(?:^|[.?!,:;]\s*)\W*(?:(?:and|so|but|then|or|also)\s+)?"
# "tahun pelajaran berapa" (which school year) asks a date; "tahun ini berapa" (this year, how many) does not
_TIME_NOUN_BERAPA = r"(?:tahun|tanggal|bulan|hari)(?:\s+(?!ini\b|itu\b|lalu\b|tersebut\b|yang\b)[a-z]+)?\s+berapa"

# "what is the <measure>" asks a number when the noun asked is a quantity ("What was the correlation
# coefficient ...?", "Apa nilai koefisien ...?"); "what kind/type of X" stays a which-question
# ("means", "values" are also ways and ideals: only their singular asks a number)
_QUANTITY_NOUN = (r"(?:(?:coefficient|score|percentage|amount|total|average|rate|ratio|proportion)(?=s?(?![\w-]))"
                  r"|(?:value|mean)(?![\w-])|(?:number|count|size)(?=\s+of\b))")
_QUANTITY_ASKED = re.compile(
    r"^\W*what(?:'s|\s+(?:is|was|are|were))\s+(?:the\s+|an?\s+|its\s+|their\s+)?"
    r"(?:(?!(?:kind|type|sort|form|of|in|for|from|on|that|which)\b)[a-z-]+\s+){0,3}?"
    rf"{_QUANTITY_NOUN}"
    r"|^\W*(?:apa|berapa)(?:kah)?\s+(nilai|besar(?:nya)?|rata-rata|persentase|jumlah|total)\b",
    re.I,
)

_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("how", re.compile(r"\b(sampai kapan|hingga kapan|until when)\b", re.I)),
    # "how long" asks a duration: a number of a time unit when the thesis gives one, else sentences
    # ("How long will the cooperation go on?" is answered by what it runs until)
    ("duration", re.compile(r"\bhow long\b", re.I)),
    ("when", re.compile(rf"\b(kapan|{_TIME_NOUN_BERAPA}|bulan apa|pada tanggal|sejak kapan|what date|"
                        r"(?:what|which) (?:date|year|day|month|period)s?|on what day|what day)\b"
                        rf"|{_OPENS}when\b|\b(?:since|until|till|from|by) when\b|\bwhen\s*\?*\s*$", re.I)),
    ("number", re.compile(r"\b(berapa|seberapa|jumlah|how many|how much|what number|what percentage|what share|"
                          r"what proportion)\b", re.I)),
    ("number", _QUANTITY_ASKED),
    ("who", re.compile(rf"\b(siapa)\b|{_OPENS}(?:who|whom|whose)\b|\b(?:by|to|with|for|from|of) whom\b"
                       r"|\bwho\s*\?*\s*$|^\W*(?:what|which)\b.*\bwho\b", re.I)),
    ("why", re.compile(r"\b(mengapa|kenapa|apa penyebab|apa sebab|alasan|faktor apa|why|what caused|what causes|"
                       r"reason|reasons|because of what)\b", re.I)),
    ("summary", re.compile(r"\b(ringkas\w*|rangkum\w*|simpulkan|intisari|garis besar|pokok|summari[sz]e|summary|"
                           r"overview|main points?|key points?|in short|in brief)\b", re.I)),
    ("how", re.compile(r"\b(bagaimana|how)\b", re.I)),
    ("yesno", re.compile(r"^\s*(apakah|is|are|was|were|does|did|do|can|could|has|have|will)\b", re.I)),
    ("which", re.compile(r"\b(apa|mana(?:kah)?|which|what)\b", re.I)),
]


# "pihak mana / pihak apa" (which party) asks who, as "siapa" does
_WHICH_PARTY = re.compile(r"\bpihak\s+(?:mana|apa)(?:kah)?\b", re.IGNORECASE)


def question_type(text: str) -> str:
    """when | duration | number | who | why | summary | how | yesno | which | other."""
    text = _WHICH_PARTY.sub("siapa", text)
    for name, pattern in _TYPES:
        if pattern.search(text):
            return name
    return "other"


# A question that asks where a statement comes from: its source, reference or citation, who it is quoted
# from, which book or page (the genre's and grammar's words of either language). Only these get a footnote
# (a note of its section) as their answer. A page alone asks where a section starts ("Di halaman berapa
# subbab 4.2 dimulai?", "On which page does 3.4 start?"): with a book, a work or a citing word it asks a source.
# what a source is the source of: a statement, a view, a figure ("sumber pernyataan ...", "the source of the
# claim ..."), not a thing a thesis studies ("sumber karbon apa", "the source of income")
_STATED_ID = r"(?:pernyataan|kutipan|pendapat|pandangan|definisi|teori|keterangan|informasi|bahwa|yang)\b"
_STATED_EN = r"(?:statement|claim|view|quotation|quote|definition|figure|opinion|information)s?\b"
_ASKS_SOURCE = re.compile(
    rf"\b(?:sumber(?:nya\b|(?=\s*(?:[?.,]|$|{_STATED_ID})))|rujukan(?:nya)?|referensi(?:nya)?|dirujuk"
    r"|kutipan(?:nya)?|dikutip|mengutip|menurut\s+siapa|catatan\s+kaki|footnotes?|endnotes?"
    rf"|sources?(?!\s+of\s+(?!(?:the|this|that)\s+{_STATED_EN}))|references?|referenced"
    r"|cit(?:e|es|ed|ing|ation|ations)|quot(?:ed|ing)\s+from"
    r"|according\s+to\s+whom|(?:which|what|whose)\s+(?:book|work|publication|journal)"
    r"|(?:buku|karya|jurnal)\s+(?:apa|mana|siapa))\b"
    r"|\b(?:halaman|hlm\.?|page)\b(?=.*\b(?:buku|karya|jurnal|book|work|journal)\b)"
    r"|\b(?:buku|karya|jurnal|book|work|journal)\b(?=.*\b(?:halaman|hlm|page)\b)",
    re.IGNORECASE,
)


def asks_source(text: str) -> bool:
    """True when a question asks for the source of a statement (a reference, a citation, the book or page
    it is quoted from, who it is according to): a footnote of the section answers it."""
    return bool(_ASKS_SOURCE.search(text))


# ---- what a factoid question asks for ----------------------------------------------------------

_SKIP = r"(?i:(?:nama|yang|yg|jadi|menjadi|adalah|ialah|itu|sebenarnya|banyak|jumlah|is|was|are|were|the|a|an)\s+)*"
_HEAD_ID = re.compile(rf"\b(?i:siapa(?:kah)?|berapa(?:kah)?)\s+{_SKIP}([A-Za-z][\w-]*(?:/[\w-]+)*)(?:\s+([A-Z][\w-]*))?")
_HEAD_EN = re.compile(
    r"\b(?:(?i:who|how many|how much)\s+(?i:(?:is|was|are|were|the|a|an)\s+)*"
    r"|(?i:what|which)\s+(?i:(?:is|was|are|were)\s+(?:the|a|an)\s+)?)"
    r"([A-Za-z][\w-]*(?:/[\w-]+)*)(?:\s+(?:of|in|from)\s+(?:the\s+)?([A-Z][\w-]*))?"
)


@dataclass(frozen=True)
class Asked:
    """The noun a factoid question asks about ("Siapa *walikota* Kisarazu") and the name that
    qualifies it, if any ("Kisarazu")."""

    head: str
    modifier: str | None
    noun: bool = True  # False for a verb after "who" ("who *initiated* ..."): an anchor, not a thing asked for


_RELATIVE_AFTER_HOW_MANY = re.compile(r"\bberapa(?:kah)?\s+(?:banyak\s+)?yang\s+$", re.IGNORECASE)
_HEAD_ID_AFTER = re.compile(r"\b([a-zA-Z][\w-]*)\s+(?i:apa|mana)(?:kah)?\b(?:\s+yang)?")
_NOT_HEADS = {"di", "ke", "dari", "pada", "untuk", "dengan", "dalam", "oleh", "hal", "yang", "dan", "atau", "bahwa"}
# auxiliaries and modals: "Berapa yang *harus* dibayar?" names no noun
_AUXILIARIES = {"harus", "akan", "sudah", "telah", "sedang", "bisa", "dapat", "perlu", "boleh", "masih", "pernah",
                "mau", "ingin", "wajib", "sempat", "belum", "tidak", "bukan"}


# "How many *didn't*?": the word before an apostrophe of a negated auxiliary is no noun
_NOT_ASKED = {"is", "was", "are", "were", "do", "does", "did", "has", "have", "had", "can", "could", "should", "would",
              "will", "may", "might", "must", "shall", "be", "been", "the", "a", "an", "it", "they", "this", "that"}
_CONTRACTED = {"didn", "don", "doesn", "isn", "aren", "wasn", "weren", "haven", "hasn", "hadn", "wouldn",
               "couldn", "shouldn", "cannot"}  # not "won": "Who *won* ..." is a verb the answer stands next to


# A company's legal form before its name ("CV ...", "PT ...", "... Tbk"): the genre's words; the name after
# it is an organisation's, which a thesis may write before the role asked about ("CV X, dipimpin oleh ...").
_COMPANY_FORMS = {"pt", "cv", "ud", "tbk", "persero", "ltd", "inc", "co", "corp", "llc", "plc"}
_SLASHED = re.compile(r"[A-Za-z]+(?:/[A-Za-z]+)+")


def _abbreviation(token: str) -> bool:
    """A token that names no noun of its own: one or two letters with a capital ("R", "Hb"; lower-case
    ones are function words), a slashed abbreviation ("R/C"), a company's legal form ("CV")."""
    short = len(token) <= 2 and token.isalpha() and not token.islower()
    return short or bool(_SLASHED.fullmatch(token)) or token.lower() in _COMPANY_FORMS


def asked(text: str, language: str) -> Asked | None:
    """Head noun and proper-noun modifier of a who / how-many / which-X / what-is-the-X-of-Y question."""
    text = _WHICH_PARTY.sub("siapa", text) if language == "id" else text
    match = (_HEAD_ID if language == "id" else _HEAD_EN).search(text)
    if not match and language == "id":  # "Konsep apa ...", "Dinas mana ..."
        after = _HEAD_ID_AFTER.search(text)
        if after and after.group(1).lower() not in _NOT_HEADS and not _abbreviation(after.group(1)):
            return Asked(after.group(1).lower(), None)
    if not match:
        return None
    head = match.group(1).lower()
    if head in _NOT_ASKED or head in _CONTRACTED:
        return None
    if language == "id" and (head in _NOT_HEADS or head in _AUXILIARIES):
        return None
    if language == "id" and _RELATIVE_AFTER_HOW_MANY.search(text[:match.start(1)]):
        # "Berapa yang *mengalami* kenaikan?": "yang" opens a relative clause, its verb is no noun asked about
        return Asked(head, None, noun=False)
    if _abbreviation(match.group(1)):  # "Berapa *R/C* ratio ...": the noun is the word after the abbreviation
        return asked(f"{text[:match.start(1)]}{text[match.end(1):].lstrip()}", language)
    modifier = match.group(2)
    if modifier and _abbreviation(modifier):
        modifier = None  # "pimpinan *CV* ...": an organisation's legal form, no name the noun is written before
    if language == "en":
        return _english_head(text, match, head, modifier)
    return Asked(head, modifier)


def _english_head(text: str, match: re.Match[str], head: str, modifier: str | None) -> Asked | None:
    """The English head is a noun by the dictionary: "which *local* agency" moves on to "agency",
    "who *brokered* ..." has none."""
    from assistant.core.dictionary import get_dictionary

    tags = get_dictionary().parts_of_speech
    def noun(word: str) -> bool | None:
        found = tags.get(word) or (tags.get(word[:-1]) if word.endswith("s") else None)
        return None if found is None else "n" in found

    if noun(head) is not True:
        following = re.match(r"\s+([A-Za-z][\w-]*)", text[match.end(1):])
        if following and noun(following.group(1).lower()):
            return Asked(following.group(1).lower(), modifier)
        if noun(head) is False or head.endswith("ed"):
            return Asked(head, modifier, noun=False)  # a verb or an adjective: the question names no noun
    return Asked(head, modifier)


# ---- sections named in a question --------------------------------------------------------------

_SECTION_REF = re.compile(
    r"(?:\b(?:bagian|subbab|sub-bab|sub bab|bab|pasal|poin|section|subsection|sub-section|chapter|part)\s*)?"
    r"(?<![\d.])(\d{1,2}(?:(?:\.\d{1,2}){1,3}|\.(?-i:[A-Z])(?!\w)))(?![\d.]*\d)",  # "6.2", lettered "2.B"
    re.I,
)
_CHAPTER_REF = re.compile(rf"\b(?:bab|chapter)\s+({ROMAN_NUMERAL}|\d{{1,2}})\b", re.I)


@dataclass(frozen=True)
class SectionRef:
    """A section number as written in a question (may be a canonical or a printed number)."""

    number: str


def section_refs(text: str) -> list[SectionRef]:
    """Section numbers a question names ("apa isi bagian 6.2?", "section 6.1")."""
    refs = [SectionRef(m.group(1)) for m in _SECTION_REF.finditer(text)]
    return [r for r in refs if not re.fullmatch(r"\d{1,2}\.\d{3,}", r.number)]


def chapter_ref(text: str) -> int | None:
    """A chapter number a question names ("bab VI", "chapter 6")."""
    match = _CHAPTER_REF.search(text)
    if not match:
        return None
    return roman_value(match.group(1))


# ---- follow-ups --------------------------------------------------------------------------------

# A turn that continues the one before: it opens like a continuation ("Dan ...", "What about ...",
# "Yang ..." with no noun before it), points back (a pronoun, a demonstrative, "-nya", "each",
# "the rest"), or leaves its verb out ("How many didn't?").
_CONTINUES = re.compile(
    r"^\s*(?:dan|lalu|terus|kemudian|bagaimana dengan|kalau|sedangkan|tapi|tetapi|namun|yang|di antaranya"
    r"|(?:berapa|kenapa|mengapa)(?:kah)?\s+yang"  # "Kenapa yang dari kelompok X ...": no noun before "yang"
    r"|and|then|what about|how about|also|so|but|or|what of)\b",
    re.I,
)
_POINTS_BACK = re.compile(
    r"\b\w{3,}nya\b|\b(?:itu|tersebut|beliau|mereka|ia|dia|masing-masing|sisanya|selebihnya"
    r"|it|its|they|their|them|that|those|he|she|his|her|him|each|rest|remainder|same|others)\b"
    r"|\bthe\s+(?!only\b)[a-z]+\s+ones?\b"  # "the last one", "the other ones": one of those named before
    r"|\b(?:dibanding(?:kan)?|compared\s+(?:to|with))\s+(?:dengan\s+)?(?:tahun\s+|in\s+)?\d{4}\b",  # than a year asked before
    re.I,
)
_VERB_LEFT_OUT = re.compile(
    r"\b(?:did|does|do|was|were|is|are|can|could|will|would|have|has|had)(?:n't| not)?\s*[?.!]*\s*$", re.I
)
MAX_FOLLOW_UP_WORDS = 5  # content words a question that points back may have and still lean on the turn before


def is_follow_up(text: str) -> bool:
    """True when a question leans on what came before ("Dan siapa inisiatornya?", "How many didn't?")."""
    from assistant.core.text import content_words

    named = set(content_words(text))
    if _VERB_LEFT_OUT.search(text) or not named and not _names_the_work(text):  # "Why?", "Kapan?": names nothing
        return True
    marked = _CONTINUES.search(text) or _POINTS_BACK.search(text) or _YEARS_APART.search(text)
    return bool(marked) and len(named) <= MAX_FOLLOW_UP_WORDS


def points_back(text: str) -> bool:
    """The text still points back at something said before ("that rule", "-nya", "they")."""
    return bool(_POINTS_BACK.search(text))


# the genre's own words: "Siapa penulis skripsi ini?" names the work, it does not lean on the turn before
_THE_WORK = {"skripsi", "tesis", "thesis", "disertasi", "dissertation", "penelitian", "research", "study", "penulis",
             "peneliti", "author", "researcher", "karya", "tulisan", "paper", "document", "dokumen"}


def _names_the_work(text: str) -> bool:
    from assistant.core.text import META_WORDS, words

    return any(w in _THE_WORK or w in META_WORDS for w in words(text))


def previous_question(history: tuple[Turn, ...]) -> str | None:
    """The last question the user asked before this one."""
    return next((t.content for t in reversed(history) if t.role == "user"), None)


def previous_answer(history: tuple[Turn, ...]) -> str | None:
    """The assistant's last answer."""
    return next((t.content for t in reversed(history) if t.role == "assistant"), None)


def follow_up_type(question: str, history: tuple[Turn, ...]) -> str:
    """The kind of answer a follow-up wants: its own, or the previous question's when it asks with no
    question word of its own ("And after the second cycle?" after "What was the class average ...?")."""
    own = question_type(question)
    previous = previous_question(history)
    if not previous:
        return own
    before = question_type(previous)
    if own == "other" or ELLIPTICAL.match(question) and before in FACTOID_TYPES:
        if before == "which" and _gave_a_number(previous_answer(history) or "") and (
                ASKS_VALUE.match(previous) or ELLIPTICAL.match(question) and not _SUPERLATIVE.search(question)):
            # "What was the feed consumption in P0?" answered "3,412 g ...": "And in P4?" asks a number; so does "What
            # about vocabulary?" after "Which aspect improved most?" - "Organization, with a gain of 4.62": the same
            # measure of another one (not "What about the lowest?": which one again)
            return "number"
        return before
    return own


# "What is the X (of Y)?": the value of one X, a measure when the thesis writes a number right after X ("What is the
# capacity of the mill?"), a concept when it does not ("What is the main theory ...?"); not "what are", "which X", "what
# did ...": kinds, lists and deeds.
ASKS_VALUE = re.compile(r"^\W*what(?:'s|\s+(?:is|was))\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)", re.IGNORECASE)
_QUOTED_OR_CITED = re.compile(r"“[^”]*”|\"[^\"]*\"|\[[^\]]*\]")


def _gave_a_number(answer: str) -> bool:
    """The answer gives a value in its own words ("3,412 g per bird", "The BOD at ST2 was 14.2 mg/L."), not only
    a year or a date, and not only inside what it quotes."""
    told = _QUOTED_OR_CITED.sub(" ", answer)
    dated = [(m.start(), m.end()) for m in DATE.finditer(told)]
    for language in ("en", "id"):
        for q in quantities(told, language):
            if any(a <= q.start and q.end <= b for a, b in dated):
                continue
            if q.value.is_integer() and 1900 <= q.value <= 2100 and re.fullmatch(r"\d{4}", told[q.start:q.end]):
                continue
            return True
    return False


# "Bagaimana dengan musim berikutnya?", "What about the second group?": a factoid question asked again of
# something else, so its kind of answer is wanted, not a manner
FACTOID_TYPES = frozenset({"when", "number", "who", "which", "duration"})
ELLIPTICAL = re.compile(r"\s*(?:(?:bagaimana|gimana)\s+(?:dengan|kalau|jika|untuk)|(?:what|how)\s+about)\b", re.I)


# a superlative asks which one again ("What about the lowest?", "Bagaimana dengan yang paling kecil?")
_SUPERLATIVE = re.compile(r"\b(?:most|least|best|worst|\w{2,}est|paling|ter(?:besar|kecil|tinggi|rendah|banyak|sedikit|baik"
                          r"|buruk|lama|cepat))\b", re.IGNORECASE)


def cited_sections(history: tuple[Turn, ...]) -> tuple[str, ...]:
    """Sections the assistant's last answer cites ("... Rp 8.450.000 [4.2.2]." -> ("4.2.2",))."""
    from assistant.core.markers import cited_ids

    answer = previous_answer(history)
    return cited_ids(answer) if answer else ()


# "siklus berikutnya", "the next cycle", "the following year": the one after the previous question's
_NEXT_ID = re.compile(r"\b([a-zA-Z][\w-]*)\s+(?:berikut(?:nya)?|selanjutnya|sesudahnya|setelahnya)\b", re.I)
_NEXT_EN = re.compile(r"\b(?:the\s+)?(?:next|following|subsequent)\s+([a-zA-Z][\w-]*)\b", re.I)
# a noun with its number or year: "siklus I", "cycle 2", "tahun 2018", "year 2019"
# (a number is whole, separators and decimals included: "at 1,500 fish" gives 1,500, not 1)
_VALUE = r"(?:\d{{1,3}}(?:[.,]\d{{3}})+(?![.,]?\d)|\d{{1,4}}(?:[.,]\d+)?(?![.,]?\d)|[IVXLC]{{1,6}}\b)"
_NUMBERED = r"\b({noun})\s+(" + _VALUE + ")"
_VALUE_AFTER_NOUN = re.compile(r"\b([a-zA-Z][\w-]*)\s+(" + _VALUE.format() + ")")


def _after(value: str) -> str | None:
    """The value after ``value`` written the same way ("I" -> "II", "3" -> "4")."""
    if value.isdigit():
        return str(int(value) + 1)
    number = roman_value(value.lower())
    return roman(number + 1) if number and 0 < number < 50 else None


def _resolve_next(question: str, previous: str) -> str:
    """"Di siklus berikutnya ..." after "... siklus I?" is "Di siklus II ..."."""
    for pattern in (_NEXT_ID, _NEXT_EN):
        for match in reversed(list(pattern.finditer(question))):
            noun = match.group(1)
            found = re.search(_NUMBERED.format(noun=re.escape(noun)), previous, re.I)
            following = _after(found.group(2)) if found else None
            if following:
                question = f"{question[:match.start()]}{noun} {following}{question[match.end():]}"
    return question


def _substituted(previous: str, question: str) -> str:
    """The previous question with the values the follow-up gives instead: "Kalau tahun 2020?" after
    "... pada tahun 2018?" asks "... pada tahun 2020?"; "And the second time?" after "... the first
    time?" asks "... the second time?"."""
    for match in _VALUE_AFTER_NOUN.finditer(question):
        noun, value = match.group(1), match.group(2)
        if value.isalpha() and not value.isupper():
            continue
        pattern = re.compile(_NUMBERED.format(noun=re.escape(noun)), re.I)
        previous = pattern.sub(lambda m, v=value: f"{m.group(1)} {v}", previous)
    return _ordinal_substituted(previous, question)


# ordinal words (grammar of both languages): "the second time" after "the first time"
ORDINALS = {
    "en": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
    "id": ("pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan", "kesembilan",
           "kesepuluh"),
}
_ORDINAL = "|".join(w for words in ORDINALS.values() for w in words) + "|kesatu"
_ORDINAL_BEFORE = re.compile(rf"\b({_ORDINAL})\s+([a-zA-Z][\w-]*)\b", re.IGNORECASE)  # "the second cycle"
_ORDINAL_AFTER = re.compile(rf"\b([a-zA-Z][\w-]*)\s+({_ORDINAL})\b", re.IGNORECASE)  # "siklus kedua"


def ordinal_value(word: str) -> int | None:
    """1 for "first" / "pertama" / "kesatu", 2 for "second" / "kedua" ... (None for any other word)."""
    lowered = word.lower()
    if lowered == "kesatu":
        return 1
    for words in ORDINALS.values():
        if lowered in words:
            return words.index(lowered) + 1
    return None


def ordinal_forms(word: str) -> frozenset[str]:
    """How a thesis may write an ordinal as a number: "second" -> {"2", "ii"} ("the second cycle" is
    "siklus II"); empty for any other word."""
    value = ordinal_value(word)
    return frozenset({str(value), roman(value).lower()}) if value else frozenset()


def _ordinal_substituted(previous: str, question: str) -> str:
    """An ordinal the follow-up gives its noun replaces the previous question's ordinal of that noun."""
    for ordinal, noun in _ORDINAL_BEFORE.findall(question):
        pattern = re.compile(rf"\b(?:{_ORDINAL})(\s+{re.escape(noun)}\b)", re.IGNORECASE)
        previous = pattern.sub(lambda m, o=ordinal: f"{o}{m.group(1)}", previous)
    for noun, ordinal in _ORDINAL_AFTER.findall(question):
        if ordinal_value(noun) is not None:
            continue
        pattern = re.compile(rf"(\b{re.escape(noun)}\s+)(?:{_ORDINAL})\b", re.IGNORECASE)
        previous = pattern.sub(lambda m, o=ordinal: f"{m.group(1)}{o}", previous)
    return previous


def _refilled(previous: str, question: str) -> str:
    """The previous question with the slot an elliptical follow-up (one that opens as a continuation:
    "And ...", "Kalau ...") fills anew: "And the coefficient of supervisor support?" after "What is the
    regression coefficient of workload?" asks "What is the regression coefficient of supervisor support?";
    "And in the control group?" after "How many children in the intervention group ...?" asks about the
    control group. A word both name anchors the slot: the words after it (up to a function word, past the
    same connecting words in both) or the one word right before it are replaced by the follow-up's new
    ones. Left alone when the follow-up names nothing new next to a word of the previous question."""
    if not _CONTINUES.search(question):  # "Itu setara dengan biaya ...?" asks about the previous answer itself
        return previous
    own = question_type(question)
    if own != "other" and own != question_type(previous):
        return previous  # "And how much did that feed cost?" after "Which treatment ...?" asks its own question
    stop = stopwords() | QUESTION_WORDS
    asked, before = _tokens(question), _tokens(previous)
    said = {t.lower for t in before}
    known = {t.lower for t in asked}

    def new(token: _Token) -> bool:
        return token.lower not in said and token.lower not in stop and not token.lower.isdigit()

    def run(tokens: list[_Token], start: int, exclude: set[str]) -> tuple[int, list[_Token]]:
        """The content words from ``start`` on, after the function words leading them ("of"; not "yang":
        a relative clause is no part of the slot), and where they start."""
        while start < len(tokens) and tokens[start].lower in stop and tokens[start].lower != "yang":
            start += 1
        end = start
        while end < len(tokens) and tokens[end].lower not in stop and tokens[end].lower not in exclude:
            end += 1
        return start, tokens[start:end]

    for i, anchor in enumerate(asked):
        if anchor.lower in stop or anchor.lower not in said or anchor.lower.isdigit():
            continue
        j = next(k for k, t in enumerate(before) if t.lower == anchor.lower)
        fill_at, fill = run(asked, i + 1, set())
        if any(new(t) for t in fill):
            old_at, old = run(before, j + 1, known)
            same_gap = [t.lower for t in asked[i + 1:fill_at]] == [t.lower for t in before[j + 1:old_at]]
            if old and same_gap:
                return f"{previous[:old[0].start]}{question[fill[0].start:fill[-1].end]}{previous[old[-1].end:]}"
        if i and j and new(asked[i - 1]) and _adjacent(asked[i - 1], anchor):
            replaced = before[j - 1]
            if replaced.lower not in stop and replaced.lower not in known and _adjacent(replaced, before[j]):
                given, old = _phrase_before(asked, i, new), _phrase_before(before, j, lambda t: (
                    t.lower not in stop and t.lower not in known))
                if len(given) < len(old) and not all(t.text[:1].isupper() for t in old):
                    old = old[len(old) - len(given):]  # "the posttest score" for "the mean pretest score"
                return f"{previous[:old[0].start]}{question[given[0].start:given[-1].end]}{previous[old[-1].end:]}"
        contrast = _contrast(asked, i, before, j, said, known)
        if contrast is not None:
            return f"{previous[:contrast.start]}{asked[i + 1].text}{previous[contrast.end:]}"
    return _of_refilled(previous, question, asked, before, stop)


# the words an elliptical follow-up opens with before the noun phrase it gives ("And ...", "What about the ...")
_BARE_OPENING = re.compile(
    r"^\s*(?:(?:and|then|also|so|but|or)\s+)?(?:(?:what|how)\s+about\s+)?(?P<article>(?:the|a|an)\s+)?", re.IGNORECASE)


_PARTITIVE = {"one", "each", "either", "neither", "both", "none", "any", "part", "rest"}


def _of_refilled(previous: str, question: str, asked: list[_Token], before: list[_Token], stop: set[str]) -> str:
    """An English follow-up that is a bare noun phrase sharing no word with its previous question ("And
    organizational culture?" after "What is the path coefficient of transformational leadership on work
    motivation?") gives the noun phrase the previous question's first "of" governs anew: "... the path
    coefficient of organizational culture on work motivation?". English grammar only: an Indonesian noun
    phrase has no such marker."""
    opening = _BARE_OPENING.match(question)
    given = [t for t in asked if t.start >= opening.end()]
    said = {t.lower for t in before}
    if not given or len(given) > MAX_FOLLOW_UP_WORDS or question[given[-1].end:].strip(" ?.!") \
            or any(t.lower in stop or t.lower in said or t.lower.isdigit() for t in given):
        return previous
    at = next((k for k, t in enumerate(before) if t.lower == "of"), None)
    if not at or before[at - 1].lower in stop or before[at - 1].lower in _PARTITIVE:
        return previous  # "How many *of* the respondents ...", "Which one *of* ...": a part of them, no measure of it
    start = at + 1
    while start < len(before) and before[start].lower in ("the", "a", "an"):
        start += 1
    end = start
    while end < len(before) and before[end].lower not in stop:
        end += 1
    if end == start:
        return previous
    said_from = opening.start("article") if opening.group("article") else given[0].start  # with its own article
    return f"{previous[:before[at + 1].start]}{question[said_from:given[-1].end]}{previous[before[end - 1].end:]}"


def contrast_words(question: str, previous: str) -> str:
    """The word an elliptical follow-up gives in place of its previous question's next to a word both say
    ("kurang" in "Kalau yang berpengetahuan kurang?" after "... berpengetahuan baik ...?"); "" when none."""
    if not _CONTINUES.search(question):
        return ""
    asked, before = _tokens(question), _tokens(previous)
    said, known = {t.lower for t in before}, {t.lower for t in asked}
    stop = stopwords() | QUESTION_WORDS
    for i, anchor in enumerate(asked):
        if anchor.lower in stop or anchor.lower not in said or anchor.lower.isdigit():
            continue
        j = next(k for k, t in enumerate(before) if t.lower == anchor.lower)
        if _contrast(asked, i, before, j, said, known) is not None:
            return asked[i + 1].text
    return ""


def _contrast(asked: list[_Token], i: int, before: list[_Token], j: int, said: set[str],
              known: set[str]) -> _Token | None:
    """The previous question's word right after the anchor that the follow-up's last word, right after
    the same anchor, stands in place of: "Kalau yang berpengetahuan kurang?" after "... responden
    berpengetahuan baik yang ...?" asks about "berpengetahuan kurang". Such qualifiers are often
    stopwords ("baik", "kurang", "besar"), so only the place decides: one word each, next to the anchor,
    the follow-up's word its last and new, the previous one not in the follow-up."""
    if i + 2 != len(asked) or j + 1 >= len(before):
        return None
    given, replaced = asked[i + 1], before[j + 1]
    if not (_adjacent(asked[i], given) and _adjacent(before[j], replaced)):
        return None
    if not given.text.isalpha() or not replaced.text.isalpha() or given.lower in QUESTION_WORDS:
        return None
    return replaced if given.lower not in said and replaced.lower not in known else None


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()


_TOKEN = re.compile(r"[A-Za-z0-9][\w'-]*")


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _phrase_before(tokens: list[_Token], at: int, keep: Callable[[_Token], bool]) -> list[_Token]:
    """The words right before ``tokens[at]``, one space apart, that ``keep`` takes: the phrase a follow-up gives
    before a word both questions say ("the senior high school" before "opened"), or the one it replaces there.
    A name is replaced whole ("When was SMP Negeri Tanjung Rasau opened?" - "And when was the senior high school
    opened?": not its last word only), and a longer phrase given replaces as many words (the previous question's
    qualifiers of it stay when fewer are given: "the posttest score" after "the mean pretest score")."""
    start = at
    while start > 0 and keep(tokens[start - 1]) and _adjacent(tokens[start - 1], tokens[start]):
        start -= 1
    return tokens[start:at]


def _adjacent(first: _Token, second: _Token) -> bool:
    """One space apart: words of one phrase ("control group")."""
    return first.end == second.start - 1


# "two years later", "the year before", "setahun kemudian", "tahun sebelumnya": a year counted from the
# previous question's ("... in 2020? And two years later?" asks about 2022)
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")
_LATER = r"(?:later|after|on|kemudian|sesudahnya|setelahnya|berikutnya|selanjutnya|sesudah|setelah)"
_EARLIER = r"(?:earlier|before|previously|sebelumnya|sebelum)"
_YEARS_APART = re.compile(
    rf"\b(?:(?P<count>a|one|two|three|four|five|six|seven|eight|nine|ten|satu|dua|tiga|empat|lima|enam|tujuh"
    rf"|delapan|sembilan|sepuluh|\d{{1,2}})\s+|se)(?:years?|tahun)\s+(?P<way>{_LATER}|{_EARLIER})\b"
    rf"|\b(?:the\s+)?(?P<way2>previous|preceding|prior|next|following|subsequent)\s+year\b"
    rf"|\b(?:the\s+)?year\s+(?P<way3>before|after)\b"
    rf"|\btahun\s+(?P<way4>{_LATER}|{_EARLIER}|lalu)\b",
    re.I,
)


def _years_apart(match: re.Match[str], language: str) -> int | None:
    """How many years a relative phrase moves ("two years later" +2, "tahun sebelumnya" -1)."""
    from assistant.core.numbers import word_numbers

    way = (match.group("way") or match.group("way2") or match.group("way3") or match.group("way4")).lower()
    back = bool(re.fullmatch(_EARLIER, way)) or way in ("previous", "preceding", "prior", "lalu")
    count = (match.group("count") or "one").lower()
    if count.isdigit():
        value = int(count)
    elif count in ("a", "one", "se"):
        value = 1
    else:
        found = word_numbers(count, language) or word_numbers(count, "id" if language == "en" else "en")
        value = int(found[0].value) if found else 0
    return -value if back else value if value else None


def _resolve_years(question: str, previous: str) -> tuple[str, str]:
    """The question and the previous one with a year counted from the previous question's put in:
    "And two years later?" after "... in 2020?" is "And in 2022?" after "... in 2022?"."""
    years = _YEAR.findall(previous)
    match = _YEARS_APART.search(question)
    if not years or not match or _YEAR.search(question):
        return question, previous
    language = "en" if re.search(r"\b(?:years?|year)\b", match.group(0), re.I) else "id"
    step = _years_apart(match, language)
    if not step:
        return question, previous
    year = str(int(years[-1]) + step)
    said = f"in {year}" if language == "en" else f"tahun {year}"
    question = f"{question[:match.start()]}{said}{question[match.end():]}"
    return question, _YEAR.sub(lambda m: year if m.group(1) == years[-1] else m.group(1), previous)


def standalone_question(question: str, history: tuple[Turn, ...]) -> str:
    """The question to retrieve with: a follow-up gets the previous user question in front of it,
    with what the follow-up changes put in ("Kalau tahun 2020?" after "Berapa ... tahun 2018?" is
    "Berapa ... tahun 2020? Kalau tahun 2020?"; "siklus berikutnya" after "siklus I" is "siklus II";
    "two years later" after "in 2020" is "in 2022")."""
    previous, resolved = follow_up_parts(question, history)
    return f"{previous} {resolved}" if previous else question


def refilled_question(question: str, history: tuple[Turn, ...]) -> str | None:
    """The previous question with the slot an elliptical follow-up fills anew ("And the coefficient of
    supervisor support?" after "What is the regression coefficient of workload?"), or None when the
    follow-up fills none: then it asks the previous question itself."""
    previous = previous_question(history) if history and is_follow_up(question) else None
    if not previous:
        return None
    refilled = _refilled(previous, question)
    return refilled if refilled != previous else None


def follow_up_parts(question: str, history: tuple[Turn, ...]) -> tuple[str, str]:
    """The previous question and the follow-up, each with what the follow-up changes put in
    (see ``standalone_question``); ("", question) when the question does not lean on the history."""
    if not history or not is_follow_up(question):
        return "", question
    previous = previous_question(history)
    if not previous:
        return "", question
    resolved = _resolve_next(question, previous)
    resolved, previous = _resolve_years(resolved, previous)
    resolved = _named_referent(resolved, previous, previous_answer(history) or "")
    resolved = _one_resolved(resolved, previous)
    return _substituted(_refilled(previous, resolved), resolved), resolved


# "the second one", "the other ones": "one" stands for the noun the previous question asked about
_PRO_ONE = re.compile(r"\b(?:the\s+)?([a-z][\w-]*)\s+(ones?)\b", re.IGNORECASE)
_NOT_BEFORE_ONE = {"no", "any", "every", "each", "some", "which", "this", "that", "only"}


def _one_resolved(question: str, previous: str) -> str:
    """"And who is the second one?" after "Who is the main supervisor ...?" asks "And who is the second
    supervisor?": an English "<word> one" takes the noun the previous question asked about."""
    match = _PRO_ONE.search(question)
    if not match or match.group(1).lower() in _NOT_BEFORE_ONE or match.group(1).lower() in stopwords() \
            and ordinal_value(match.group(1)) is None:
        return question
    head = asked(previous, "en")
    if head is None or not head.noun or head.head in question.lower():
        return question
    noun = head.head if match.group(2).lower() == "one" else f"{head.head}s"
    return f"{question[:match.start(2)]}{noun}{question[match.end(2):]}"


# a person or group pointed back at: after "Who ...?" / "Which ...?" the people the answer named
# (as the subject or object, not a possessive: "her study programme", "atasan mereka" ask about a thing of theirs)
_PERSON_PRONOUN = re.compile(
    r"\b(?:they|them|she|he|him)\b"
    r"|(?:^|[,;]|\b(?:yang|apa|apakah|kenapa|mengapa|bagaimana|kapan|dan|lalu|kalau|setelah|sebelum|sesudah))\s*"
    r"\b(beliau|mereka|ia|dia)\b",
    re.I,
)
_NAME_RUN = re.compile(r"(?<![\w.])[A-Z][a-z][\w'-]*(?:\s+[A-Z][\w'-]*)*")
MAX_REFERENTS = 3  # names put in for a pronoun: the previous answer's first few
_PLACE_BEFORE = re.compile(r"\b(?:of|from|in|at|dari|di|asal)\s+$", re.IGNORECASE)
# "Siapa Informan 7?", "Who is Dr. Sari?": a who-question asking about someone it names by a name (capitalised
# words, a number or initials after them)
_WHO_IS_NAMED = re.compile(
    r"^\W*(?i:siapa(?:kah)?(?:\s+(?:itu|sebenarnya))?|who(?:'s|\s+(?:is|was|are|were)))\s+"
    r"((?:[A-Z][\w'.-]*)(?:\s+(?:[A-Z][\w'.-]*|\d+))*)\s*[?.!]*\s*$"
)


def _named_referent(question: str, previous: str, answer: str) -> str:
    """A personal pronoun after a who/which question stands for the names its answer gave: "What did
    they criticise?" after "Which two leaders were interviewed?" - "Sutrisno and Siti Maryam." asks
    what Sutrisno and Siti Maryam criticised (the names find the sentences where they speak)."""
    pronoun = _PERSON_PRONOUN.search(question)
    if not pronoun or question_type(previous) not in ("who", "which"):
        return question
    start, end = pronoun.span(1) if pronoun.group(1) else pronoun.span()
    if not answer:
        return question
    named = _WHO_IS_NAMED.match(previous)
    if named and named.group(1).lower() in answer.lower():
        # "Siapa Informan 7?" - "Informan 7 adalah warga ... Desa X": the answer describes the one the question named,
        # who is that name (an answer giving another name, "Bapak Agus Salim.", names the person asked about)
        return f"{question[:start]}{named.group(1)}{question[end:]}"
    from assistant.core.markers import strip_markers

    text = strip_markers(answer)
    from assistant.core.text import words

    said = set(words(previous))  # a word the question wrote in lower case is no name ("Ketua kelompok ...")
    names: list[str] = []
    for match in _NAME_RUN.finditer(text):
        name = match.group(0)
        first = name.split()[0]
        if match.start() == len(text) - len(text.lstrip()) and (first.lower() in said or _common_word(first)):
            name = " ".join(name.split()[1:])  # the answer's first word is capitalised as any first word is
        if _PLACE_BEFORE.search(text, 0, match.start()):
            continue  # "Sutrisno *of* Desa Wisata Sendangrejo": where the person is from, not a person
        if name and name.lower() not in question.lower() and name not in names:
            names.append(name)
    if not names:
        return question
    joined = ", ".join(names[:MAX_REFERENTS])
    return f"{question[:start]}{joined}{question[end:]}"


def _common_word(word: str) -> bool:
    """A word of either language's vocabulary (not a name): a stopword or a dictionary word."""
    from assistant.core.dictionary import get_dictionary

    lowered = word.lower()
    dictionary = get_dictionary()
    return lowered in stopwords() or bool(dictionary.to_english(lowered)) or bool(dictionary.to_indonesian(lowered))
