"""The documents panel, its outline, example questions and the ingest progress, as plain functions.

``load_documents`` reads what the index's manifest says about each loaded document (title-page facts
where the parser found them, pages, chapters, sections); the rest turns values into the page's HTML
and questions. Nothing here imports gradio; all corpus text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.core.settings import Settings
from assistant.core.text import roman
from ui.ingest_worker import IngestStatus
from ui.uploads import Outcome


@dataclass(frozen=True)
class SectionView:
    """One heading of a document's outline."""

    section_id: str
    title: str
    level: int
    page: int | None
    kind: str
    paragraphs: int


@dataclass(frozen=True)
class DocumentView:
    """What the panel shows of one loaded document."""

    doc_id: str
    title: str
    facts: tuple[tuple[str, str], ...]  # (field, value) from the title page: author, year ... when found
    pages: int
    chapters: tuple[tuple[int, str], ...]
    sections: tuple[SectionView, ...]


@dataclass(frozen=True)
class OutlineItem:
    """A clickable line of the outline: its label and the overview question it asks."""

    label: str
    question: str
    doc_id: str


FACT_FIELDS = ("author", "year", "university", "programme", "supervisor")
FACT_LABELS = {"author": "Author · Penulis", "year": "Year · Tahun", "university": "University · Universitas",
               "programme": "Programme · Program studi", "supervisor": "Supervisor · Pembimbing"}


def load_documents(settings: Settings) -> list[DocumentView]:
    """The loaded documents as the index's manifest describes them ([] when there is no index yet)."""
    from assistant.index import store
    from assistant.core.errors import AssistantError

    try:
        manifest = store.read_manifest(store.open_client(settings), settings)
    except AssistantError:
        return []
    return [document_view(doc_id, entry) for doc_id, entry in manifest.documents.items()]


def document_view(doc_id: str, entry: dict[str, Any]) -> DocumentView:
    """One manifest entry as a DocumentView (tolerant of older manifests without pages or facts)."""
    sections = []
    for row in entry.get("sections", []):
        row = list(row) + [None] * 9
        sections.append(SectionView(str(row[0]), str(row[1] or ""), int(row[5] or 2), row[7] if isinstance(row[7], int)
                                    else None, str(row[6] or "body"), int(row[4] or 0)))
    pages = max((s.page for s in sections if s.page), default=0)
    return DocumentView(doc_id, str(entry.get("title") or doc_id), _facts(entry), int(entry.get("pages") or pages),
                        tuple((int(n), str(t)) for n, t in entry.get("chapters", [])), tuple(sections))


