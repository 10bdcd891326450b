"""Numbers, quantities and dates in Indonesian and English text.

Number words are recognised from the forms ``num2words`` writes for each language ("dua puluh
lima", "dua belas", "seventy-one"), not from a hand-made list; digits follow the text's language
("2.750.000" and "12,5" in Indonesian, "2,750,000" and "12.5" in English). Dates are read in both
languages' forms and can be written in English for an English answer ("6 Oktober 2016" ->
"6 October 2016").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.core.dictionary import english_stem
from assistant.core.text import index_terms, letter_run_matches, letter_runs, stopwords, words

MONTHS = {
    "id": ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember"),
    "en": ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"),
}
_MONTH_NUMBER = {name: i + 1 for names in MONTHS.values() for i, name in enumerate(names)}
_MONTH_NUMBER.update({name[:3]: i + 1 for i, name in enumerate(MONTHS["en"])})
_MONTH_NUMBER.update({"agu": 8, "agt": 8, "okt": 10, "des": 12, "mei": 5, "sept": 9})
_MONTH = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTH})\.?\s+\d{{4}}\b"  # 6 Oktober 2016
    rf"|\b(?:{_MONTH})\.?\s+\d{{1,2}},\s+\d{{4}}\b"  # October 6, 2016
    rf"|\b(?:{_MONTH})\.?\s+\d{{4}}\b"  # Maret 2021
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b"  # 06/10/2016
    r"|\b(?:1[89]|20)\d{2}/(?:1[89]|20)\d{2}\b"  # 2021/2022 (a school or academic year)
    r"|\b(?:1[89]|20)\d{2}\b",  # 2016
    re.I,
)
# A range or a pair of dates is one answer ("8 Maret 2021 sampai dengan 3 April 2021", "14 Februari hingga
# 11 Maret 2022", "Selasa, 15 Februari 2022 dan Kamis, 17 Februari 2022"): the words that join two dates,
# a weekday before the second one allowed, and the first date's shorter forms (its year, or month, left out).
_JOIN = r"\s*,?\s*(?:sampai dengan|sampai|hingga|s\.\s?d\.|s/d|to|until|till|through|dan|and|[-\u2013\u2014])\s*(?:[A-Z][a-z]+,\s+)?"
_RANGE_JOIN = re.compile(rf"{_JOIN}$")
_RANGE_START = re.compile(rf"\b(?:(\d{{1,2}}\s+(?:{_MONTH})\.?)|(?:{_MONTH})\.?|(\d{{1,2}})){_JOIN}$", re.I)
_ID_JOINS = {"sampai dengan": "to", "sampai": "to", "hingga": "to", "s.d.": "to", "s/d": "to", "dan": "and"}
# Digits with thousands separators or decimals, and an optional unit word or sign after them.
DIGITS = re.compile(r"(?<![\w.,])(?:Rp\.?\s?|US\$\s?|\$\s?)?\d+(?:[.,]\d+)*(?:\s?%)?", re.I)
SCALES = {"id": {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12},
          "en": {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}}


@dataclass(frozen=True)
class Quantity:
    """A number found in text: where it is, its value, and whether it was written in words."""

    start: int
    end: int
    value: float
    words: bool


@lru_cache(maxsize=2)
def _phrases(language: str) -> dict[tuple[str, ...], int]:
    """Token tuples of every number 0-999 as num2words writes it in ``language``."""
    from num2words import num2words

    table: dict[tuple[str, ...], int] = {}
    for n in range(1000):
        tokens = tuple(t for t in letter_runs(num2words(n, lang=language)) if t != "and")
        table.setdefault(tokens, n)
    if language == "id":  # "seribu", "sejuta": the se- forms of a scale
        for n in (1000, 10**6):
            table.setdefault(tuple(letter_runs(num2words(n, lang="id"))), n)
    return table


@lru_cache(maxsize=2)
def _longest(language: str) -> int:
    """Tokens in the longest number phrase of ``language``."""
    return max(len(p) for p in _phrases(language))


@lru_cache(maxsize=2)
def number_words(language: str) -> frozenset[str]:
    """Every word that is part of a number in ``language`` ("dua", "puluh", "twenty", "juta")."""
    return frozenset(t for phrase in _phrases(language) for t in phrase) | frozenset(SCALES[language])


def parse_digits(text: str, language: str) -> float | None:
    """The value of a digit string as the language writes it: "2.750.000" is 2750000 in Indonesian,
    "12,5" is 12.5; in English "2,750,000" and "12.5"."""
    raw = re.sub(r"^(?:Rp\.?|US\$|\$)\s?|\s?%$", "", text.strip(), flags=re.I)
    thousands, decimal = (".", ",") if language == "id" else (",", ".")
    if re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+(?:\{decimal}\d+)?", raw):
        raw = raw.replace(thousands, "")
    raw = raw.replace(decimal, ".")
    try:
        return float(raw)
    except ValueError:
        return None


def quantities(text: str, language: str) -> list[Quantity]:
    """Numbers in ``text``: digits ("Rp 2.750.000", "12,5") and number words ("dua puluh lima",
    "seventy-one"), with a following scale word ("2,5 juta", "tiga ribu") folded in."""
    out: list[Quantity] = []
    for match in DIGITS.finditer(text):
        value = parse_digits(match.group(0), language)
        if value is None:
            continue
        end = match.end()
        scale = re.match(r"\s+([A-Za-z]+)", text[end:])
        if scale and scale.group(1).lower() in SCALES[language]:
            value *= SCALES[language][scale.group(1).lower()]
            end += scale.end()
        out.append(Quantity(match.start(), end, value, False))
    out.extend(word_numbers(text, language))
    return sorted(out, key=lambda q: q.start)


def word_numbers(text: str, language: str) -> list[Quantity]:
    """Numbers written in words ("dua belas", "seventy-one", "tiga ribu"), as num2words writes them."""
    phrases = _phrases(language)
    longest = _longest(language)
    scales = SCALES[language]
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in letter_run_matches(text)]
    known = number_words(language)
    if language == "en":  # "one hundred and five": the "and" inside a number is no word of its own
        tokens = [t for k, t in enumerate(tokens) if not (
            t[2] == "and" and 0 < k < len(tokens) - 1 and tokens[k - 1][2] in known and tokens[k + 1][2] in known)]
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in known:  # every number phrase starts with a number word
            i += 1
            continue
        total, group, start, end, j = 0, None, tokens[i][0], tokens[i][1], i
        while j < len(tokens):
            if j > i and text[tokens[j - 1][1] : tokens[j][0]].strip(" -") not in ("", "and"):
                break
            matched = None
            run = 0  # a phrase is made of number words only
            while j + run < len(tokens) and run < longest and tokens[j + run][2] in known:
                run += 1
            for size in range(run, 0, -1):
                key = tuple(t[2] for t in tokens[j : j + size])
                if key in phrases:
                    matched = (size, phrases[key])
                    break
            if matched and group is None:
                group, end, j = matched[1], tokens[j + matched[0] - 1][1], j + matched[0]
                if group >= 1000:  # "seribu", "sejuta": a complete group with its scale
                    total, group = total + group, None
                continue
            if tokens[j][2] in scales and group is not None:
                total, group, end, j = total + group * scales[tokens[j][2]], None, tokens[j][1], j + 1
                continue
            break
        value = total + (group or 0)
        if j > i and (value or tokens[i][2] in ("nol", "zero")):
            out.append(Quantity(start, end, float(value), True))
            i = j
        else:
            i += 1
    return out


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a date, a range or pair of dates taken as one ("14 Februari hingga 11 Maret 2022")."""
    spans: list[tuple[int, int]] = []
    for match in DATE.finditer(text):
        start, end = match.span()
        if spans and _RANGE_JOIN.fullmatch(text[spans[-1][1]:start]):
            spans[-1] = (spans[-1][0], end)
            continue
        before = text[max(0, start - 40):start]
        opening = _RANGE_START.search(before)
        # a bare day ("15 dan 17 Februari 2022") opens a range only before a date that starts with its day
        if opening and not (opening.group(2) and not re.match(r"\d{1,2}\s", match.group(0))):
            start -= len(before) - opening.start()
        spans.append((start, end))
    return spans


