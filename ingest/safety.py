"""Checks made before a corpus file is read: that it stays inside the corpus folder, and that an
archive (a DOCX is a zip) does not unpack to more than a thesis can hold.

Every check runs on metadata or the first bytes only, so a hostile file costs nothing to refuse:
a 1 GB text file is refused from its size on disk, a DOCX zip bomb from its central directory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from assistant.core.errors import CorpusError

# A DOCX of a 1,000-page thesis unpacks to a few tens of MB (its images are stored compressed
# already); its word/document.xml to about 10-20 MB. Past these it is not a thesis.
MAX_UNPACKED_BYTES = 256 * 2**20
MAX_XML_PART_BYTES = 32 * 2**20
MAX_ARCHIVE_ENTRIES = 5_000


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
