"""Build the development collection's PDFs and DOCX files from their page-laid sources.

Every ``evals/collection_src/<doc>.src.txt`` becomes ``evals/collection/<doc>.pdf`` or
``.docx`` (its ``%format`` line decides), laid out the way a printed thesis is: one source page
is one printed page, the running header from BAB I on, printed page numbers (roman at the page
bottom, arabic at the top right or, on a chapter's first page, at the bottom), footnotes small at
the page bottom, tables as real tables. The format is described in ``evals/COLLECTION.md``.

Output is deterministic (fixed dates, fixed zip timestamps): rebuilding gives the same bytes.

    python evals/build_collection.py             # build all
    python evals/build_collection.py --doc NAME  # build one (NAME without .src.txt)
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "collection_src"
OUT_DIR = HERE / "collection"
FIXED_DATE = dt.datetime(2021, 8, 2, 9, 0, 0, tzinfo=dt.timezone.utc)
SOFT_HYPHEN = "\u00ad"

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
FONT_FILES = {
    "liberation": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"),
    "dejavu": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
}

CHAPTER_RE = re.compile(r"^(?:BAB|Bab|CHAPTER|Chapter)\s+(?:[IVXL]+|\d+)\.?$")  # "BAB II." as some theses print it;
# "CHAPTER I" as a thesis written in English prints it
# "1 PENDAHULUAN": a chapter printed without the word BAB, its number and title on one line (as IPB-style theses do)
BARE_CHAPTER_RE = re.compile(r"^\d{1,2}\s+[A-Z][A-Z ,]+$")
# "2.1 Landasan Teori", "2.1. ..."; or the chapter's roman numeral before it ("II.1 Landasan Teori", "IV.2.3 ..."),
# as many engineering faculties number their headings
NUMBERED_RE = re.compile(r"^((?:\d+|[IVXL]+)(?:\.\d+)+)\.?\s+\S")
LETTERED_RE = re.compile(r"^[A-H]\.\s+[A-Z]")
CAPTION_RE = re.compile(r"^(Tabel|Gambar|Table|Figure)\s+\d+(\.\d+)*\b")
TOC_LINE_RE = re.compile(r"^(\s*)(.+?)\s*\.{4,}\s*(\S+)$")
FOOTNOTE_RE = re.compile(r"^\^(\d+|\+)\s+(.*)$", re.S)  # "^+ ...": a footnote going on from the page before
MARKER_RE = re.compile(r"\^(\d+)")
PAGE_RE = re.compile(r"^<<<PAGE\s+(\S+)>>>$")
DIRECTIVES = ("%center", "%title", "%lines", "%right", "%p", "%hang", "%eq", "%ol", "%h", "%b")
EQ_RE = re.compile(r"^(.+?)\s+(\(\d+(?:\.\d+)*\))$")  # "%eq P = V × I (2.1)": the formula centred, its number at the right


class BuildError(Exception):
    """A source that cannot be laid out as written (the message names the page and the fix)."""


# ---------------------------------------------------------------- source model


@dataclass(frozen=True)
class Block:
    """One paragraph of a page: kind is heading|chapter|named|text|lines|table|toc|footnote|eq|hang|list."""

    kind: str
    text: str
    align: str = "J"
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    lines: tuple[str, ...] = ()


@dataclass
class Page:
    label: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def footnotes(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "footnote"]

    @property
    def body(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "footnote"]


@dataclass
class Source:
    name: str
    header: str
    fmt: str
    pages: list[Page]
    even_header: str = ""  # "odd || even": even pages carry this one ("{chapter}": the current chapter)
    numbering: str = ""  # "lists": a DOCX whose heading and list numbers come from Word's list numbering
    page_numbers: str = ""  # "bottom": every page number centred at the foot (PDF)
    footnotes: str = ""  # "word": a DOCX whose footnotes are real Word footnotes (word/footnotes.xml)
    footer: str = ""  # a running footer from BAB I on (PDF; set by evals/layout_variants.py, no source line)


def _is_named_heading(text: str) -> bool:
    """An all-capitals one-line paragraph such as PENDAHULUAN, ABSTRAK, DAFTAR PUSTAKA (a long chapter
    title wraps to two lines in the PDF)."""
    if "\n" in text or len(text) > 100 or not re.search(r"[A-Z]", text):
        return False
    return text == text.upper() and not re.search(r"\d", text) and not text.endswith(".")


def _classify(par: str) -> Block:
    first, _, rest = par.partition("\n")
    head = first.split(" ", 1)[0]
    if head in DIRECTIVES:
        body_first = first[len(head):].strip()
        merged: list[str] = []
        for x in ([body_first] if body_first else []) + (rest.split("\n") if rest else []):
            if merged and x[:1].isspace():  # an indented line continues the one above
                merged[-1] += " " + x.strip()
            else:
                merged.append(x)
        lines = tuple(merged)
        if head == "%p":
            return Block("text", _join(lines))
        if head == "%b":  # a paragraph of body text set in bold by hand (Normal style, no heading style), left
            return Block("text", _join(lines), align="L", level=1)
        if head == "%h":  # an unnumbered subheading (bold, left, its own line): no section of the thesis
            return Block("heading", _join(lines), align="L", level=3)
        if head == "%eq":
            m = EQ_RE.match(_join(lines))
            if not m:
                raise BuildError(f"equation {_join(lines)!r} needs its number at the end: '%eq P = V × I (2.1)'")
            return Block("eq", m.group(1), lines=(m.group(1), m.group(2)))
        if head == "%hang":  # a reference entry: first line at the margin, the rest indented
            return Block("hang", _join(lines))
        if head == "%ol":  # a numbered list, an item a line ("1. ...", "a. ..." one level down)
            return Block("list", "\n".join(lines), lines=lines)
        align = {"%center": "C", "%title": "C", "%lines": "L", "%right": "R"}[head]
        return Block("lines", "\n".join(lines), align=align, level=1 if head == "%title" else 0, lines=lines)
    lines = par.split("\n")
    if all(x.startswith("|") for x in lines):
        rows = []
        for x in lines:
            cells = tuple(c.strip() for c in x.strip().strip("|").split("|"))
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue
            rows.append(cells)
        return Block("table", par, rows=tuple(rows))
    if all(TOC_LINE_RE.match(x) for x in lines):
        return Block("toc", par, lines=tuple(lines))
    m = FOOTNOTE_RE.match(par)
    if m:
        number = "" if m.group(1) == "+" else f"{m.group(1)} "
        return Block("footnote", number + _join(m.group(2).split(chr(10))))
    text = _join(lines)
    if CHAPTER_RE.match(text) or (len(lines) == 1 and BARE_CHAPTER_RE.match(text)):
        return Block("chapter", text, align="C", level=1)
    if len(lines) == 1 and len(text) <= 90 and not text.endswith("."):
        m = NUMBERED_RE.match(text)
        if m:
            return Block("heading", text, align="L", level=min(3, m.group(1).count(".") + 1))
        if LETTERED_RE.match(text):
            return Block("heading", text, align="L", level=2)
        if _is_named_heading(text):
            return Block("named", text, align="C", level=1)
    if CAPTION_RE.match(text) and len(text) <= 120:
        return Block("text", text, align="C")
    return Block("text", text)


def _join(lines) -> str:
    return " ".join(x.strip() for x in lines if x.strip())


def parse_source(path: Path) -> Source:
    """Read a ``.src.txt`` file into pages of classified blocks."""
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    if not raw or not raw[0].startswith("%header"):
        raise BuildError(f"{path}: line 1 must be '%header <text>' ('%header -' for none)")
    header = raw[0][len("%header"):].strip()
    header = "" if header == "-" else header
    header, _, even_header = (x.strip() for x in header.partition("||"))
    if len(raw) < 2 or not raw[1].startswith("%format"):
        raise BuildError(f"{path}: line 2 must be '%format pdf' or '%format docx'")
    fmt = raw[1][len("%format"):].strip()
    if fmt not in ("pdf", "docx"):
        raise BuildError(f"{path}: unknown format {fmt!r}; write '%format pdf' or '%format docx'")
    numbering = ""
    page_numbers = ""
    footnotes = ""
    body_from = 2
    if len(raw) > 2 and raw[2].startswith("%numbering"):
        numbering = raw[2][len("%numbering"):].strip()
        if numbering != "lists" or fmt != "docx":
            raise BuildError(f"{path}: '%numbering lists' is the only numbering, and only for '%format docx'")
        body_from = 3
    elif len(raw) > 2 and raw[2].startswith("%pagenumbers"):
        page_numbers = raw[2][len("%pagenumbers"):].strip()
        if page_numbers != "bottom" or fmt != "pdf":
            raise BuildError(f"{path}: '%pagenumbers bottom' is the only placement, and only for '%format pdf'")
        body_from = 3
    elif len(raw) > 2 and raw[2].startswith("%footnotes"):
        footnotes = raw[2][len("%footnotes"):].strip()
        if footnotes != "word" or fmt != "docx":
            raise BuildError(f"{path}: '%footnotes word' is the only footnote option, and only for '%format docx'")
        body_from = 3
    pages: list[Page] = []
    buf: list[str] = []

    def flush() -> None:
        if buf and any(x.strip() for x in buf):
            if not pages:
                raise BuildError(f"{path}: text before the first <<<PAGE label>>> marker")
            pages[-1].blocks.append(_classify("\n".join(buf).strip("\n")))
        buf.clear()

    for line in raw[body_from:]:
        m = PAGE_RE.match(line.strip())
        if m:
            flush()
            pages.append(Page(m.group(1)))
        elif not line.strip():
            flush()
        else:
            buf.append(line.rstrip())
    flush()
    if not pages:
        raise BuildError(f"{path}: no <<<PAGE label>>> marker")
    return Source(path.name.removesuffix(".src.txt"), header, fmt, pages, even_header, numbering, page_numbers,
                  footnotes)


def first_header_page(src: Source) -> int:
    """Index of the page where BAB I starts (the running header is printed from there on); 0 when
    the document has no BAB I (it starts at a later chapter, and every page has the header)."""
    for i, page in enumerate(src.pages):
        if any(b.kind == "chapter" and _chapter_number(b.text) in ("I", "1") for b in page.blocks):
            return i
    return 0


def _chapter_number(text: str) -> str:
    """ "BAB II." -> "II", "1 PENDAHULUAN" -> "1"."""
    words = text.split()
    return (words[0] if words[0].isdigit() else words[1]).rstrip(".")


def check_toc(src: Source) -> list[str]:
    """Problems with DAFTAR ISI entries whose page number differs from the heading's page. A label
    written with a final ``!`` ("8!") is a misprint on purpose: it must differ from the heading's page."""
    where: dict[str, str] = {}
    for page in src.pages:
        body = page.body
        for i, b in enumerate(body):
            if b.kind in ("heading", "named"):
                where.setdefault(_norm(b.text), page.label)
            if b.kind == "chapter":
                title = body[i + 1].text if i + 1 < len(body) and body[i + 1].kind == "named" else ""
                where.setdefault(_norm(f"{b.text} {title}"), page.label)
                where.setdefault(_norm(b.text), page.label)
    problems = []
    for page in src.pages:
        for b in page.blocks:
            if b.kind != "toc":
                continue
            for line in b.lines:
                m = TOC_LINE_RE.match(line)
                key, label = _norm(m.group(2)), m.group(3)
                if label.endswith("!"):
                    if where.get(key, label[:-1]) == label[:-1]:
                        problems.append(f"DAFTAR ISI misprint {m.group(2)!r} {label} is not a misprint (the heading "
                                        f"is on {where.get(key, 'no page')}); remove the '!'")
                elif key in where and where[key] != label:
                    problems.append(f"DAFTAR ISI says {m.group(2)!r} is on page {label}, it is on {where[key]}")
    return problems


