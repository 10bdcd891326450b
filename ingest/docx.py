"""DOCX -> the plain-text convention the parser reads, with pages.

Every Word paragraph becomes a block (soft line breaks stay line breaks), opening with the number Word
prints for it when it is in an automatically numbered list (headings numbered "BAB I", "1.1" through a
list on the heading styles, body lists "1.", "a."; ``ingest.docx_numbering``); a table becomes one block
of "cell | cell" rows, joined to the caption just before it ("Tabel 4.2 ..."). Running headers,
footers and their page numbers live in other parts of the file and are never read. Footnotes
(``word/footnotes.xml``) follow the paragraph citing them, each a line opening with its number, the
number glued to the cited word as on a printed page, so the parser keeps them as notes of the section,
out of the sentence (``ingest.docx_footnotes``).

Pages: a DOCX file has no fixed pages. Word records where it last broke pages
(``w:lastRenderedPageBreak``); when the file has those they are used, otherwise the explicit breaks
(a page break, "page break before", a section starting on a new page) are counted. Pages count from 1.
"""

from __future__ import annotations

import io
import zipfile

from ingest.docx_footnotes import marker_spot, note_fits, read_footnotes
from ingest.docx_numbering import ListNumbers
from ingest.extracted import Extracted, ExtractionError, TextBuilder
from ingest.headings import CAPTION
from ingest.safety import archive_problem

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes) -> Extracted:
    """Text and page map of a DOCX file (raises ExtractionError naming the problem). The archive's
    sizes are checked before anything is unpacked (a zip bomb is refused, never read)."""
    problem = archive_problem(data)
    if problem:
        raise ExtractionError(problem)
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise ExtractionError("cannot be read: DOCX support needs `pip install python-docx`") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(
            f"is not a readable DOCX file ({exc.__class__.__name__}: {str(exc)[:120]}): open it in Word or "
            "LibreOffice and save it again as .docx (an old .doc must be converted), or remove it"
        ) from exc
    except Exception as exc:
        raise ExtractionError(
            f"is not a readable DOCX file ({exc.__class__.__name__}: {str(exc)[:120]}): save it again as .docx"
        ) from exc
    rendered = any(True for _ in body.iter(f"{_W}lastRenderedPageBreak"))
    reader = _Reader(rendered, _list_numbers(document), read_footnotes(document))
    for element in body.iterchildren():
        reader.element(element)
    return reader.builder.build()