def number_in_words(value: float, language: str) -> str:
    """A whole number written out ("nine", "sembilan")."""
    from num2words import num2words

    return num2words(int(value), lang=language)


@dataclass(frozen=True)
class Date:
    """A date read from text; day and month may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None


def read_date(text: str) -> Date | None:
    """The date a DATE match means ("6 Oktober 2016", "October 6, 2016", "Maret 2021", "2016")."""
    year = re.search(r"\d{4}", text)
    if not year:
        return None
    slash = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if slash:
        return Date(int(slash.group(3)), int(slash.group(2)), int(slash.group(1)))
    month = next((_MONTH_NUMBER[w] for w in letter_runs(text) if w in _MONTH_NUMBER), None)
    day = re.search(r"\b(\d{1,2})\b", text)
    return Date(int(year.group(0)), month, int(day.group(1)) if day and month else None)


def write_date(date: Date, language: str) -> str:
    """A date in a language's usual form ("6 October 2016", "6 Oktober 2016", "March 2021")."""
    if date.month is None:
        return str(date.year)
    month = MONTHS[language][date.month - 1].capitalize()
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def in_english(span: str, kind: str) -> str:
    """An answer span for an English reader: dates in English, number words with their English
    form first ("sembilan" -> "nine (sembilan)"); anything else as it is."""
    if kind == "date" and DATE.search(span) and not DATE.fullmatch(span):  # a range or pair of dates
        return _range_in_english(span)
    if kind == "date":
        date = read_date(span)
        if date and date.month:
            english = write_date(date, "en")
            return english if english.lower() != span.lower() else span
        return span
    if kind == "number":
        found = [q for q in word_numbers(span, "id") if q.words]
        if found:
            q = found[0]
            english = number_in_words(q.value, "en")
            if q.value != int(q.value):
                return span
            rest = span[q.end :]
            return f"{english} ({span[q.start:q.end]}){rest}"
    return span