def _norm(s: str) -> str:
    """A heading as the DAFTAR ISI names it ("4.1. Hasil" is "4.1 HASIL")."""
    s = re.sub(r"\s+", " ", s.replace(SOFT_HYPHEN, "")).strip().upper()
    s = re.sub(r"^(BAB [IVXL\d]+)\.(?= |$)", r"\1", s)
    return re.sub(r"^((?:\d+|[IVXL]+)(?:\.\d+)+)\.(?= )", r"\1", s)


# ---------------------------------------------------------------- hyphenation

VOWELS = set("aiueo")
DIGRAPHS = {"ng", "ny", "kh", "sy"}


def hyphenate_word(word: str) -> str:
    """Insert soft hyphens at Indonesian syllable boundaries of a long lower-case word."""
    if len(word) < 9 or not word.isalpha() or not word.islower():
        return word
    cuts = []
    i = 1
    while i < len(word) - 1:
        if word[i - 1] in VOWELS and word[i] not in VOWELS:
            j = i
            while j < len(word) and word[j] not in VOWELS:
                j += 1
            if j >= len(word):
                break
            cons = word[i:j]
            if len(cons) == 1 or (len(cons) == 2 and cons in DIGRAPHS):
                cut = i
            else:
                cut = j - 2 if word[j - 2:j] in DIGRAPHS and len(cons) > 2 else j - 1
            cuts.append(cut)
            i = j
        i += 1
    cuts = [c for c in cuts if c >= 3 and len(word) - c >= 3]
    out, prev = [], 0
    for c in cuts:
        out.append(word[prev:c])
        prev = c
    out.append(word[prev:])
    return SOFT_HYPHEN.join(out)