class _Reader:
    """Walks the body in order, writing blocks and following page breaks."""

    def __init__(self, rendered: bool, numbers: ListNumbers, notes: dict[str, str] | None = None) -> None:
        self.builder: TextBuilder = TextBuilder()
        self.notes = notes or {}
        self.cited = 0  # footnote markers written so far (numbered in order, as Word prints them)
        self.plan: _NotePlan | None = None  # the paragraph being written cites footnotes
        self.after_table: list[str] = []  # footnotes cited in a caption: written after its table
        self.rendered = rendered
        self.numbers = numbers
        self.page = 1
        self.builder.set_page(1)
        self.caption = False  # the last block written is a table or figure caption

    def element(self, element: object) -> None:
        tag = getattr(element, "tag", "")
        if tag == f"{_W}p":
            self.paragraph(element)
        elif tag == f"{_W}tbl":
            self.table(element)
        elif tag == f"{_W}sdt":  # a content control (Word puts its table of contents in one)
            content = element.find(f"{_W}sdtContent")  # type: ignore[attr-defined]
            for child in content.iterchildren() if content is not None else ():
                self.element(child)

    def paragraph(self, p: object) -> None:
        self._notes_after_table()  # a caption with no table under it
        cited = [r.get(f"{_W}id", "") for r in p.iter(f"{_W}footnoteReference")] if self.notes else []  # type: ignore[attr-defined]
        if not cited:
            self._paragraph(p)
            return
        # a dry run on a recording builder gives the paragraph's text, where each footnote is cited in it and
        # where each text run ends; the markers then go where the layout reads them, the footnotes after it
        real, page, caption = self.builder, self.page, self.caption
        self.builder = recorder = _Recorder()
        self.plan = _NotePlan()
        self._paragraph(p)
        flat, refs, ends = recorder.text(), self.plan.refs, self.plan.ends
        self.builder, self.page, self.caption = real, page, caption
        self.plan = _NotePlan(ends=ends, recording=False)
        style = p.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
        heading = style is not None and (style.get(f"{_W}val") or "").lower().startswith(("heading", "title"))
        # the line the layout sees before the footnote: the paragraph's last, or under a caption its table's
        last_line = "" if CAPTION.match(flat.lstrip()) else flat.rsplit("\n", 1)[-1]
        taken: set[int] = set()
        for note_id, at in refs:
            text = self.notes.get(note_id)
            if not text:
                continue
            if text[:1].islower():  # "lihat ...": a note is a sentence of its own (and the parser joins a
                text = text[:1].upper() + text[1:]  # paragraph opening in lower case to the one before)
            spot = None if heading or not note_fits(self.cited + 1, text, last_line) else marker_spot(flat, at, taken)
            if spot is None:
                self.plan.notes.append(text)  # a paragraph of its own after this one
                continue
            self.cited += 1
            taken.add(spot)
            self.plan.inserts[spot] = str(self.cited)
            self.plan.notes.append(f"{self.cited} {text}")
        self._paragraph(p)
        self.plan = None

    def _paragraph(self, p: object) -> None:
        properties = p.find(f"{_W}pPr")  # type: ignore[attr-defined]
        if not self.rendered and properties is not None and properties.find(f"{_W}pageBreakBefore") is not None:
            self.new_page()
        pieces: list[str] = []
        written: list[str] = []
        label, suffix = self.numbers.label(p)
        tags = (f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}lastRenderedPageBreak") + \
            ((f"{_W}footnoteReference",) if self.plan is not None else ())
        for node in p.iter(*tags):  # type: ignore[attr-defined]
            tag = node.tag
            if tag == f"{_W}footnoteReference":
                if self.plan is not None and self.plan.recording:
                    self.plan.refs.append((node.get(f"{_W}id", ""), self.builder.length))  # type: ignore[attr-defined]
            elif tag == f"{_W}t":
                if node.text:
                    if not written:
                        self.builder.paragraph_break()
                        if label:  # the list number Word prints, then its tab or space (or the line break)
                            self.builder.write(label)
                            written.append(label)
                            pieces.insert(0, " " if suffix else "")
                    self._flush(pieces)
                    self._write_text(node.text)
                    written.append(node.text)
            elif tag == f"{_W}tab":
                if node.getparent().tag != f"{_W}tabs":  # a tab stop's definition in pPr is no tab character
                    pieces.append(" ")
            elif tag == f"{_W}br":
                kind = node.get(f"{_W}type")
                if kind != "column":
                    pieces.append("\n")
                if kind == "page" and not self.rendered:
                    self._page_break(pieces, bool(written))
            elif self.rendered:  # w:lastRenderedPageBreak
                self._page_break(pieces, bool(written))
        if written:
            self.caption = bool(CAPTION.match("".join(written).lstrip()))
        if self.plan is not None and not self.plan.recording:
            if self.caption:  # a caption and its table are one paragraph: the footnotes go after the table
                self.after_table.extend(self.plan.notes)
            for note in self.plan.notes if not self.caption else ():  # a line of its own after the paragraph
                self.builder.paragraph_break()
                self.builder.write(note)
        if not self.rendered and properties is not None and _ends_page(properties):
            self.new_page()

    def _write_text(self, text: str) -> None:
        """A run's text, with the footnote markers planned inside or at the end of it."""
        plan = self.plan
        if plan is None:
            self.builder.write(text)
            return
        if plan.recording:
            self.builder.write(text)
            plan.ends.append(self.builder.length)  # type: ignore[attr-defined]
            return
        end = plan.ends[plan.runs]
        plan.runs += 1
        start, pos = end - len(text), 0
        for q in sorted(q for q in plan.inserts if start < q <= end):
            self.builder.write(text[pos:q - start])
            self.builder.write(plan.inserts[q])
            pos = q - start
        self.builder.write(text[pos:])

    def _page_break(self, pieces: list[str], started: bool) -> None:
        if started:
            self._flush(pieces)
        else:
            pieces.clear()
        self.new_page()

    def _flush(self, pieces: list[str]) -> None:
        text = "".join(pieces)
        pieces.clear()
        if "\n" in text:
            self.builder.line_break()
        elif text:
            self.builder.write(" ")

    def new_page(self) -> None:
        """Text from here on is on the next page."""
        self.page += 1
        self.builder.set_page(self.page)

    def table(self, table: object) -> None:
        rows = []
        for row in table.iter(f"{_W}tr"):  # type: ignore[attr-defined]
            cells = []
            for cell in row.iter(f"{_W}tc"):
                text = " ".join(self._cell_paragraph(p) for p in cell.iter(f"{_W}p"))
                cells.append(" ".join(text.split()))
            if any(cells):
                rows.append(" | ".join(cells))
        cited = [self.notes[r.get(f"{_W}id", "")] for r in table.iter(f"{_W}footnoteReference")  # type: ignore[attr-defined]
                 if self.notes.get(r.get(f"{_W}id", ""))]
        if not rows:
            return
        if self.caption:  # the caption and its table are one paragraph
            self.builder.line_break()
        else:
            self.builder.paragraph_break()
        self.builder.write("\n".join(rows))
        self.after_table.extend(cited)  # a footnote cited in a cell: a paragraph of its own after the table
        self._notes_after_table()
        self.caption = False

    def _notes_after_table(self) -> None:
        for note in self.after_table:
            self.builder.paragraph_break()
            self.builder.write(note)
        self.after_table.clear()

    def _cell_paragraph(self, p: object) -> str:
        """A table cell's paragraph with its list number (numbered rows count on like any paragraph)."""
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))  # type: ignore[attr-defined]
        label, _ = self.numbers.label(p)
        return f"{label} {text}" if label and text.strip() else text


