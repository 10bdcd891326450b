"""What thesis headings look like: chapters (BAB VI), numbered sections (6.1), named parts (ABSTRAK,
DAFTAR ISI, DAFTAR PUSTAKA), captions (Tabel 4.2) and Daftar Isi entries. Shared by the parser and
the PDF loader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.parts import NAMED_PARTS
from assistant.core.text import roman_value

# "BAB IV", and "CHAPTER IV" as a thesis written in English prints it (groups: the number, the title)
CHAPTER = re.compile(r"^(?:BAB|CHAPTER)\s+([IVXLC]+|\d+)\b[\s.:\-–—]*(.*)$", re.IGNORECASE)
# The chapter word as theses print it (capitals or title case, never lower-case prose)
CHAPTER_WORDS = ("BAB", "Bab", "CHAPTER", "Chapter")
# "1 PENDAHULUAN", "3 HASIL DAN PEMBAHASAN": a chapter printed without the word BAB, its arabic number and an
# all-capitals title on one line (groups as CHAPTER's)
BARE_CHAPTER = re.compile(r"^(\d{1,2})\s+([^\W\d_][^\d\n]{2,90})$")
# "6.1 Kesimpulan", and "5.1.Kesimpulan" as extraction glues it
SECTION = re.compile(r"^(\d+(?:\.\d+)+)(?:\.\s*|\s+)([^\W\d_][^\n]{0,150})$")
CAPTION = re.compile(r"^(Tabel|Gambar|Grafik|Diagram|Bagan|Skema|Table|Figure|Fig\.|Chart)\s+(\d+(?:\.\d+)*)\b", re.IGNORECASE)
# "Lampiran 3. Jadwal Kegiatan", "Appendix 2. The Observation Sheet": an item of the appendices, opening its own
# paragraph (a caption of what follows)
APPENDIX_ITEM = re.compile(r"^(?:Lampiran|LAMPIRAN|Appendix|APPENDIX)\s+(?:\d{1,2}|[A-Z])\b\.?\s*[:.\-–]?\s+[A-Z]")
# "B. Penelitian Terdahulu": a lettered heading (a section of a chapter that has no numbered ones, else a
# subheading); group 1 is its letter
LETTERED = re.compile(r"^([A-Z])\.\s+(?=[A-Z])")
# English labels and their Indonesian form, so "Table 4.2" finds "Tabel 4.2".
LABEL_FORMS = {"table": "tabel", "figure": "gambar", "fig.": "gambar", "chart": "grafik"}

# Named parts of a thesis (assistant.core.parts.NAMED_PARTS): normalised heading -> (section id, kind).
# "list" parts (Daftar Isi, Daftar Tabel ...) are read for structure and never indexed as content.
NAMED: dict[str, tuple[str, str]] = {
    name.lower(): (name, kind) for kind, names in NAMED_PARTS.items() for name in names
}
# The English headings of front parts that a thesis written in English prints, by the part they are
# ("APPROVAL SHEET" is the Lembar Persetujuan, "ACKNOWLEDGEMENT" the Acknowledgements)
ENGLISH_FRONT_PARTS = {
    "Lembar Persetujuan": ("approval sheet", "approval page"),
    "Lembar Pengesahan": ("legalization sheet", "legalization page", "legalisation sheet", "legalisation page",
                          "ratification sheet", "ratification page", "endorsement sheet", "endorsement page"),
    "Pernyataan Keaslian": ("statement of authenticity", "declaration of authenticity", "statement of originality",
                            "declaration of originality"),
    "Persembahan": ("dedication", "dedication page"),
    "Motto": ("motto and dedication",),
    "Acknowledgements": ("acknowledgement",),
    "Acknowledgments": ("acknowledgment",),
}
for _part, _headings in ENGLISH_FRONT_PARTS.items():
    NAMED.update(dict.fromkeys(_headings, (_part, "front")))
CONTENTS_NAMES = {"daftar isi", "table of contents", "contents"}
# Lists that define their entries (a symbol with its meaning and unit) and print no page numbers: such a list
# runs to the next heading.
GLOSSARY_NAMES = {"daftar singkatan", "daftar istilah", "daftar lambang", "daftar simbol", "daftar notasi",
                  "list of symbols", "nomenclature"}

# "6.1 Kesimpulan ....... 87" (dot leaders), or "6.1 Kesimpulan 87" (Word's tab, read as a space);
# front-matter pages are lower-case roman numbers ("ii"), so "BAB I" is never an entry.
_TOC_LINE = re.compile(
    r"^(?P<head>.*?[^\s.·…_])\s*(?:[.·…_]\s*){2,}(?P<page>\d{1,4}|[ivxlc]{1,7}|[IVXLC]{1,7})$"
    r"|^(?P<head2>.*?[^\d\s])\s+(?P<page2>\d{1,4}|[ivxlc]{1,7})$",
)
_TOC_HEADER = {"halaman", "hal", "hal.", "page", "pages", "judul", "isi"}


def normalise(text: str) -> str:
    """Lower case, single spaces, no trailing colon or period: for comparing headings."""
    return " ".join(text.replace("*", "").replace("_", " ").split()).lower().rstrip(":. ")


# A named part's heading printed in capitals with the page's word before it or the work's after it ("HALAMAN
# PERNYATAAN", "PERNYATAAN KEASLIAN SKRIPSI"), or two parts on one page ("MOTTO DAN PERSEMBAHAN": the first names it)
_PART_PAGE = re.compile(r"^(?:halaman|lembar|surat)\s+")
_PART_WORK = re.compile(r"\s+(?:skripsi|tesis|disertasi|tugas akhir)$")


def named_part(line: str) -> tuple[str, str] | None:
    """(section id, kind) when a line is the heading of a named part ("DAFTAR PUSTAKA")."""
    if len(line) > 40:
        return None
    key = normalise(line)
    found = NAMED.get(key)
    if found or not line.isupper():
        return found
    found = _capital_part(key)
    if found is None and " dan " in key:
        first, second = key.split(" dan ", 1)
        found = _capital_part(first) if _capital_part(second) else None
    return found


def _capital_part(key: str) -> tuple[str, str] | None:
    found = NAMED.get(key) or NAMED.get(_PART_WORK.sub("", key))
    if found is None and _PART_PAGE.match(key):
        found = NAMED.get(_PART_WORK.sub("", _PART_PAGE.sub("", key)))
    return found if found and found[1] == "front" else None


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a Daftar Isi: a chapter, a numbered or lettered section or a named part, and its page."""

    kind: str  # chapter | section | lettered | named | other
    number: str  # "6.1", the chapter number as digits ("6"), a lettered section's "2.B" (its letter alone
    # until the parser knows its chapter), or ""
    title: str
    page: str  # as printed ("87", "ii")


