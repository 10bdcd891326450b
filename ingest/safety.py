"""Checks made before a corpus file is read: what its bytes really are, that it stays inside the
corpus folder, and that an archive (a DOCX is a zip) does not unpack to more than a thesis can hold.

Every check runs on metadata or the first bytes only, so a hostile file costs nothing to refuse:
a 1 GB text file is refused from its size on disk, a DOCX zip bomb from its central directory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Literal

from assistant.errors import CorpusError

Kind = Literal["pdf", "docx", "txt", "md"]

# A DOCX of a 1,000-page thesis unpacks to a few tens of MB (its images are stored compressed
# already); its word/document.xml to about 10-20 MB. Past these it is not a thesis.
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_XML_PART_BYTES = 32 * 2**20
MAX_ARCHIVE_ENTRIES = 5_000
_SNIFF_BYTES = 8192


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
    from ingest.load import decode  # the one text decoder

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


def archive_problem(data: bytes | Path) -> str | None:
    """Why a zip (DOCX) must not be unpacked, or None. Decided from the central directory alone:
    its sizes are what :mod:`zipfile` will read at most, so a zip bomb is refused before unpacking."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return "is not a readable DOCX file (not a zip archive): save it again as .docx"
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        return (f"holds {len(entries):,} archive entries (at most {MAX_ARCHIVE_ENTRIES:,}): not a thesis document; "
                "export it again from Word or LibreOffice")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNPACKED_BYTES:
        return (f"would unpack to {total // 2**20:,} MiB (at most {MAX_UNPACKED_BYTES // 2**20} MiB): refused before "
                "unpacking; export it again from Word or LibreOffice, or save it as PDF")
    for entry in entries:
        if entry.filename.endswith(".xml") and entry.file_size > MAX_XML_PART_BYTES:
            return (f"holds {entry.filename} that would unpack to {entry.file_size // 2**20:,} MiB of XML (at most "
                    f"{MAX_XML_PART_BYTES // 2**20} MiB): refused before unpacking; export it again, or save it as PDF")
    return None


def check_archive(data: bytes | Path, name: str) -> None:
    """:func:`archive_problem` as a CorpusError naming the file (for callers outside ingest)."""
    problem = archive_problem(data)
    if problem:
        raise CorpusError(f"{name} {problem}")


def outside_link(path: Path, corpus_dir: Path) -> str | None:
    """Why ``path`` (found below ``corpus_dir``) must not be read because of a symbolic link, or None:
    a link to a folder is never followed, a link to a file outside the corpus folder never read."""
    root = corpus_dir.resolve()
    relative = path.relative_to(corpus_dir)
    current = corpus_dir
    for part in relative.parts:
        current = current / part
        if not current.is_symlink():
            continue
        target = current.resolve()
        if target.is_dir():
            return (
                f"is a link to the folder {target}: links to folders are not followed; copy the files into the "
                "corpus folder instead"
            )
        if not target.is_relative_to(root):
            return (
                f"is a link to {target}, outside the corpus folder: not read (a link could expose any file on this "
                "machine); copy the file into the corpus folder instead"
            )
    return None
