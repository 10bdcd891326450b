"""Find and read corpus files: decoding and the checks that let one bad file be skipped.

Plain text (.txt, .md) is decoded as it is; PDF and DOCX files are turned into the same plain-text
convention (headings on their own lines, paragraphs separated by blank lines) by ``ingest.pdf`` and
``ingest.docx``, with a page map so that every paragraph knows its page.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass
import zipfile
from pathlib import Path
from typing import Literal

from assistant.core.errors import CorpusError
from ingest.safety import outside_link

TEXT_SUFFIXES = (".txt", ".md")
BINARY_SUFFIXES = (".pdf", ".docx")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + BINARY_SUFFIXES
MAX_FILE_BYTES = 50 * 1024 * 1024
_SNIFF_BYTES = 8192
Kind = Literal["pdf", "docx", "txt", "md"]


@dataclass(frozen=True)
class RawDocument:
    """A corpus file read into text, before parsing."""

    doc_id: str  # path relative to the corpus folder, with forward slashes
    path: Path
    text: str  # the file's text (for PDF/DOCX: the extracted text, which offsets then point into)
    content_hash: str  # sha256 of the bytes on disk
    pages: tuple[tuple[int, int | None], ...] = ()  # (offset in text, page) where pages start; () for text

    def page_at(self, offset: int) -> int | None:
        """The page holding character ``offset`` of ``text`` (None for plain text files)."""
        index = bisect.bisect_right(self.pages, offset, key=lambda entry: entry[0]) - 1
        return self.pages[index][1] if index >= 0 else None


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and why (the message says what to do)."""

    doc_id: str
    reason: str


def find_corpus_files(corpus_dir: Path) -> list[Path]:
    """Every supported file under ``corpus_dir`` in a stable order."""
    if corpus_dir.is_file():
        raise CorpusError(
            f"corpus folder {corpus_dir} is a file: the corpus is the folder holding the thesis files; put it in a "
            f"folder and point THESIS_CORPUS_DIR / --corpus at that folder (e.g. --corpus {corpus_dir.parent})."
        )
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"corpus folder {corpus_dir} does not exist: create it and put the thesis .txt/.md/.pdf/.docx files in it "
            "(or point THESIS_CORPUS_DIR / --corpus at the right folder)."
        )
    files = sorted(
        p
        for p in corpus_dir.rglob("*")
        if (p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES or p.is_symlink() and p.is_dir())
        and not p.name.startswith((".", "~$"))
    )  # "~$thesis.docx" is Word's lock file, not a document; a linked folder is listed to be refused by name
    if not files:
        raise CorpusError(
            f"corpus folder {corpus_dir} holds no {'/'.join(TEXT_SUFFIXES)} file (nor {'/'.join(BINARY_SUFFIXES)}): "
            "add the thesis chapters there."
        )
    return files


def read_document(path: Path, corpus_dir: Path) -> RawDocument | Skipped:
    """Read one file as text, or say why it is skipped."""
    doc_id = path.relative_to(corpus_dir).as_posix()
    link = outside_link(path, corpus_dir)
    if link:
        return Skipped(doc_id, link)
    try:
        data = _read_bounded(path)
    except OSError as exc:
        return Skipped(doc_id, f"cannot be read ({exc.strerror}): check its permissions")
    if data is None:
        return Skipped(doc_id, f"is over the {MAX_FILE_BYTES // 2**20} MiB limit: split it (not read)")
    if path.suffix.lower() in BINARY_SUFFIXES:
        return _read_binary(path, doc_id, data)
    text = decode(data)
    if text is None:
        return Skipped(
            doc_id,
            "is not UTF-8 text (binary, or another encoding): convert it, e.g. `iconv -f latin1 -t utf-8`",
        )
    if not text.strip():
        return Skipped(doc_id, "is empty: add text or remove it")
    return RawDocument(doc_id, path, text, hashlib.sha256(data).hexdigest())


def _read_bounded(path: Path) -> bytes | None:
    """The file's bytes, or None when it holds more than MAX_FILE_BYTES: the size on disk is checked
    before reading, and the read stops one byte past the limit (a file may grow meanwhile)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        return None
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data


def _read_binary(path: Path, doc_id: str, data: bytes) -> RawDocument | Skipped:
    """A PDF or DOCX file through its loader; any failure skips the file with the reason."""
    from ingest.extracted import ExtractionError

    try:
        if path.suffix.lower() == ".pdf":
            from ingest.pdf import read_pdf

            extracted = read_pdf(data)
        else:
            from ingest.docx import read_docx

            extracted = read_docx(data)
    except ExtractionError as exc:
        return Skipped(doc_id, str(exc))
    if not extracted.text.strip():
        if path.suffix.lower() == ".pdf":
            return Skipped(doc_id, "has no text layer (a scanned PDF?): run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf`")
        return Skipped(doc_id, "holds no text: add text or remove it")
    return RawDocument(doc_id, path, extracted.text, hashlib.sha256(data).hexdigest(), extracted.pages)


def sniff_kind(path: Path) -> Kind | None:
    """What a file is by its content: "pdf" (``%PDF-`` in its first KB), "docx" (a zip holding
    ``word/document.xml``), "txt"/"md" (text; "md" when named .md), or None (anything else)."""
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        return "docx" if "word/document.xml" in names else None
    if head and decode(_whole_characters(head)) is not None:
        return "md" if path.suffix.lower() == ".md" else "txt"
    return None


def _whole_characters(head: bytes) -> bytes:
    """``head`` without a UTF-8 or UTF-16 character cut off at its end (so decoding it is fair)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) // 2 * 2]
    for cut in range(0, 4):
        try:
            (head[: len(head) - cut] if cut else head).decode("utf-8")
            return head[: len(head) - cut] if cut else head
        except UnicodeDecodeError:
            continue
    return head


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; None for anything else or binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    if _looks_binary(text):
        return None
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bool(sample) and controls / len(sample) > 0.05
