"""The title page's facts: title, author, student number, supervisors, programme, faculty,
university and year, each with the line it was read from (so an answer can quote it).

Reads the labelled lines title pages use ("Disusun Oleh :", "Nama : ...", "NIM : ...", "Dosen
Pembimbing I : ...", "Pembimbing Utama : ...") and the institution lines in capitals ("PROGRAM
STUDI ...", "FAKULTAS ...", "UNIVERSITAS ..."); the title is the run of lines before the genre word
("SKRIPSI", "TESIS") or the first label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.core.types import FrontField
from ingest.headings import TITLE_CONNECTORS

_LABELLED = [
    ("author", re.compile(r"^(?:nama(?:\s+mahasiswa)?|name|disusun\s+oleh|ditulis\s+oleh|oleh|by|written\s+by)"
                          r"\s*:?\s*(?P<value>[^\W\d_].+)$", re.IGNORECASE)),
    ("student_number", re.compile(r"^(?:nim|npm|nrp|no\.?\s*(?:induk\s+)?mahasiswa|nomor\s+induk\s+mahasiswa|"
                                  r"student\s+(?:id|number))\s*[:.]?\s*(?P<value>[\w.\-/]*\d[\w.\-/]*)$",
                                  re.IGNORECASE)),
    ("supervisor", re.compile(r"^(?:dosen\s+)?(?:pembimbing|supervisor|advisor)(?:\s+(?:utama|pendamping|anggota|pembantu|pertama|kedua|"
                              r"[IV]{1,3}|\d))?\s*[:,]?\s*:\s*(?P<value>.+)$", re.IGNORECASE)),
    ("programme", re.compile(r"^(?:program\s+studi|prodi|jurusan|study\s+program|department\s+of)\s*:?\s*"
                             r"(?P<value>[^\W\d_].+)$", re.IGNORECASE)),
    ("faculty", re.compile(r"^(?:fakultas|faculty\s+of)\s*:?\s*(?P<value>[^\W\d_].+)$", re.IGNORECASE)),
    ("university", re.compile(r"^(?P<value>(?:universitas|institut|sekolah\s+tinggi|politeknik|university|"
                              r"institute)\b.+)$", re.IGNORECASE)),
    ("year", re.compile(r"^(?P<value>(?:19|20)\d\d)$")),
]
_AUTHOR_LEAD = re.compile(r"^(?:disusun|ditulis|diajukan)?\s*oleh\s*:?$|^by\s*:?$", re.IGNORECASE)
_GENRE = re.compile(r"^(?:skripsi|tesis|disertasi|tugas\s+akhir|thesis|dissertation|undergraduate\s+thesis)\b",
                    re.IGNORECASE)
_STOP_TITLE = re.compile(r"^(?:diajukan|disusun|oleh|by|nama|nim|untuk|sebagai|submitted)\b", re.IGNORECASE)
# "Pembimbing:" / "Komisi Pembimbing:" alone on its line: the supervisors' names follow, one a line
_SUPERVISORS_LEAD = re.compile(r"^(?:(?:dosen|komisi)\s+)?(?:pembimbing|supervisors?|advisors?)\s*:?$", re.IGNORECASE)
# a person's name on a line of its own ("RIZKY MAULANA HARAHAP", "Siti Aminah"): two to five capitalised words
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*$")
# an affiliation's mark glued before a line ("1,2Program Studi ...", "*Universitas ...")
_MARK = re.compile(r"^(?:\d{1,2}(?:,\d{1,2})*|\*{1,2})(?=[^\W\d_]{2})")
# names under an article's title, each with its affiliation's mark glued: "Rina Septiani1, Sri Wahyuningsih2"
_MARKED_NAMES = re.compile(r"^([^\W\d_][^\d,;]*?[^\W\d_])(?:\d{1,2}|\*{1,2})(?:\s*(?:,|dan|and|&)\s*[^\W\d_][^\d,;]*?"
                           r"(?:\d{1,2}|\*{1,2}))*$")
_NEXT_LABEL = re.compile(r",\s*(?=(?:fakultas|faculty|universitas|university|institut)\b)", re.IGNORECASE)
_SINGLE = {"author", "student_number", "programme", "faculty", "university", "year", "title"}


def read_front(text: str, start: int, end: int, page_at: Callable[[int], int | None]) -> tuple[FrontField, ...]:
    """The facts of the title page that spans ``text[start:end]``, in reading order."""
    lines = [(m.group(0).strip(), start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())))
             for m in re.finditer(r"[^\r\n]+", text[start:end]) if m.group(0).strip()]
    found: list[FrontField] = []
    names: set[str] = set()

    def add(name: str, value: str, quote: str, at: int, length: int) -> None:
        value = " ".join(value.split()).strip(" :,")
        if not value or (name in _SINGLE and name in names):
            return
        names.add(name)
        found.append(FrontField(name, value, " ".join(quote.split()), at, at + length, page_at(at)))

    lines = [(_MARK.sub("", line), at + len(line) - len(_MARK.sub("", line))) for line, at in lines]
    title = _title(lines, text)
    author = _unlabelled_author(text, start, title, lines) or _marked_author(text, title, lines)
    if author is not None:
        title = [line for line in title if line[1] < author[1]]
    if title:
        first, last = title[0], title[-1]
        joined = " ".join(line for line, _ in title)
        found.append(FrontField("title", joined, joined, first[1], last[1] + len(last[0]), page_at(first[1])))
        names.add("title")
    if author is not None and not any(_AUTHOR_LEAD.match(line) or _LABELLED[0][1].match(line) for line, _ in lines):
        add("author", author[0], author[0], author[1], len(author[0]))
    for i, (line, at) in enumerate(lines):
        if _SUPERVISORS_LEAD.match(line):
            for name, name_at in lines[i + 1:]:
                if text[name_at - 2:name_at] == "\n\n" or any(p.match(name) for _, p in _LABELLED) \
                        or not _person(name):
                    break  # a blank line or another label ends the names
                found.append(FrontField("supervisor", " ".join(name.split()), " ".join(name.split()), name_at,
                                        name_at + len(name), page_at(name_at)))
            continue
        if _AUTHOR_LEAD.match(line):
            following = lines[i + 1] if i + 1 < len(lines) else None
            if following and not any(p.match(following[0]) for n, p in _LABELLED if n != "author"):
                value = re.sub(r"^nama\s*:\s*", "", following[0], flags=re.IGNORECASE)
                add("author", value, following[0], following[1], len(following[0]))
            continue
        for name, pattern in _LABELLED:
            match = pattern.match(line)
            if match:
                value = match.group("value")
                if name in ("programme", "faculty"):  # "Program Studi X, Fakultas Y": the programme is X
                    value = _NEXT_LABEL.split(value)[0]
                add(name, value, line, at, len(line))
                break
    return tuple(sorted(found, key=lambda f: f.start))


def _person(line: str) -> bool:
    """A line that names a person with their degrees ("Dr. Ir. Sutrisno Wibowo, M.Si."): capitalised
    words, no digits."""
    bare = re.sub(r"\b[A-Za-z]{1,4}\.(?:[A-Za-z]{1,4}\.)*", " ", line).replace(",", " ")
    words = bare.split()
    return 1 <= len(words) <= 6 and not re.search(r"\d", line) and all(w[:1].isupper() for w in words)


def _unlabelled_author(text: str, start: int, title: list[tuple[str, int]],
                       lines: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The author's name printed alone between the title and the genre word, with no label (a title
    page that reads TITLE / NAME / SKRIPSI): the last line before the genre word, a paragraph of its
    own of two to five name words in one case, when the title runs over a line before it."""
    if len(title) < 2 or len(title) >= len(lines) or not _GENRE.match(lines[len(title)][0]):
        return None
    line, at = title[-1]
    before = text[max(start, at - 2):at]
    words = line.split()
    if before != "\n\n" or not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words) \
            or not (line.isupper() or line.istitle()):
        return None
    if any(w.lower() in TITLE_CONNECTORS for w in words):
        return None
    return line, at


def _marked_author(text: str, title: list[tuple[str, int]], lines: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The first author of an article's title block, printed under the title with the marks of their affiliations
    glued to the names ("Rina Septiani1, Sri Wahyuningsih2", the superscripts as text extraction prints them): the
    first name, without its mark."""
    if not title or len(title) >= len(lines):
        return None
    line, at = lines[len(title)]
    first = _MARKED_NAMES.match(line)
    if first is None or not _person(first.group(1)):
        return None
    return first.group(1), at


def _title(lines: list[tuple[str, int]], text: str = "") -> list[tuple[str, int]]:
    """The lines of the thesis title: from the top to the genre word or the first label; a title in capitals ends
    where a paragraph in lower case begins (an article's authors under its title)."""
    out: list[tuple[str, int]] = []
    for line, at in lines:
        if _GENRE.match(line) or _STOP_TITLE.match(line) or len(out) >= 6:
            break
        if out and all(previous.isupper() for previous, _ in out) and not line.isupper() \
                and text[max(0, at - 2):at] == "\n\n":
            break
        out.append((line, at))
    return out if out and sum(len(line) for line, _ in out) >= 10 else []