def hyphenate(text: str) -> str:
    return re.sub(r"[a-z]+", lambda m: hyphenate_word(m.group(0)), text)


# ---------------------------------------------------------------- PDF

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 30.0, 25.0, 27.0, 25.0
BODY_SIZE, BODY_LH = 12, 6.6
NOTE_SIZE, NOTE_LH = 9, 4.2
LATIN1_MAP = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-",
              "\u2026": "...", "\u00a0": " "}


@dataclass(frozen=True)
class PdfStyle:
    """How a PDF is set (the defaults build the committed collection; other values lay a source out as
    another thesis would, for evals/layout_variants.py): the font family ("" the first one installed,
    "liberation", "dejavu"), the margins in mm, the body text's size in pt and its line height in mm."""

    font: str = ""
    left: float = LEFT
    right: float = RIGHT
    top: float = TOP
    bottom: float = BOTTOM
    body_size: float = BODY_SIZE
    body_lh: float = BODY_LH
    justify: bool = True  # False: body text set ragged right, without hyphenation


def _find_fonts(family: str = "") -> tuple[Path, Path, Path] | None:
    for folder, key in zip(FONT_DIRS, ("liberation", "dejavu")):
        if family and key != family:
            continue
        files = tuple(folder / f for f in FONT_FILES[key])
        if all(f.exists() for f in files):
            return files  # type: ignore[return-value]
    return None