def contents_entry(line: str) -> ContentsEntry | None:
    """A Daftar Isi line ("6.1 Kesimpulan ........ 87"), or None when the line is not one."""
    line = line.strip()
    match = _TOC_LINE.match(line)
    bare_chapter = CHAPTER.match(line)  # "BAB IV" alone: no entry
    if not match or (bare_chapter and not bare_chapter.group(2).strip()):
        return None
    head = (match.group("head") or match.group("head2") or "").strip()
    page = match.group("page") or match.group("page2") or ""
    if not head:
        return None
    chapter = CHAPTER.match(head) or bare_chapter_line(head)
    if chapter:
        return ContentsEntry("chapter", str(chapter_value(chapter.group(1))), chapter.group(2).strip(), page)
    section = re.match(r"^(\d+(?:\.\d+)+)(?:\.\s*|\s+)([^\W\d_].*)$", head)
    if section:
        return ContentsEntry("section", section.group(1), section.group(2).strip(), page)
    if named_part(head):
        return ContentsEntry("named", "", head, page)
    lettered = LETTERED.match(head)
    if lettered:
        return ContentsEntry("lettered", lettered.group(1), head[lettered.end():].strip(), page)
    return ContentsEntry("other", "", head, page)


def is_contents_filler(line: str) -> bool:
    """Column headers inside a Daftar Isi ("Halaman")."""
    return normalise(line) in _TOC_HEADER