# A number written the Indonesian way: thousands grouped by points ("5.040", "2.750.000", "1.234,5") or a decimal
# comma ("82,3", "0,614"); not a time ("08.00") nor a label ("4.1"): a point group has three digits.
INDONESIAN_DIGITS = re.compile(r"(?<![\d.,])(?:[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\d.,]*\d)")


def digits_in_english(span: str) -> str:
    """A span read from an Indonesian sentence, its numbers written the English way ("5.040" -> "5,040",
    "Rp 2.750.000" -> "Rp 2,750,000", "82,3%" -> "82.3%"): an English reader reads "5.040" as five point
    zero four. Anything else is kept as it is, and so is a span with a number word ("Rp 1,35 miliar": half
    English, "1.35 miliar", it is no figure either language writes)."""
    if set(words(span)) & number_words("id"):
        return span
    return INDONESIAN_DIGITS.sub(lambda m: m.group(0).translate(str.maketrans(".,", ",.")), span)


def _range_in_english(span: str) -> str:
    """A range or pair of dates in English words ("14 Februari hingga 11 Maret 2022" -> "14 February to
    11 March 2022"); each date keeps its order of day, month and year."""
    def month(match: re.Match[str]) -> str:
        number = _MONTH_NUMBER.get(match.group(0).lower())
        return MONTHS["en"][number - 1].capitalize() if number else match.group(0)

    out = re.sub(rf"\b(?:{_MONTH})\b", month, span, flags=re.I)
    joins = "|".join(re.escape(j) for j in sorted(_ID_JOINS, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{joins})(?!\w)", lambda m: _ID_JOINS[m.group(0).lower()], out, flags=re.I)


def counts_noun(text: str, start: int, end: int, forms: set[str] | frozenset[str], *, after: int,
                before: int = 0) -> bool:
    """The number at ``text[start:end]`` counts a noun of ``forms``: one is written within ``after``
    words after it ("240 keluarga"), or within ``before`` words before it ("jumlah guru ... 15")."""
    following = set(index_terms(" ".join(words(text[end:])[:after])))
    preceding = set(index_terms(" ".join(words(text[:start])[-before:]))) if before else set()
    return bool((following | preceding) & forms)


COUNTED_WINDOW = 3  # a number counts a noun written at most this many words after (or before) it


def counts(text: str, forms: frozenset[str] | set[str], language: str, head: str = "") -> bool:
    """Some number in ``text`` is followed, within ``COUNTED_WINDOW`` words, by one of ``forms``
    ("240 keluarga"), or preceded by one ("jumlah guru ... 15": the noun names what is counted), or
    carries the asked noun as its unit's abbreviation ("berapa rupiah" over "Rp 1.850.000")."""
    # an English sentence inflects the translation an Indonesian question's forms hold ("52 teachers")
    forms = set(forms) | {t for t in index_terms(text) if stemmed([t]) & stemmed(forms)}
    return any(counts_noun(text, q.start, q.end, forms, after=COUNTED_WINDOW, before=COUNTED_WINDOW)
               for q in quantities(text, language)) or unit_of(text, head, language)


def unit_of(text: str, head: str, language: str) -> bool:
    """A number of ``text`` is written with an abbreviation of ``head`` as its unit, glued to it or the
    word right after it: "Rp 1.850.000" for "rupiah", "12 kg" for "kilogram"."""
    if len(head) < 3:
        return False
    for q in quantities(text, language):
        written = re.findall(r"[A-Za-z]+", text[q.start:q.end]) + words(text[q.end:])[:1]
        if any(abbreviates(w, head) and w.lower() not in stopwords() for w in written):
            return True
    return False


def abbreviates(short: str, word: str) -> bool:
    """``short`` (two to four letters) is an abbreviation of ``word``: the same first letter, and its
    letters in ``word`` in order ("Rp" of "rupiah", "kg" of "kilogram"); never the word itself."""
    short, word = short.lower(), word.lower()
    if not (2 <= len(short) <= 4 and short.isalpha() and len(short) < len(word) and short[0] == word[0]):
        return False
    rest = iter(word[1:])
    return all(letter in rest for letter in short[1:])


# ---- a count's number that counts another noun ("lima belas menit" for "how many teachers") ----------------

# A count question: "how many <noun>", "the number of <noun>", "berapa banyak / jumlah <noun>".
ASKS_COUNT = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b|\bberapa\s+(?:banyak|jumlah)\b|\bjumlah\b", re.IGNORECASE)
COUNTED_BEFORE = 3  # a count's noun written at most this many words before its number ("jumlah guru ... 15")
ONE_OF = re.compile(r"\bsalah\s*$", re.IGNORECASE)  # "salah satu": one of them, not a count
# Words that count anything (classifiers, measure words of people and times): a number followed by one
# may count what is asked
CLASSIFIERS = frozenset(["orang", "jiwa", "buah", "unit", "ekor", "kali", "biji", "lembar", "people", "persons",
                         "person", "individuals", "times", "units", "pieces"])


def stemmed(terms) -> set[str]:
    """Terms with their English stems: an Indonesian question's forms hold its words' English translations
    as the dictionary writes them ("guru" -> teacher), an English sentence inflects them ("52 teachers");
    an English question gets the corpus' inflections as its words' siblings, this is the same bridge the
    other way."""
    return set(terms) | {english_stem(t) for t in terms}


def shares_form(forms, terms) -> bool:
    """Some form of a question word is one of ``terms``, or shares its English stem with one."""
    forms = set(forms)
    terms = set(terms)
    return bool(forms & terms) or bool(stemmed(forms) & stemmed(terms))


def counted_other(sentence: str, span: str, asked_forms, head_forms, language: str) -> str | None:
    """The noun the number ``span`` counts in ``sentence`` when it is another than the one a count question
    asks for (``head_forms``; ``asked_forms``: every form of the question's words): "lima belas menit" for
    "how many teachers"; None when it counts the asked noun, a classifier, or nothing written."""
    start = sentence.find(span)
    if start < 0 or DATE.search(span):  # a year is no count of anything
        return None
    if ONE_OF.search(sentence[:start]) and span.lower().startswith(("satu", "one")):
        return span  # "salah satu BUMDes", "one of the ...": one of many, no count
    spanned = words(span)
    last = spanned[-1].lower() if spanned else ""
    number = {w.lower() for w in number_words(language) | number_words("id") | number_words("en")}
    if last and not any(c.isdigit() for c in last) and last not in number:
        noun = last  # the span holds its noun ("4.820 pengikut")
    else:
        following = [w.lower() for w in words(sentence[start + len(span):])[:1]]
        noun = following[0] if following else ""
    if not noun or noun in CLASSIFIERS or noun in stopwords() or any(c.isdigit() for c in noun):
        return None
    if shares_form(asked_forms, index_terms(noun)):
        return None
    before = index_terms(" ".join(words(sentence[:start])[-COUNTED_BEFORE:]))
    if shares_form(head_forms, before):  # "jumlah guru ... 15": the noun is written before its number
        return None
    opening = index_terms(" ".join(words(sentence)[:1]))
    if shares_form(head_forms, opening):  # "Populasi penelitian adalah ... 112 pasien": the sentence opens with the
        # noun, its subject, and says what it is; the number counts what it is made of
        return None
    return noun


YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,]*\d)")
_IN_PERIOD = re.compile(r"[-\u2013/]\s*$|^\s*[-\u2013/]\s*\d")  # "2020-2022", "2023/2024": a period, no one year
# what parts a value from a year that is not its own: another clause or item ("... pada tahun 2021 dan 71,9 ton ...",
# "from 12.0 percent in 2020 to ...") or another number
_APART = re.compile(r"[,;:()]|\b(?:dan|serta|sedangkan|tetapi|namun|menjadi|hingga|sampai|dari|and|while|whereas|but"
                    r"|to|from|than|daripada|dibandingkan|dibanding|compared|versus|vs)\b|\d", re.IGNORECASE)
