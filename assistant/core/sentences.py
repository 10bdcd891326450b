"""Indonesian-aware sentence splitting that keeps character positions.

Linear in the length of the text: every look-behind and look-ahead reads a bounded window of the
text in place (no slice of the rest of the text per boundary, which made 8 MB take 9 s).
An inline list ("yaitu: 1. Membawa pesan, 2. Menambah ..., dan 3. ...") stays one sentence with
its lead-in: the period of an enumerator ("1.", "b.") is no boundary, nor is the end of an item
that the next enumerator continues.

One splitter for thesis paragraphs (``split_sentences``, at ingest) and answers (``split_lines``,
which verification reads claims with): an answer's claim and the thesis sentence it quotes are cut
by the same rules.
"""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence (lower-cased, without the period).
ABBREVIATIONS = frozenset(
    """
    dll dsb dst dkk dsk dg dgn yg tsb spt sbb sbg krn pd utk hlm hal no nomor vol jl jln tgl thn th
    prof dr drs dra ir h hj kh st sh se mm mt msi ssi spd mpd ph phd mba ma ba bsc msc
    bpk ibu sdr sdri kab kec kel prov ri pt cv tbk etc eg ie vs cf al fig tab mr mrs ms jr sr inc ltd co
    sig approx std exp ctrl op cit
    """.split()
)  # the last line: a statistics program's output as theses quote it ("Sig. (2-tailed)", "Std. Error")
# Academic and religious titles written before a name ("drg. Yuliana ...", "Hj. Siti ..."): the genre's
# words, not a boundary before the capitalised name that follows them.
TITLES = frozenset("dr drg drh dra drs ir prof h hj kh apt ns bd ners".split())
# A degree written after a name and a comma, its parts dotted ("..., S.Pd. ...", ", M.Kes.", ", M.P.H."):
# the full stop closes the degree, not the sentence. Read on the word before the final period.
_DEGREE = re.compile(r"[A-Z][a-z]{0,2}(?:\.[A-Z][A-Za-z]{0,3})+")
_AFTER_NAME = re.compile(r"(?:,|[A-Za-z]\.)\s*$")  # a comma or the previous degree's period before it