class _Recorder(TextBuilder):
    """A builder that counts what is written (the dry run of a paragraph citing footnotes)."""

    def __init__(self) -> None:
        super().__init__()
        self.length = 0
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        super().write(text)
        self.length += len(text)
        self.parts.append(text)

    def text(self) -> str:
        return "".join(self.parts)


class _NotePlan:
    """A paragraph citing footnotes: where the text runs end and the footnotes are cited (dry run), then
    the markers to insert (offset in the paragraph's text -> digits) and the footnote lines to write after."""

    def __init__(self, ends: list[int] | None = None, recording: bool = True) -> None:
        self.recording = recording
        self.ends: list[int] = ends if ends is not None else []
        self.refs: list[tuple[str, int]] = []
        self.inserts: dict[int, str] = {}
        self.notes: list[str] = []
        self.runs = 0


def _list_numbers(document: object) -> ListNumbers:
    """The document's list definitions and styles (a file without numbering.xml numbers nothing)."""
    numbering = styles = None
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.is_external:
            continue
        if rel.reltype.endswith("/numbering"):
            numbering = getattr(rel.target_part, "element", None)
        elif rel.reltype.endswith("/styles"):
            styles = getattr(rel.target_part, "element", None)
    return ListNumbers(numbering, styles)



def _ends_page(properties: object) -> bool:
    """A paragraph that closes a document section starting on a new page."""
    section = properties.find(f"{_W}sectPr")  # type: ignore[attr-defined]
    if section is None:
        return False
    kind = section.find(f"{_W}type")
    return kind is None or kind.get(f"{_W}val") in (None, "nextPage", "oddPage", "evenPage")