def chapter_value(token: str) -> int:
    """The value of a chapter's printed number ("IV", "4"); a lower-case l in it is OCR's reading of I ("BAB lV",
    "BAB Il": no thesis has a fiftieth chapter)."""
    return roman_value(token.replace("l", "I"))


def chapter_word(line: str) -> bool:
    """A line that opens with the chapter word as printed ("BAB IV", "Bab 4", "CHAPTER IV")."""
    return line.startswith(CHAPTER_WORDS)


def chapter_line(line: str) -> re.Match[str] | None:
    """The match of a chapter heading line ("BAB IV", "BAB IV HASIL DAN PEMBAHASAN", "Bab 4 Hasil dan
    Pembahasan"), None for prose that starts with a chapter reference ("BAB IV Hasil Penelitian dan
    Pembahasan menyajikan ...", "BAB IV, dapat disimpulkan ...")."""
    match = CHAPTER.match(line)
    if not match:
        return bare_chapter_line(line)
    if len(line) > 120:
        return None
    title = match.group(2).strip()
    if not title:
        return match
    if not title[:1].isalnum() or title.endswith(("-", ",", ";")):
        return None
    for word in title.split():
        bare = word.strip("()\"'“”:")
        if bare[:1].islower() and bare.lower() not in TITLE_CONNECTORS:
            return None
    return match


def bare_chapter_line(line: str) -> re.Match[str] | None:
    """The match of a chapter heading printed without the word BAB ("2 TINJAUAN PUSTAKA"): a number up to
    20 and a title in capitals of letters only, with a word of four letters or more; None for a count
    ("3 KG"), a table row or prose."""
    match = BARE_CHAPTER.match(line.strip())
    if not match or not 1 <= int(match.group(1)) <= 20:
        return None
    title = match.group(2).strip()
    words = title.split()
    if title != title.upper() or not all(w.strip(",&-").isalpha() for w in words if w != "&") \
            or not any(len(w) >= 4 for w in words):
        return None
    return match


# The little words a title keeps in lower case ("Pengaruh Padat Tebar terhadap Pertumbuhan"): a line of
# capitalised words with these between them is still title-case, and a title line ending in one goes on.
TITLE_CONNECTORS = frozenset({"dan", "di", "ke", "dari", "pada", "yang", "untuk", "terhadap", "dengan", "serta",
                              "atau", "dalam", "sebagai", "bagi", "tentang", "oleh", "of", "and", "the", "in", "on",
                              "for", "to", "a", "an"})


def looks_like_heading(line: str) -> bool:
    """A chapter, numbered-section or named-part heading line (for the PDF loader's block breaks)."""
    line = line.strip()
    if named_part(line) or (chapter_line(line) and len(line) < 80):
        return True
    match = SECTION.match(line)
    return bool(match) and len(line) < 90 and not line.rstrip().endswith((".", ",", ";"))


# ---- headings run into their text ("BAB V PENUTUP 5.1.Kesimpulan Berdasarkan ...") ---------------

_NUMBER_AT = re.compile(r"(?<![\w.])(\d{1,2}(?:\.\d{1,2})+)(\.?)(?=\s*[^\W\d_])")
_CONNECTORS = {"dan", "di", "ke", "dari", "pada", "yang", "untuk", "terhadap", "dengan", "serta", "atau", "dalam",
               "sebagai", "bagi", "tentang", "oleh", "of", "and", "the", "in", "on", "for", "to", "a", "an"}
_WORD = re.compile(r"\S+")