# A candidate boundary: terminal punctuation, optional closing quote/bracket, whitespace.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"'“‘(\[]*[A-Z0-9À-Ý]")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_WINDOW = 64  # characters read before a boundary: longer than any abbreviation or enumerator
# "1." / "b." / "(2)" / "3)" just before a period or at the start of what follows
_ENUM_BEFORE = re.compile(r"(?:^|[\s:;(])(\d{1,2}|[a-z])$")
_ENUM_AFTER = re.compile(r"\(?(\d{1,2}|[a-z])[.)]\s")
# a numbered statement of a mathematics thesis opens its sentence with its label ("Definisi 2.1. (Proses Stokastik)
# Proses stokastik adalah ...", "Teorema 2.7. Model AR(1) ...") and a proof with its word ("Bukti. Dengan ..."):
# the label's period is no boundary
_STATEMENT_LABEL = re.compile(
    r"(?:(?:Definisi|Teorema|Lemma|Akibat|Proposisi|Korolari|Aksioma|Definition|Theorem|Corollary|Proposition|Axiom)"
    r"\s+\d{1,2}(?:\.\d{1,2}){0,2}|Bukti|Proof)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in ``text``, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    last_item = ""  # the last list enumerator seen in the current sentence ("2", "b")
    for match in _BOUNDARY.finditer(text):
        end_punct = match.start() + len(match.group(0).rstrip())
        window = max(start, match.start() - _WINDOW)
        if text[match.start()] == "." and _STATEMENT_LABEL.fullmatch(text, _trim(text, start, match.start())[0],
                                                                     match.start()):
            continue  # "Definisi 2.1." / "Bukti." opening its sentence
        if text[match.start()] == ".":
            item = _ENUM_BEFORE.search(text, window, match.start())
            if item and (_opens_or_continues(item.group(1), last_item) or _blank(text, start, item.start(1))):
                last_item = item.group(1)
                continue  # "1." of an inline list, or the number that opens an item ("4. Bapak ...")
        if not _NEXT_STARTS_SENTENCE.match(text, match.end()):
            continue
        following = _ENUM_AFTER.match(text, match.end())
        if last_item and following and _follows(last_item, following.group(1)):
            continue  # the next item of the list this sentence holds
        if _abbreviation_at(text, window, match.start()) or _abbreviation_follows(text, match.start(), match.end()):
            continue
        spans.append((start, end_punct))
        start = match.end()
        last_item = ""
    if start < len(text):
        spans.append((start, len(text)))
    return [_trim(text, a, b) for a, b in spans if _has_text(text, a, b)]


# Inside a line of an answer, a closing marker, ellipsis or quote ends a sentence too when a capital
# follows ("... 2016 [6.1] Kemudian ...": models leave out the period after a marker).
_OPEN_END = re.compile(r"(?<=[\]…”])\s+(?=[\"“(\[]?[A-Z0-9])")
# A line that opens with a list number ("1. Fokus ...") gives the number apart: it is formatting.
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}|[a-z])\.\s+(?=[\"“(\[]?[A-Z0-9])")


def split_lines(text: str) -> list[str]:
    """Sentences of a text written in lines, as an answer is: every line break ends a sentence, and
    within a line ``split_sentences`` decides, a closing "]", "…" or "”" before a capital ending one too."""
    out: list[str] = []
    for line in text.split("\n"):
        for a, b in split_sentences(line):
            sentence = line[a:b]
            number = _ITEM_NUMBER.match(sentence)
            if number:
                out.append(sentence[: number.end()].rstrip())
                sentence = sentence[number.end():]
            out.extend(part for part in _OPEN_END.split(sentence) if part)
    return out


# the word after a boundary, with the period that closes it ("Sig." in "Asymp. Sig. (2-tailed)")
_NEXT_ABBREVIATION = re.compile(r"([A-Za-z]{2,6})\.(?=[\s(])")


def _abbreviation_follows(text: str, period: int, pos: int) -> bool:
    """A word's period right before another abbreviation (not a title before a name) closes an abbreviation too:
    abbreviations come in runs ("Asymp. Sig.", "Std. Dev."), and a sentence does not open with one."""
    match = _NEXT_ABBREVIATION.match(text, pos)
    bare = match.group(1).lower() if match else ""
    return bare in ABBREVIATIONS and bare not in TITLES and text[period - 1:period].isalpha() \
        and text[period] == "."


def ends_with_abbreviation(text: str) -> bool:
    """Whether ``text`` ends with an abbreviation's period ("... t hitung Sig."), which ends no sentence."""
    text = text.rstrip()
    return text.endswith(".") and _abbreviation_at(text, max(0, len(text) - 1 - _WINDOW), len(text) - 1)


def _abbreviation_at(text: str, pos: int, endpos: int) -> bool:
    match = _LAST_WORD.search(text, pos, endpos)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():  # an initial, not a unit's letter ("61,0 °C. Efisiensi ...")
        return text[match.start() - 1:match.start()] != "°"
    bare = word.lower().replace(".", "")
    if bare in ABBREVIATIONS or bare in TITLES:
        return True
    if word[0].isupper() and word[1:].islower() and len(word) <= 4 and not set(bare) & set("aeiou"):
        return True  # a capitalised word without a vowel is no Indonesian or English word: a title ("Hj", "Tn")
    return bool(_DEGREE.fullmatch(word)) and bool(_AFTER_NAME.search(text, max(0, match.start() - 8), match.start()))


def _opens_or_continues(item: str, last: str) -> bool:
    """An enumerator that opens a list ("1.", "a.") or continues the one open."""
    return item in ("1", "a") or bool(last and _follows(last, item))


def _follows(last: str, item: str) -> bool:
    if last.isdigit() and item.isdigit():
        return int(item) == int(last) + 1
    return len(last) == 1 and len(item) == 1 and last.isalpha() and ord(item) == ord(last) + 1


def _blank(text: str, a: int, b: int) -> bool:
    """Only spaces (or an opening bracket) between a and b."""
    return b - a < _WINDOW and not text[a:b].strip(" \t\n(")


def _has_text(text: str, a: int, b: int) -> bool:
    for i in range(a, b):
        if not text[i].isspace():
            return True
    return False


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