class _Pdf:
    def __init__(self, src: Source, style: PdfStyle | None = None) -> None:
        from fpdf import FPDF

        self.src = src
        self.style = style or PdfStyle()
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(self.style.left, self.style.top, self.style.right)
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_creator("evals/build_collection.py")
        self.pdf.set_producer("evals/build_collection.py (fpdf2)")
        fonts = _find_fonts(self.style.font)
        if self.style.font and not fonts:
            raise BuildError(f"font family {self.style.font!r} is not installed")
        if fonts:
            for style, f in zip(("", "B", "I"), fonts):
                self.pdf.add_font("Body", style, str(f))
            self.family, self.unicode = "Body", True
        else:
            self.family, self.unicode = "Times", False

    def t(self, s: str) -> str:
        s = MARKER_RE.sub(r"\1", s)
        if not self.unicode:
            for k, v in LATIN1_MAP.items():
                s = s.replace(k, v)
            s = s.encode("latin-1", "replace").decode("latin-1")
        return s

    def font(self, style: str = "", size: float | None = None) -> None:
        self.pdf.set_font(self.family, style, size or self.style.body_size)

    def build(self) -> bytes:
        start = first_header_page(self.src)
        title = next((b.text for p in self.src.pages for b in p.blocks if b.kind == "lines" and b.level == 1), "")
        self.pdf.set_title(self.t(title.replace("\n", " ")))
        chapter = ""
        for i, page in enumerate(self.src.pages):
            body = page.body
            for k, b in enumerate(body):
                if b.kind == "chapter":
                    title = body[k + 1].text if k + 1 < len(body) and body[k + 1].kind == "named" else ""
                    chapter = f"{b.text.rstrip('.')} {title}".strip()
                elif b.kind == "named" and (k == 0 or body[k - 1].kind != "chapter"):
                    chapter = ""
            header = self.src.header if i >= start else ""
            if header and self.src.even_header:  # alternating headers; none on a page opening a chapter or part
                if body and body[0].kind in ("chapter", "named"):
                    header = ""
                elif page.label.isdigit() and int(page.label) % 2 == 0:
                    header = self.src.even_header.replace("{chapter}", chapter)
            self.page(page, header=header, footer=self.src.footer if i >= start else "")
        return bytes(self.pdf.output())

    def page(self, page: Page, header: str, footer: str = "") -> None:
        pdf = self.pdf
        pdf.add_page()
        body = page.body
        arabic = page.label.isdigit()
        opens_part = bool(body) and body[0].kind in ("chapter", "named")
        # "": arabic numbers at the top right but on a page opening a part; "top": every arabic one there;
        # "bottom": every number centred at the foot; "bottom-right": every number at the foot's right;
        # "header": at the right end of the running header's line; "skip-opening": as "", none on an arabic-numbered
        # page opening a part
        numbers = self.src.page_numbers
        num_top = arabic and (numbers == "top" or (not opens_part and numbers in ("", "header", "skip-opening")))
        if numbers == "skip-opening" and opens_part and arabic:
            page = dataclasses.replace(page, label="-")
        if header:
            self.font("I", 9)
            pdf.set_xy(self.style.left, 12)
            pdf.cell(PAGE_W - self.style.left - self.style.right, 5, self.t(header), align="C")
            pdf.line(self.style.left, 18, PAGE_W - self.style.right, 18)
        if page.label != "-" and num_top:
            self.font("", 11)
            pdf.set_xy(PAGE_W - self.style.right - 20, 12 if numbers == "header" else 19.5)
            pdf.cell(20, 5, page.label, align="R")
        notes_h = self.footnotes_height(page.footnotes)
        limit = PAGE_H - self.style.bottom - (notes_h + 6 if notes_h else 0)
        pdf.set_xy(self.style.left, self.style.top)
        for i, b in enumerate(body):
            self.block(b, body[i - 1] if i else None)
        if pdf.get_y() > limit + 0.5:
            raise BuildError(
                f"{self.src.name}: page {page.label} overflows by {pdf.get_y() - limit:.0f} mm; "
                "move text to the next page in the source"
            )
        if notes_h:
            y = PAGE_H - self.style.bottom - notes_h
            pdf.line(self.style.left, y - 2, self.style.left + 50, y - 2)
            pdf.set_xy(self.style.left, y)
            self.font("", NOTE_SIZE)
            for b in page.footnotes:
                pdf.set_x(self.style.left)
                pdf.multi_cell(0, NOTE_LH, self.t(b.text), align="J")
        if footer:
            self.font("I", 9)
            pdf.line(self.style.left, PAGE_H - 22, PAGE_W - self.style.right, PAGE_H - 22)
            pdf.set_xy(self.style.left, PAGE_H - 21.5)
            pdf.cell(PAGE_W - self.style.left - self.style.right, 4.5, self.t(footer), align="C")
        if page.label != "-" and not num_top:
            self.font("", 11)
            pdf.set_xy(self.style.left, PAGE_H - 17)
            pdf.cell(PAGE_W - self.style.left - self.style.right, 5, page.label,
                     align="R" if self.src.page_numbers == "bottom-right" else "C")

    def footnotes_height(self, notes: list[Block]) -> float:
        if not notes:
            return 0.0
        self.font("", NOTE_SIZE)
        n = 0
        for b in notes:
            n += len(self.pdf.multi_cell(PAGE_W - self.style.left - self.style.right, NOTE_LH, self.t(b.text), dry_run=True, output="LINES"))
        return n * NOTE_LH

    def block(self, b: Block, prev: Block | None) -> None:
        pdf = self.pdf
        w = PAGE_W - self.style.left - self.style.right
        pdf.set_x(self.style.left)
        if b.kind in ("chapter", "named"):
            self.font("B", 13)
            if prev is not None and prev.kind != "chapter":
                pdf.ln(3)
            pdf.multi_cell(w, 7.5, self.t(b.text), align="C")
            pdf.ln(2 if b.kind == "chapter" else 5)
        elif b.kind == "heading":
            self.font("B", self.style.body_size)
            pdf.ln(2)
            pdf.multi_cell(w, self.style.body_lh, self.t(b.text), align="L")
            pdf.ln(1)
        elif b.kind == "lines":
            self.font("B" if b.level else "", 14 if b.level else self.style.body_size)
            for line in b.lines:
                pdf.set_x(self.style.left)
                pdf.multi_cell(w, 7.5 if b.level else self.style.body_lh, self.t(line), align=b.align)
            pdf.ln(3)
        elif b.kind == "toc":
            self.font("", 11)
            for line in b.lines:
                m = TOC_LINE_RE.match(line)
                indent = len(m.group(1)) * 2.5
                text, label = self.t(m.group(2)), m.group(3).removesuffix("!")
                lw = pdf.get_string_width(" " + label)
                room = w - indent - lw - 3 * pdf.get_string_width(".")
                if pdf.get_string_width(text + " ") > room:  # a long entry wraps: the label on its last line
                    words = text.split()
                    cut = len(words) - 1
                    while cut > 1 and pdf.get_string_width(" ".join(words[:cut])) > w - indent:
                        cut -= 1
                    pdf.set_x(self.style.left + indent)
                    pdf.cell(w - indent, 6.2, " ".join(words[:cut]), new_x="LMARGIN", new_y="NEXT")
                    indent += 5
                    text = " ".join(words[cut:])
                tw = pdf.get_string_width(text + " ")
                dots = "." * max(3, int((w - indent - tw - lw) / pdf.get_string_width(".")))
                pdf.set_x(self.style.left + indent)
                pdf.cell(w - indent - lw, 6.2, f"{text} {dots}"[: len(text) + 1 + len(dots)])
                pdf.cell(lw, 6.2, " " + label, align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif b.kind == "eq":  # the formula centred, its number right-aligned on the same line
            self.font("", self.style.body_size)
            y = pdf.get_y()
            pdf.cell(w, self.style.body_lh + 1, self.t(b.lines[0]), align="C")
            pdf.set_xy(self.style.left, y)
            pdf.cell(w, self.style.body_lh + 1, b.lines[1], align="R", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif b.kind == "hang":
            self.font("", self.style.body_size)
            indent = 12.5
            words, line, first = self.t(b.text).split(), "", True
            for word in words + [None]:
                room = w - (0 if first else indent)
                if word is not None and (not line or pdf.get_string_width(f"{line} {word}") <= room):
                    line = f"{line} {word}".strip()
                    continue
                pdf.set_x(self.style.left + (0 if first else indent))
                pdf.cell(room, self.style.body_lh, line, new_x="LMARGIN", new_y="NEXT")
                line, first = word or "", False
            pdf.ln(2)
        elif b.kind == "table":
            self.font("", 10)
            ncols = max(len(r) for r in b.rows)
            widths = [max(pdf.get_string_width(self.t(r[c])) if c < len(r) else 0 for r in b.rows) + 4
                      for c in range(ncols)]
            scale = min(1.0, w / sum(widths))
            with pdf.table(col_widths=tuple(x * scale for x in widths), width=sum(widths) * scale,
                           line_height=5.4, text_align="CENTER", first_row_as_headings=True) as table:
                for r in b.rows:
                    row = table.row()
                    for c in range(ncols):
                        row.cell(self.t(r[c]) if c < len(r) else "")
            pdf.ln(3)
        else:
            self.font("B" if b.level else "", self.style.body_size)
            text = self.t(b.text)
            align = b.align if self.style.justify or b.align != "J" else "L"  # ragged right: no word is cut
            if align == "J":
                text = hyphenate(text)
            pdf.multi_cell(w, self.style.body_lh, text, align=align)
            pdf.ln(2)


def build_pdf(src: Source, style: PdfStyle | None = None) -> bytes:
    """Lay a source out as a PDF (one source page per printed page)."""
    return _Pdf(src, style).build()


# ---------------------------------------------------------------- DOCX


def build_docx(src: Source) -> bytes:
    """Lay a source out as a DOCX: heading styles, page breaks, Word tables, small footnotes."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(12)
    cp = d.core_properties
    cp.author = cp.last_modified_by = "penulis"
    cp.created = cp.modified = FIXED_DATE.replace(tzinfo=None)
    cp.revision = 1
    start = first_header_page(src)
    aligns = {"C": WD_ALIGN_PARAGRAPH.CENTER, "L": WD_ALIGN_PARAGRAPH.LEFT,
              "R": WD_ALIGN_PARAGRAPH.RIGHT, "J": WD_ALIGN_PARAGRAPH.JUSTIFY}

    notes = _WordFootnotes(d) if src.footnotes == "word" else None
    page_notes: dict[str, int] = {}  # the current page's footnote numbers -> their Word footnote ids

    def runs(par, text: str, size: float | None = None) -> None:
        pos = 0
        for m in MARKER_RE.finditer(text):
            par.add_run(text[pos:m.start()]).font.size = Pt(size) if size else None
            if notes is not None:
                if m.group(1) not in page_notes:
                    raise BuildError(f"marker ^{m.group(1)} has no footnote '^{m.group(1)} ...' on its page")
                notes.reference(par, page_notes[m.group(1)])
                pos = m.end()
                continue
            sup = par.add_run(m.group(1))
            sup.font.superscript = True
            pos = m.end()
        r = par.add_run(text[pos:])
        if size:
            r.font.size = Pt(size)

    auto = _AutoNumbers(d) if src.numbering == "lists" else None
    if start == 0 and src.header:  # no BAB I (a document of later chapters): the header from page one
        d.sections[0].header.is_linked_to_previous = False
        d.sections[0].header.paragraphs[0].text = src.header
    last_par = None
    for i, page in enumerate(src.pages):
        if i and i == start and src.header:
            sec = d.add_section(WD_SECTION.NEW_PAGE)
            sec.header.is_linked_to_previous = False
            sec.header.paragraphs[0].text = src.header
        elif i and last_par is not None:
            last_par.add_run().add_break(WD_BREAK.PAGE)
        elif i:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        body = page.body
        if notes is not None:
            page_notes.clear()
            for b in page.footnotes:
                number, _, text = b.text.partition(" ")
                if number.isdigit():  # a footnote of its own ("^+ ...": Word flows a long footnote on by itself)
                    page_notes[number] = notes.add(text)
                else:
                    notes.extend(b.text)
        j = 0
        while j < len(body):
            b = body[j]
            if b.kind == "chapter":
                p = d.add_heading(level=1)
                if auto:  # the list prints "BAB I"; the paragraph holds a line break and the title
                    auto.heading(b.text, 1)
                else:
                    p.add_run(b.text)
                if j + 1 < len(body) and body[j + 1].kind == "named":
                    p.add_run().add_break()
                    p.add_run(body[j + 1].text)
                    j += 1
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.kind == "named":
                p = d.add_heading(b.text, level=1)
                if auto:
                    _num_pr(p, 0)  # a heading out of the chapter list
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.kind == "heading" and auto:
                p = d.add_heading(auto.heading(b.text, b.level), level=b.level)
            elif b.kind == "heading":
                p = d.add_heading(b.text, level=b.level)
            elif b.kind == "list" and auto:
                num_id = auto.new_list()
                for line in b.lines:
                    level, text = auto.item(line)
                    p = d.add_paragraph(text, style="List Paragraph")
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                    _num_pr(p, num_id, level)
            elif b.kind == "toc" and auto:
                p = _word_toc(d, b.lines)
            elif b.kind == "eq":
                p = d.add_paragraph(f"{b.lines[0]}\t{b.lines[1]}")
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif b.kind in ("lines", "toc"):
                p = d.add_paragraph()
                for k, line in enumerate(b.lines):
                    if k:
                        p.add_run().add_break()
                    r = p.add_run(re.sub(r"\s*\.{4,}\s*", " ........ ", line) if b.kind == "toc" else line)
                    r.bold = bool(b.level)
                p.alignment = aligns[b.align]
            elif b.kind == "table":
                ncols = max(len(r) for r in b.rows)
                tbl = d.add_table(rows=len(b.rows), cols=ncols)
                tbl.style = "Table Grid"
                for ri, row in enumerate(b.rows):
                    for ci in range(ncols):
                        tbl.cell(ri, ci).text = row[ci] if ci < len(row) else ""
                p = d.add_paragraph()
            else:
                p = d.add_paragraph()
                runs(p, b.text)
                if b.level:  # "%b": bold typed by hand on a Normal paragraph
                    for r in p.runs:
                        r.bold = True
                p.alignment = aligns[b.align]
            last_par = p
            j += 1
        for b in page.footnotes if notes is None else ():
            p = d.add_paragraph()
            runs(p, b.text, size=9)
            last_par = p
    if notes is not None:
        notes.attach()
    buf = io.BytesIO()
    d.save(buf)
    return _fix_zip(buf.getvalue())


class _WordFootnotes:
    """Real Word footnotes ("%footnotes word"): a word/footnotes.xml part holding the separator and
    continuation separator (ids -1 and 0, as Word requires) and one footnote a source footnote, its text in
    the FootnoteText style after a FootnoteReference-styled footnoteRef; the text's marker is a
    w:footnoteReference run (superscript, style FootnoteReference). python-docx has no footnote API: the part,
    its relationship and its content type are written through the package API."""

    def __init__(self, d) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt

        self.d = d
        self.texts: list[str] = []
        styles = d.styles
        if "Footnote Text" not in [s.name for s in styles]:
            style = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.size = Pt(10)
            style.element.set(f"{{{_W_NS}}}styleId", "FootnoteText")
        if "Footnote Reference" not in [s.name for s in styles]:
            style = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
            style.font.superscript = True
            style.element.set(f"{{{_W_NS}}}styleId", "FootnoteReference")

    def add(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts)

    def extend(self, text: str) -> None:
        if not self.texts:
            raise BuildError("a '^+' footnote goes on from no footnote")
        self.texts[-1] += " " + text

    def reference(self, par, note_id: int) -> None:
        from docx.oxml import parse_xml

        par._p.append(parse_xml(f'<w:r xmlns:w="{_W_NS}"><w:rPr><w:rStyle w:val="FootnoteReference"/>'
                                f'<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/>'
                                "</w:r>"))

    def attach(self) -> None:
        from xml.sax.saxutils import escape

        from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        ref = ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'
               "<w:footnoteRef/></w:r>")
        parts = [f'<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                 'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
                 'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
        for k, text in enumerate(self.texts, start=1):
            parts.append(f'<w:footnote w:id="{k}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>{ref}'
                         f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>')
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W_NS}">'
               + "".join(parts) + "</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), self.d.part.package)
        self.d.part.relate_to(part, RT.FOOTNOTES)


# Word's automatic numbering ("%numbering lists"): one multilevel list on Heading 1-3 ("BAB %1" upperRoman,
# "%1.%2" and "%1.%2.%3" with isLgl, so chapter IV's sections print 4.1), and a list for body lists ("%1."
# decimal, "%2." lowerLetter) started again for every list by a new num with startOverride, as Word does.
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_LIST, _BODY_LIST = 90, 91


def _lvl_xml(ilvl: int, fmt: str, text: str, indent: int, style: str = "", legal: bool = False) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            + (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:isLgl/>" if legal else "")
            + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="567"/></w:pPr></w:lvl>')


class _AutoNumbers:
    """The list definitions of an auto-numbered DOCX, and the numbers they will print (checked against
    the numbers the source writes, so the source stays the printed thesis)."""

    def __init__(self, d) -> None:
        from docx.oxml import parse_xml

        numbering = d.part.numbering_part.element
        heading = parse_xml(
            f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="{_HEADING_LIST}">'
            '<w:multiLevelType w:val="multilevel"/>'
            + _lvl_xml(0, "upperRoman", "BAB %1", 0, "Heading1")
            + _lvl_xml(1, "decimal", "%1.%2", 567, "Heading2", legal=True)
            + _lvl_xml(2, "decimal", "%1.%2.%3", 709, "Heading3", legal=True) + "</w:abstractNum>")
        body = parse_xml(
            f'<w:abstractNum xmlns:w="{_W_NS}" w:abstractNumId="{_BODY_LIST}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>'
            + _lvl_xml(0, "decimal", "%1.", 1134) + _lvl_xml(1, "lowerLetter", "%2.", 1701) + "</w:abstractNum>")
        first_num = numbering.find(f"{{{_W_NS}}}num")
        for element in (heading, body):  # abstractNum elements come before every num
            if first_num is not None:
                first_num.addprevious(element)
            else:
                numbering.append(element)
        self.numbering = numbering
        self.next_id = 1 + max(int(n.get(f"{{{_W_NS}}}numId")) for n in numbering.iter(f"{{{_W_NS}}}num"))
        heading_num = self._num(_HEADING_LIST, "")
        for level in (1, 2, 3):  # Heading 1 and 3 take their level from the list's pStyle, Heading 2 names it
            style = d.styles[f"Heading {level}"]
            _num_pr(style, heading_num, 1 if level == 2 else None)
        self.counters = [0, 0, 0]
        self.items = [0, 0]

    def _num(self, abstract: int, overrides: str) -> int:
        from docx.oxml import parse_xml

        num_id = self.next_id
        self.next_id += 1
        self.numbering.append(parse_xml(f'<w:num xmlns:w="{_W_NS}" w:numId="{num_id}"><w:abstractNumId '
                                        f'w:val="{abstract}"/>{overrides}</w:num>'))
        return num_id

    def heading(self, text: str, level: int) -> str:
        """The heading's title without the number the list prints (a BuildError when they differ)."""
        self.counters[level - 1] += 1
        self.counters[level:] = [0] * (3 - level)
        if level == 1:
            printed = text.split()[1].rstrip(".")
            if printed not in (_roman(self.counters[0]), str(self.counters[0])):
                raise BuildError(f"chapter {text!r} would print as BAB {_roman(self.counters[0])}")
            return ""
        m = NUMBERED_RE.match(text)
        number = ".".join(str(c) for c in self.counters[:level])
        if not m or m.group(1) != number:
            raise BuildError(f"heading {text!r} would print as {number}: auto numbering follows the order")
        return text[m.end(1):].lstrip(". ").strip()

    def new_list(self) -> int:
        self.items = [0, 0]
        return self._num(_BODY_LIST, "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="1"/>'
                                             "</w:lvlOverride>" for k in (0, 1)))

    def item(self, line: str) -> tuple[int, str]:
        """(level, text) of a list line "1. ..." or "a. ..." (a BuildError when its number is out of order)."""
        m = re.match(r"^(\d+|[a-z])\.\s+(.*)$", line)
        if not m:
            raise BuildError(f"list item {line!r} must start with its number: '1. ...' or 'a. ...'")
        level = 0 if m.group(1).isdigit() else 1
        self.items[level] += 1
        if level == 0:
            self.items[1] = 0
        expected = str(self.items[0]) if level == 0 else chr(ord("a") + self.items[1] - 1)
        if m.group(1) != expected:
            raise BuildError(f"list item {line!r} would print as {expected}.")
        return level, m.group(2)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _num_pr(target, num_id: int, ilvl: int | None = 0) -> None:
    """Put a paragraph (or a paragraph style) in a list; numId 0 takes it out of its style's list."""
    from docx.oxml import parse_xml

    element = target._p if hasattr(target, "_p") else target.element
    p_pr = element.get_or_add_pPr()
    level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None and num_id else ""
    before = {f"{{{_W_NS}}}{t}" for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                                          "widowControl")}  # numPr's place in pPr's schema order
    at = sum(1 for child in p_pr if child.tag in before)
    p_pr.insert(at, parse_xml(f'<w:numPr xmlns:w="{_W_NS}">{level}<w:numId w:val="{num_id}"/></w:numPr>'))