YEAR_REACH = 40  # characters between a value and the year it is written with


def single_years(text: str) -> list[re.Match[str]]:
    """The years ``text`` writes, each alone: not one end of a period ("2020-2022", "2023/2024")."""
    return [m for m in YEAR.finditer(text)
            if not _IN_PERIOD.search(text[max(0, m.start() - 2):m.start()]) and not _IN_PERIOD.match(text[m.end():m.end() + 4])]


def bound_years(text: str, start: int, end: int) -> set[str]:
    """The years the value written at ``text[start:end]`` is written with: each standing within YEAR_REACH
    characters before or after it with no clause break, conjunction or other number between ("79,2 ton pada
    tahun 2021", "in 2022 the rate was 23.7"); a year inside the value is none."""
    found: set[str] = set()
    for match in single_years(text):
        if match.start() < end and start < match.end():
            continue
        between = text[end:match.start()] if match.start() >= end else text[match.end():start]
        if len(between) <= YEAR_REACH and not _APART.search(between):
            found.add(match.group(0))
    return found


def value_year(text: str, start: int, end: int) -> str | None:
    """The year the value at ``text[start:end]`` is given for: the one it is written with (``bound_years``), else
    the only year its sentence writes ("Pada tahun 2019, sebelum ..., penghimpunan zakat hanya Rp 1,35 miliar");
    None when the sentence writes none, or several and none beside the value."""
    bound = bound_years(text, start, end)
    if bound:
        return min(bound)
    written = {m.group(0) for m in single_years(text) if m.end() <= start or m.start() >= end}
    return next(iter(written)) if len(written) == 1 else None


# words that join two years into a period or a comparison ("between 2016 and 2022", "2019-2023", "dari 2020 sampai
# 2022"): a question naming a period asks no one year's value
_PERIOD = re.compile(r"\b(?:between|from|since|antara|dari|sejak|sampai|hingga|until|to)\b|[-\u2013]", re.IGNORECASE)


def asked_year(question: str) -> str | None:
    """The one year a question asks a value for ("How many visitors came in 2022?", "Berapa ... pada tahun 2021?"),
    or None: no year, two years, or a period ("between 2016 and 2022", "2019-2023", "sejak 2020")."""
    years = {m.group(0) for m in YEAR.finditer(question)}
    if len(years) != 1:
        return None
    year = next(iter(years))
    at = question.find(year)
    before = question[max(0, at - 12):at]
    after = question[at + 4:at + 6]
    if _PERIOD.search(before) or re.match(r"\s*[-\u2013/]", after):
        return None
    return year