def run_in_pieces(line: str, titles: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """Where a line holds a heading run into its text: [(start, kind)] with kind chapter | section |
    text, in order; [] when the line is not a heading run into anything.

    "BAB V PENUTUP 5.1.Kesimpulan Berdasarkan ..." -> chapter at 0, section at 14, text at 29.
    A section title ends where the text's first sentence starts: the last capitalised word before a
    lower-case one ("3.2.Analisis Data Hasil pengujian ..." -> "Analisis Data"), or where a title
    the Daftar Isi lists (``titles``, normalised) ends.
    """
    chapter = CHAPTER.match(line)
    if chapter and chapter_word(line) and chapter.group(2)[:1].isalnum():
        rest_at = chapter.start(2)
        number = _NUMBER_AT.search(line, rest_at)
        if number:
            inner = run_in_pieces(line[number.start():], titles) or [(0, "section")]
            return [(0, "chapter")] + [(number.start() + s, k) for s, k in inner]
        body = _caps_run_end(line, rest_at)
        if body is not None:
            return [(0, "chapter"), (body, "text")]
        return []
    number = _NUMBER_AT.match(line)
    if not number:
        return []
    glued = bool(number.group(2)) and not line[number.end():number.end() + 1].isspace()
    title_at = number.end()
    while title_at < len(line) and line[title_at].isspace():
        title_at += 1
    body = _title_end(line, title_at, titles)
    if body is None:
        return [(0, "section")] if glued and not line.rstrip().endswith((".", ",")) else []
    return [(0, "section"), (body, "text")]


def _title_end(line: str, start: int, titles: tuple[str, ...]) -> int | None:
    """Where the text after a section title starts, or None when the line is all title (or no title)."""
    rest = line[start:]
    folded = normalise(rest)
    for title in sorted(titles, key=len, reverse=True):
        if len(title) >= 4 and folded.startswith(title + " "):
            end = _after_words(line, start, len(title.split()))
            # the rest is text only when it reads as text: a longer title ("Pengetahuan Ibu" after a listed
            # "Pengetahuan") goes on in capitalised words
            if end is not None and _reads_as_text(line[end:]):
                return end
    words = [(m.start() + start, m.group(0)) for m in _WORD.finditer(rest)]
    if not words or not words[0][1][:1].isupper():
        return None
    if words[0][1].isupper() and len(words[0][1]) > 1:  # "4.1 GAMBARAN UMUM Penelitian ini ..."
        return _caps_run_end(line, start)
    run = 0
    for k, (_, word) in enumerate(words):
        bare = word.strip("()\"'“”,:;")
        # "@akun", "#tagar": names inside a title, neither case
        if bare[:1].isupper() or bare[:1] in "@#" or (k and bare.lower() in _CONNECTORS) or (k and _symbol(words, k)):
            run = k + 1
            continue
        break
    if run >= len(words) or run < 2 or not words[run][1][:1].islower():
        return None
    # the run's last capitalised word opens the text; the title never ends on a connector
    last = run - 1
    while last > 0 and not words[last][1][:1].isupper():
        last -= 1
    while last > 0 and words[last - 1][1].lower() in _CONNECTORS:
        last -= 1
    if last == 0 or words[last - 1][1].endswith((".", ",")):
        return None
    return words[last][0]


def _symbol(words: list[tuple[int, str]], k: int) -> bool:
    """A statistic's one-letter symbol inside a title ("Uji t (Parsial)", "Distribusi t Student"): a lone
    lower-case letter with a capitalised or bracketed word after it."""
    word = words[k][1]
    following = words[k + 1][1] if k + 1 < len(words) else ""
    return len(word) == 1 and word.isalpha() and word.islower() and (following[:1].isupper() or following[:1] == "(")


def _reads_as_text(rest: str) -> bool:
    """Words that open a paragraph, not a title's last words: one of the first six is a lower-case word
    that is no connector."""
    return any(w[:1].islower() and w.lower() not in _CONNECTORS for w in rest.split()[:6])


def _caps_run_end(line: str, start: int) -> int | None:
    """Where text follows an upper-case title ("PENDAHULUAN Latar belakang ..."), else None."""
    words = [(m.start() + start, m.group(0)) for m in _WORD.finditer(line[start:])]
    k = 0
    while k < len(words) and (words[k][1].isupper() or not any(c.isalpha() for c in words[k][1])):
        k += 1
    if k == 0 or k >= len(words) or not any(c.islower() for c in words[k][1]):
        return None
    return words[k][0]


def _after_words(line: str, start: int, count: int) -> int | None:
    words = list(_WORD.finditer(line[start:]))
    return start + words[count].start() if len(words) > count else None