def _facts(entry: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Title-page facts from the manifest, whichever shape the parser stored them in."""
    found: dict[str, str] = {}
    raw = entry.get("front") or entry.get("facts") or {}
    items = raw.items() if isinstance(raw, dict) else raw
    for item in items:
        if isinstance(item, dict):
            name, value = item.get("name"), item.get("value")
        elif isinstance(item, (list, tuple)) and len(item) >= 2:
            name, value = item[0], item[1]
        else:
            continue
        if name in FACT_FIELDS and value and name not in found:
            found[str(name)] = str(value)
    for name in FACT_FIELDS:
        if entry.get(name) and name not in found:
            found[name] = str(entry[name])
    return tuple((name, found[name]) for name in FACT_FIELDS if name in found)


def outline_items(documents: Sequence[DocumentView]) -> list[OutlineItem]:
    """Every chapter and section of every document, as clickable outline lines that ask for an overview."""
    items: list[OutlineItem] = []
    several = len(documents) > 1
    for doc in documents:
        prefix = f"{_short(doc)} · " if several else ""
        chapters = dict(doc.chapters)
        shown_chapters: set[int] = set()
        for section in doc.sections:
            chapter = _chapter_of(section.section_id)
            if chapter in chapters and chapter not in shown_chapters:
                shown_chapters.add(chapter)
                name = f"BAB {roman(chapter)} {chapters[chapter]}".strip()
                items.append(OutlineItem(f"{prefix}{name}", f"Ringkasan {name}", doc.doc_id))
            page = f" · p. {section.page}" if section.page else ""
            indent = "    " * max(0, section.level - 1) if section.section_id != section.title else ""
            name = section.section_id if section.section_id == section.title else f"{section.section_id} {section.title}"
            items.append(OutlineItem(f"{indent}{prefix}{name}{page}", f"Apa isi bagian {name}?", doc.doc_id))
    return items


def _chapter_of(section_id: str) -> int | None:
    head = section_id.split(".", 1)[0]
    return int(head) if head.isdigit() else None


def _short(doc: DocumentView) -> str:
    return doc.doc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0][:40]


def example_questions(documents: Sequence[DocumentView]) -> dict[str, list[str]]:
    """Example questions for the loaded documents, in Indonesian and English: the title-page facts,
    the first chapter's sections, and sections spread over the documents."""
    indonesian: list[str] = []
    english: list[str] = []
    if any(dict(d.facts).get("author") for d in documents):
        indonesian.append("Siapa penulis tesis ini?")
        english.append("Who wrote the thesis?")
    first = next((d for d in documents if d.chapters), None)
    if first is not None:
        number = first.chapters[0][0]
        indonesian.append(f"Apa saja subbab di BAB {roman(number)}?")
        english.append(f"What are the sections of chapter {number}?")
    candidates = [(d, s) for d in documents for s in d.sections
                  if s.paragraphs and s.kind in ("body", "") and s.section_id != s.title]
    for _doc, section in _spread(candidates, 4 - len(indonesian)):
        if len(indonesian) >= 4:
            break
        indonesian.append(f"Apa isi bagian {section.section_id} {section.title}?")
        english.append(f"What does section {section.section_id} {section.title} say?")
    return {"Bahasa Indonesia": indonesian[:4], "English": english[:4]}


def _spread(items: list[Any], count: int) -> list[Any]:
    """Up to ``count`` items spread evenly over ``items`` (first and last included)."""
    if count <= 0 or not items:
        return []
    if len(items) <= count:
        return list(items)
    step = (len(items) - 1) / (count - 1) if count > 1 else 0
    return [items[round(i * step)] for i in range(count)]


def panel_html(documents: Sequence[DocumentView]) -> str:
    """The documents panel: per document its title, title-page facts, pages, chapters and sections."""
    if not documents:
        return '<div class="ta-docs"><p class="ta-hint">No document loaded yet · Belum ada dokumen.</p></div>'
    cards = []
    for doc in documents:
        facts = "".join(
            f'<div class="ta-fact"><span class="ta-k">{html.escape(FACT_LABELS[name])}</span> {html.escape(value)}</div>'
            for name, value in doc.facts
        )
        sections = sum(1 for s in doc.sections if s.section_id != s.title)
        counts = [_count(doc.pages, "page") + " · halaman"] if doc.pages else []
        counts.append(_count(len(doc.chapters), "chapter") + " · bab")
        counts.append(_count(sections, "section") + " · subbab")
        cards.append(
            f'<div class="ta-doc-card" data-doc="{html.escape(doc.doc_id)}">'
            f'<div class="ta-doc-title">{html.escape(doc.title)}</div>'
            f'<div class="ta-doc-file"><code>{html.escape(doc.doc_id)}</code></div>{facts}'
            f'<div class="ta-doc-counts">{html.escape(" · ".join(counts))}</div></div>'
        )
    return '<div class="ta-docs">' + "".join(cards) + "</div>"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def progress_html(status: IngestStatus) -> str:
    """The ingest progress: a bar with files, pages, chunks and time left; the outcome when done."""
    state = status.state
    parts = [f'<div class="ta-progress" data-state="{state}" data-version="{status.version}">']
    files = f"{len(status.files)} file(s)" if status.files else "the corpus folder"
    pages = f" · {status.pages} pages" if status.pages else ""
    queued = f" · {status.queued} more queued" if status.queued else ""
    if state == "queued":
        parts.append(f'<div class="ta-progress-head">Waiting for the running ingest… · Menunggu{queued}</div>'
                     '<progress></progress>')
    elif state == "reading":
        parts.append(f'<div class="ta-progress-head">Reading {html.escape(files)}{pages} · Membaca…{queued}</div>'
                     "<progress></progress>")
    elif state == "embedding":
        left = f" · about {status.seconds_left:.0f} s left" if status.seconds_left is not None else ""
        parts.append(
            f'<div class="ta-progress-head">Embedding {html.escape(files)}{pages} · chunks {status.chunks_done}/'
            f'{status.chunks_total}{left}{queued}</div>'
            f'<progress max="{max(1, status.chunks_total)}" value="{status.chunks_done}"></progress>'
        )
    elif state in ("done", "failed"):
        mark = "✓" if state == "done" else "⚠"
        parts.append(f'<div class="ta-progress-head ta-{state}">{mark} {html.escape(status.message)}</div>')
    for problem in status.problems:
        parts.append(f'<div class="ta-refused">✗ {html.escape(problem)}</div>')
    parts.append("</div>")
    return "".join(parts) if state != "idle" else ""


def upload_html(outcome: Outcome) -> str:
    """What happened to each uploaded file, in the page (refusals say why and what to do)."""
    lines = []
    for item in outcome.stored:
        pages = f", {item.pages} pages" if item.pages else ""
        verb = "replaced" if item.name in outcome.replaced else "added"
        lines.append(f'<div class="ta-stored">✓ {html.escape(item.name)} {verb} ({item.kind}{pages}): '
                     "ingesting in the background · sedang diproses</div>")
    for refused in outcome.refused:
        lines.append(f'<div class="ta-refused">✗ {html.escape(refused.name)} {html.escape(refused.reason)}</div>')
    for name, existing in outcome.duplicates:
        lines.append(f'<div class="ta-duplicate">= {html.escape(name)} has the same content as the loaded '
                     f"{html.escape(existing)}: not stored twice</div>")
    for item in outcome.conflicts:
        lines.append(f'<div class="ta-conflict">⚠ {html.escape(item.name)} has the name of a loaded document with '
                     "other content: press “Replace” to replace it, or “Cancel”</div>")
    return '<div class="ta-upload-result">' + "".join(lines) + "</div>" if lines else ""