def _word_toc(d, lines: tuple[str, ...]):
    """A Daftar Isi as Word writes its TOC field: a content control holding one paragraph an entry,
    "number<tab>title<tab>page" with a right tab stop and dot leader; the field code is no text."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import parse_xml
    from docx.shared import Cm

    sdt = parse_xml(f'<w:sdt xmlns:w="{_W_NS}"><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of '
                    'Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent/></w:sdt>')
    content = sdt.find(f"{{{_W_NS}}}sdtContent")
    last = None
    for k, line in enumerate(lines):
        m = TOC_LINE_RE.match(line)
        depth, entry, label = len(m.group(1)) // 2, m.group(2).strip(), m.group(3).removesuffix("!")
        chapter = re.match(r"^(BAB\s+[IVXL]+)\s+(.*)$", entry)
        numbered = NUMBERED_RE.match(entry)
        number, title = (chapter.group(1), chapter.group(2)) if chapter else \
            (numbered.group(1), entry[numbered.end(1):].strip()) if numbered else ("", entry)
        p = d.add_paragraph()
        p.paragraph_format.left_indent = Cm(0.6 * depth)
        if number:
            p.paragraph_format.tab_stops.add_tab_stop(Cm(0.6 * depth + 1.6))
        p.paragraph_format.tab_stops.add_tab_stop(Cm(15.5), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if k == 0:
            p._p.append(parse_xml(f'<w:r xmlns:w="{_W_NS}"><w:fldChar w:fldCharType="begin"/></w:r>'))
            p._p.append(parse_xml(f'<w:r xmlns:w="{_W_NS}"><w:instrText xml:space="preserve"> TOC \\o "1-3" '
                                  '\\h \\z \\u </w:instrText></w:r>'))
            p._p.append(parse_xml(f'<w:r xmlns:w="{_W_NS}"><w:fldChar w:fldCharType="separate"/></w:r>'))
        p.add_run(f"{number}\t{title}\t{label}" if number else f"{title}\t{label}")
        if k == len(lines) - 1:
            p._p.append(parse_xml(f'<w:r xmlns:w="{_W_NS}"><w:fldChar w:fldCharType="end"/></w:r>'))
        content.append(p._p)  # moved from the body into the content control
        last = p
    body = d.element.body
    if body[-1].tag == f"{{{_W_NS}}}sectPr":  # the body's own section properties stay last
        body[-1].addprevious(sdt)
    else:
        body.append(sdt)
    return last


def _fix_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so identical content gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 8, 2, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- main


def build(path: Path, out_dir: Path = OUT_DIR) -> Path:
    """Build one source file; returns the written document's path."""
    src = parse_source(path)
    problems = check_toc(src)
    if problems:
        raise BuildError(f"{src.name}: " + "; ".join(problems))
    data = build_pdf(src) if src.fmt == "pdf" else build_docx(src)
    out = out_dir / f"{src.name}.{src.fmt}"
    out_dir.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def main(argv: list[str] | None = None) -> int:
    """Build all sources, or one with --doc NAME."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--doc", help="build only this document (name without .src.txt)")
    args = ap.parse_args(argv)
    paths = sorted(SRC_DIR.glob("*.src.txt"))
    if args.doc:
        paths = [p for p in paths if p.name.removesuffix(".src.txt") == args.doc.removesuffix(".src.txt")]
        if not paths:
            print(f"no source {SRC_DIR / (args.doc + '.src.txt')}", file=sys.stderr)
            return 2
    status = 0
    for p in paths:
        try:
            out = build(p)
            print(f"built {out.relative_to(HERE.parent)} ({len(parse_source(p).pages)} pages)")
        except BuildError as e:
            print(f"error: {e}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
