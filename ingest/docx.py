"""DOCX -> the plain-text convention the parser reads, with pages.

Every Word paragraph becomes a block (soft line breaks stay line breaks), opening with the number Word
prints for it when it is in an automatically numbered list (headings numbered "BAB I", "1.1" through a
list on the heading styles, body lists "1.", "a."; ``ingest.docx_numbering``); a table becomes one block
of "cell | cell" rows, joined to the caption just before it ("Tabel 4.2 ..."). Running headers,
footers and their page numbers live in other parts of the file and are never read.

Pages: a DOCX file has no fixed pages. Word records where it last broke pages
(``w:lastRenderedPageBreak``); when the file has those they are used, otherwise the explicit breaks
(a page break, "page break before", a section starting on a new page) are counted. Pages count from 1.
"""

from __future__ import annotations

import io
import zipfile

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
    reader = _Reader(rendered, _list_numbers(document))
    for element in body.iterchildren():
        reader.element(element)
    return reader.builder.build()


class _Reader:
    """Walks the body in order, writing blocks and following page breaks."""

    def __init__(self, rendered: bool, numbers: ListNumbers) -> None:
        self.builder = TextBuilder()
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
        properties = p.find(f"{_W}pPr")  # type: ignore[attr-defined]
        if not self.rendered and properties is not None and properties.find(f"{_W}pageBreakBefore") is not None:
            self.new_page()
        pieces: list[str] = []
        written: list[str] = []
        label, suffix = self.numbers.label(p)
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}lastRenderedPageBreak"):  # type: ignore[attr-defined]
            tag = node.tag
            if tag == f"{_W}t":
                if node.text:
                    if not written:
                        self.builder.paragraph_break()
                        if label:  # the list number Word prints, then its tab or space (or the line break)
                            self.builder.write(label)
                            written.append(label)
                            pieces.insert(0, " " if suffix else "")
                    self._flush(pieces)
                    self.builder.write(node.text)
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
        if not self.rendered and properties is not None and _ends_page(properties):
            self.new_page()

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
        if not rows:
            return
        if self.caption:  # the caption and its table are one paragraph
            self.builder.line_break()
        else:
            self.builder.paragraph_break()
        self.builder.write("\n".join(rows))
        self.caption = False

    def _cell_paragraph(self, p: object) -> str:
        """A table cell's paragraph with its list number (numbered rows count on like any paragraph)."""
        text = "".join(t.text or "" for t in p.iter(f"{_W}t"))  # type: ignore[attr-defined]
        label, _ = self.numbers.label(p)
        return f"{label} {text}" if label and text.strip() else text


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
