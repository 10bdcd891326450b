"""A hostile corpus file costs nothing to refuse (issue 17, items 6, 7 and 9): links out of the corpus
folder, DOCX zip bombs and huge files are refused, with a message naming them, before they are read."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from assistant.core.errors import CorpusError
from ingest.load import MAX_FILE_BYTES, RawDocument, Skipped, find_corpus_files, read_document
from ingest.load import sniff_kind
from ingest.safety import MAX_UNPACKED_BYTES, archive_problem, check_archive, outside_link

from conftest import CORPUS_FILE, ROOT

GB = 2**30
# The measured process' own peak: VmHWM belongs to the process image after exec (ru_maxrss would
# start from the parent's peak at fork, and pytest's own is over a GB late in the suite).
PEAK = textwrap.dedent(
    """
    def peak_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    """
)


def _docx(body_xml: bytes | None = None, writer=None, level: int = 1) -> bytes:
    """A minimal DOCX: [Content_Types].xml, word/document.xml (from ``body_xml`` or streamed by ``writer``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            if writer:
                writer(part)
            else:
                part.write(body_xml or b"")
    return out.getvalue()


@pytest.fixture(scope="session")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two bombs of the issue: one 1 GB text node, and 1 GB of small paragraphs (a few MB each on disk)."""
    folder = tmp_path_factory.mktemp("bombs")
    chunk = b"a" * 2**24

    def text_node(part) -> None:
        part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
        for _ in range(GB // len(chunk)):
            part.write(chunk)
        part.write(b"</w:t></w:r></w:p></w:body></w:document>")

    paragraph = b"<w:p><w:r><w:t>kata</w:t></w:r></w:p>" * (2**24 // 36)

    def paragraphs(part) -> None:
        part.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        for _ in range(GB // len(paragraph)):
            part.write(paragraph)
        part.write(b"</w:body></w:document>")

    paths = {"text_node": folder / "bomb-text.docx", "paragraphs": folder / "bomb-paragraphs.docx"}
    paths["text_node"].write_bytes(_docx(writer=text_node))
    paths["paragraphs"].write_bytes(_docx(writer=paragraphs))
    return paths


# ---- item 7: DOCX zip bombs -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["text_node", "paragraphs"])
def test_docx_zip_bomb_is_refused_before_unpacking(bombs: dict[str, Path], tmp_path: Path, kind: str):
    bomb = bombs[kind]
    assert bomb.stat().st_size < 8 * 2**20  # a few MB on disk, 1 GB unpacked
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "thesis.docx").write_bytes(bomb.read_bytes())
    # Measured in a fresh process: its peak RSS is what reading the bomb costs (2.17 GB / 5.9 GB before).
    script = PEAK + textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from ingest.load import read_document
        result = read_document(Path({str(corpus / 'thesis.docx')!r}), Path({str(corpus)!r}))
        print(type(result).__name__)
        print(result.reason if hasattr(result, "reason") else "")
        print(peak_mb())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    name, reason, peak_mb = done.stdout.strip().splitlines()
    assert name == "Skipped"
    assert re.fullmatch(r"would unpack to 1,0\d\d MiB \(at most 256 MiB\): refused before unpacking; .*", reason)
    assert "save it again as .docx" not in reason  # the old, misleading message
    assert int(peak_mb) < 250, f"reading the bomb took {peak_mb} MB"


def test_archive_limits_name_the_problem():
    assert archive_problem(_docx(b"<w:document/>")) is None
    assert "not a zip archive" in archive_problem(b"PK\x03\x04 not really a zip")
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(5_001):
            archive.writestr(f"word/media/{i}.bin", b"")
    assert "5,001 archive entries" in archive_problem(many.getvalue())
    with pytest.raises(CorpusError, match=r"^upload\.docx holds 5,001 archive entries"):
        check_archive(many.getvalue(), "upload.docx")


def test_a_normal_docx_still_reads(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("BAB I PENDAHULUAN", level=1)
    document.add_paragraph("Penelitian ini membahas hal yang biasa.")
    document.save(tmp_path / "bab1.docx")
    assert archive_problem(tmp_path / "bab1.docx") is None
    raw = read_document(tmp_path / "bab1.docx", tmp_path)
    assert isinstance(raw, RawDocument) and "Penelitian ini membahas" in raw.text
    assert MAX_UNPACKED_BYTES > (tmp_path / "bab1.docx").stat().st_size


# ---- item 9: size checked before reading --------------------------------------------------------


def test_a_huge_text_file_is_refused_from_its_size_without_reading_it(tmp_path: Path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:  # sparse: 1 GB on paper, nothing on disk
        handle.truncate(GB)
    script = PEAK + textwrap.dedent(
        f"""
        from pathlib import Path
        from ingest.load import read_document
        result = read_document(Path({str(huge)!r}), Path({str(tmp_path)!r}))
        print(type(result).__name__, "|", result.reason)
        print(peak_mb())
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    verdict, peak_mb = done.stdout.strip().splitlines()
    assert verdict == f"Skipped | is over the {MAX_FILE_BYTES // 2**20} MiB limit: split it (not read)"
    assert int(peak_mb) < 200, f"refusing a 1 GB file took {peak_mb} MB"


# ---- item 6: links out of the corpus folder ------------------------------------------------------


def test_links_out_of_the_corpus_are_refused_by_name(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bab-vi.txt").write_bytes(CORPUS_FILE.read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-12345 kata sandi server\n", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.txt").write_text("BAB I\n\n1.1 Latar Belakang\n\nTeks lain.\n", encoding="utf-8")
    os.symlink(secret, corpus / "x.txt")
    os.symlink(outside, corpus / "linked-folder")
    os.symlink(corpus / "bab-vi.txt", corpus / "alias.txt")  # a link that stays inside is read

    found = [p.relative_to(corpus).as_posix() for p in find_corpus_files(corpus)]
    assert found == ["alias.txt", "bab-vi.txt", "linked-folder", "x.txt"]
    results = {p.relative_to(corpus).as_posix(): read_document(p, corpus) for p in find_corpus_files(corpus)}
    assert isinstance(results["bab-vi.txt"], RawDocument)
    assert isinstance(results["alias.txt"], RawDocument)
    assert isinstance(results["x.txt"], Skipped)
    assert results["x.txt"].reason.startswith(f"is a link to {secret.resolve()}, outside the corpus folder: not read")
    assert isinstance(results["linked-folder"], Skipped)
    assert "links to folders are not followed" in results["linked-folder"].reason
    assert outside_link(corpus / "bab-vi.txt", corpus) is None


def test_ingest_reports_the_refused_links_and_never_quotes_them(tmp_path: Path):
    from assistant.core.settings import Settings
    from ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bab-vi.txt").write_bytes(CORPUS_FILE.read_bytes())
    secret = tmp_path / "hostname"
    secret.write_text("RAHASIA-12345\n", encoding="utf-8")
    os.symlink(secret, corpus / "x.txt")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    report = ingest(settings)
    assert [s.doc_id for s in report.skipped] == ["x.txt"]
    assert "outside the corpus folder" in report.skipped[0].reason
    from assistant import Assistant

    answer = Assistant(settings.with_(generator="extractive")).ask("RAHASIA-12345")
    assert "RAHASIA" not in answer.text and all("RAHASIA" not in c.quote for c in answer.citations)


# ---- what a file is, by its content -------------------------------------------------------------


def test_sniff_kind_reads_content_not_names(tmp_path: Path):
    cases = {
        "real.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "fake.pdf": b"hello, I am text named .pdf\n",
        "real.docx": _docx(b"<w:document/>"),
        "zip.docx": (lambda b: (zipfile.ZipFile(b, "w").writestr("a.txt", "x"), b.getvalue())[1])(io.BytesIO()),
        "notes.md": "# Judul\n\nTeks dengan é dan “kutipan”.\n".encode("utf-8"),
        "utf16.txt": "BAB I\nTeks.\n".encode("utf-16"),
        "binary.txt": bytes(range(256)) * 8,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    kinds = {name: sniff_kind(tmp_path / name) for name in cases}
    assert kinds == {
        "real.pdf": "pdf",
        "fake.pdf": "txt",
        "real.docx": "docx",
        "zip.docx": None,
        "notes.md": "md",
        "utf16.txt": "txt",
        "binary.txt": None,
    }
