"""The write path: load -> parse -> chunk -> embed -> store, incremental and crash-safe."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np

from assistant.index import store
from assistant.index.embeddings import Embedder, get_embedder
from assistant.index.vector_cache import VectorCache, sentence_key
from assistant.core.errors import (
    AssistantError,
    CorpusError,
    IndexCorruptError,
    IndexMissingError,
    StoreUnavailableError,
    StoreWriteError,
)
from assistant.core.settings import Settings
from assistant.core.text import index_terms
from assistant.core.types import Chunk, Document
from ingest.chunk import CHUNKER_VERSION, chunk_document
from ingest.load import RawDocument, Skipped, find_corpus_files, read_document
from ingest.lock import ingest_lock
from ingest.parse import parse_document

log = logging.getLogger(__name__)

CHROMA_BATCH = 1000
JOURNAL_EVERY = 256  # passage vectors per journal shard: an interrupted ingest loses at most these


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did."""

    documents: int
    sections: int
    chunks: int
    embedded: int  # chunks embedded this time
    reused: int  # chunks copied from the previous generation
    removed_documents: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    notes: tuple[str, ...]
    seconds: float
    unchanged: bool
    generation: int
    where: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the CLI."""
        state = "unchanged, nothing to do" if self.unchanged else f"{self.embedded} embedded, {self.reused} reused"
        return (
            f"{self.documents} documents, {self.sections} sections, {self.chunks} chunks ({state}) "
            f"in {self.seconds:.1f} s -> {self.where}"
        )


EMPTY_REASON = "has headings but no paragraph text: nothing to index"
ProgressFactory = Callable[[int, str], Any]  # (total, description) -> object with update(n) and close()


def ingest(settings: Settings, progress: ProgressFactory | None = None, lock_wait: float = 0.0) -> IngestReport:
    """Ingest the corpus folder into the index (incremental; safe to interrupt)."""
    try:
        return _ingest(settings, progress, lock_wait)
    except AssistantError:
        raise
    except Exception as exc:  # noqa: BLE001 - sqlite, chromadb and OS errors all mean "could not write"
        raise StoreWriteError(
            f"writing the index in {store.where(settings)} failed ({exc.__class__.__name__}: {exc}). "
            "Is the disk full or the folder read-only? Fix that and run `thesis-chat ingest` again; "
            "the previous index is untouched and keeps answering."
        ) from exc


def _ingest(settings: Settings, progress: ProgressFactory | None, lock_wait: float) -> IngestReport:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    with ingest_lock(settings.index_dir, wait_seconds=lock_wait):
        t = time.perf_counter()
        raws, skipped = _read_corpus(settings)
        timings["read"] = time.perf_counter() - t
        embedder = get_embedder(settings.embedder)
        notes: list[str] = []
        client, previous = _open_for_writing(settings, notes)

        if previous and _unchanged(previous, raws, embedder) and _collection_ok(client, previous):
            # neither parsing nor chunking: the file hashes say it all (parsing is 0.25 s at 100x,
            # chunking tokenizes every paragraph, ~5 ms each)
            return _unchanged_report(previous, skipped, notes, started, settings, timings)

        t = time.perf_counter()
        documents, parse_notes, empty = _parse(raws, skipped, settings)
        notes[:0] = parse_notes
        timings["parse"] = time.perf_counter() - t
        for note in notes:
            log.info(note)

        t = time.perf_counter()
        chunks_by_doc = {d.doc_id: chunk_document(d, embedder.fits) for d in documents}
        timings["chunk"] = time.perf_counter() - t

        generation = (previous.generation + 1) if previous else 1
        name = f"{settings.collection}-g{generation}"
        _drop(client, name)  # a leftover of an ingest that died at this generation
        collection = client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})

        reusable = _reusable_docs(previous, documents, embedder)
        reused = _copy_reused(client, previous, collection, reusable, chunks_by_doc) if reusable else 0
        t = time.perf_counter()
        changed = [c for d in documents if d.doc_id not in reusable for c in chunks_by_doc[d.doc_id]]
        known = _previous_vectors(client, previous, embedder, reusable)
        journal = VectorCache(settings.index_dir / "ingest-vectors", embedder.id)
        known = {**_journaled(journal, changed), **known}
        timings["reuse"] = time.perf_counter() - t
        t = time.perf_counter()
        embedded = _embed_and_add(embedder, collection, changed, progress, known, journal)
        reused += len(changed) - embedded
        timings["embed_and_store"] = time.perf_counter() - t

        manifest = store.Manifest(
            generation=generation,
            collection=name,
            embedder=embedder.id,
            chunker=CHUNKER_VERSION,
            dim=_dim(embedder),
            documents={d.doc_id: _doc_entry(d, chunks_by_doc[d.doc_id]) for d in documents},
            empty=empty,
            created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        store.write_manifest(client, settings, manifest)
        _drop_other_generations(client, settings, keep=name)
        journal.clear()  # the collection now holds every vector
        removed = tuple(sorted(set(previous.documents) - set(manifest.documents))) if previous else ()
        return _report(documents, chunks_by_doc, embedded, reused, removed, skipped, notes, started,
                       False, generation, settings, timings)


def _read_corpus(settings: Settings) -> tuple[list[RawDocument], list[Skipped]]:
    """Every readable corpus file (decoded, hashed), and the files skipped with the reason."""
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    seen_hashes: dict[str, str] = {}
    for path in find_corpus_files(settings.corpus_dir):
        raw = read_document(path, settings.corpus_dir)
        if isinstance(raw, Skipped):
            skipped.append(raw)
            continue
        assert isinstance(raw, RawDocument)
        if raw.content_hash in seen_hashes:
            skipped.append(Skipped(raw.doc_id, f"is a byte-for-byte copy of {seen_hashes[raw.content_hash]}: remove one"))
            continue
        seen_hashes[raw.content_hash] = raw.doc_id
        raws.append(raw)
    if not raws:
        _nothing_to_ingest(settings, skipped)
    return raws, skipped


def _parse(raws: list[RawDocument], skipped: list[Skipped],
           settings: Settings) -> tuple[list[Document], list[str], dict[str, str]]:
    """The parsed documents, the parser's notes, and {doc_id: hash} of the files with no paragraph
    text (added to ``skipped``; the manifest remembers them so an unchanged corpus needs no parse)."""
    documents: list[Document] = []
    notes: list[str] = []
    empty: dict[str, str] = {}
    for raw in raws:
        document = parse_document(raw)
        if not any(s.paragraphs for s in document.sections):
            skipped.append(Skipped(raw.doc_id, EMPTY_REASON))
            empty[raw.doc_id] = raw.content_hash
            continue
        documents.append(document)
        notes.extend(document.notes)
    if not documents:
        _nothing_to_ingest(settings, skipped)
    return documents, notes, empty


def _nothing_to_ingest(settings: Settings, skipped: list[Skipped]) -> None:
    reasons = "; ".join(f"{s.doc_id} {s.reason}" for s in skipped)
    raise CorpusError(f"nothing to ingest in {settings.corpus_dir}: {reasons}")


def _open_for_writing(settings: Settings, notes: list[str]) -> tuple[Any, store.Manifest | None]:
    """The client and the current manifest; an embedded index too damaged to read is moved aside
    (kept, not deleted) and rebuilt from the corpus."""
    try:
        client = store.open_client(settings, create=True)
        return client, _previous_manifest(client, settings)
    except AssistantError as exc:
        if settings.uses_server or not isinstance(exc, IndexCorruptError):
            raise
        reason = str(exc)
    except Exception as exc:  # noqa: BLE001 - sqlite/chromadb errors on a damaged file
        if settings.uses_server:
            raise
        reason = f"{exc.__class__.__name__}: {exc}"
    folder = settings.index_dir / "chroma"
    aside = settings.index_dir / f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    store.forget_client(folder)
    if folder.exists():
        folder.rename(aside)
        notes.append(f"the index could not be read ({reason[:200]}); moved it to {aside} and rebuilt it")
    return store.open_client(settings, create=True), None


def _previous_manifest(client: Any, settings: Settings) -> store.Manifest | None:
    try:
        return store.read_manifest(client, settings)
    except IndexMissingError:
        return None


def _unchanged(previous: store.Manifest, raws: list[RawDocument], embedder: Embedder) -> bool:
    """Same embedder, same chunker, and every file (indexed or found empty) with the hash it had."""
    before = {**{k: v["hash"] for k, v in previous.documents.items()}, **previous.empty}
    return (
        previous.embedder == embedder.id
        and previous.chunker == CHUNKER_VERSION
        and {r.doc_id: r.content_hash for r in raws} == before
    )


def _unchanged_report(previous: store.Manifest, skipped: list[Skipped], notes: list[str], started: float,
                      settings: Settings, timings: dict[str, float]) -> IngestReport:
    """The report of an ingest that found nothing to do, from the manifest (the parser's notes included)."""
    entries = previous.documents.values()
    return IngestReport(
        documents=len(previous.documents),
        sections=sum(len(e.get("sections", ())) for e in entries),
        chunks=previous.chunk_count,
        embedded=0,
        reused=0,
        removed_documents=(),
        skipped=tuple(skipped) + tuple(Skipped(d, EMPTY_REASON) for d in previous.empty),
        notes=tuple(n for e in entries for n in e.get("notes", ())) + tuple(notes),
        seconds=time.perf_counter() - started,
        unchanged=True,
        generation=previous.generation,
        where=store.where(settings),
        timings=timings,
    )


def _collection_ok(client: Any, manifest: store.Manifest) -> bool:
    try:
        return store.data_collection(client, manifest).count() == manifest.chunk_count
    except AssistantError:
        return False


def _reusable_docs(previous: store.Manifest | None, documents: list[Document], embedder: Embedder) -> set[str]:
    if not previous or previous.embedder != embedder.id or previous.chunker != CHUNKER_VERSION:
        return set()
    return {
        d.doc_id
        for d in documents
        if d.doc_id in previous.documents and previous.documents[d.doc_id]["hash"] == d.content_hash
    }


def _copy_reused(
    client: Any, previous: store.Manifest | None, target: Any, doc_ids: set[str], chunks_by_doc: dict[str, list[Chunk]]
) -> int:
    """Copy unchanged documents' records (vectors included) from the previous generation."""
    assert previous is not None
    try:
        source = store.data_collection(client, previous)
    except IndexCorruptError:
        doc_ids.clear()
        return 0
    ids = [c.chunk_id for d in sorted(doc_ids) for c in chunks_by_doc[d]]
    copied = 0
    for i in range(0, len(ids), CHROMA_BATCH):
        batch = source.get(ids=ids[i : i + CHROMA_BATCH], include=["embeddings", "documents", "metadatas"])
        if len(batch["ids"]) != len(ids[i : i + CHROMA_BATCH]):  # previous generation incomplete: re-embed
            doc_ids.clear()
            _reset(target)
            return 0
        target.add(ids=batch["ids"], embeddings=batch["embeddings"], documents=batch["documents"],
                   metadatas=batch["metadatas"])
        copied += len(batch["ids"])
    return copied


def _previous_vectors(client: Any, previous: store.Manifest | None, embedder: Embedder,
                      copied: set[str]) -> dict[str, np.ndarray]:
    """Chunk text -> vector of the previous generation's chunks, but those of the ``copied`` documents.

    A vector depends only on the text and the embedder, so a paragraph that an edit, a renamed
    file or a new chunker version left as it was keeps its vector: editing one paragraph of a
    300-page thesis embeds that paragraph, not the whole file. Empty when the embedder changed or
    the previous generation cannot be read (then everything is embedded, as on a first ingest).
    """
    if previous is None or previous.embedder != embedder.id:
        return {}
    ids = [c for d, entry in previous.documents.items() if d not in copied for c in entry["chunks"]]
    if not ids:
        return {}
    known: dict[str, np.ndarray] = {}
    try:
        source = store.data_collection(client, previous)
        for i in range(0, len(ids), CHROMA_BATCH):
            batch = source.get(ids=ids[i : i + CHROMA_BATCH], include=["embeddings", "documents"])
            for text, vector in zip(batch["documents"], batch["embeddings"]):
                if text and vector is not None and len(vector) == previous.dim:
                    known[text] = np.asarray(vector, dtype=np.float32)
    except Exception as exc:  # noqa: BLE001 - an unreadable previous generation only costs the reuse
        log.info("previous generation not reusable (%s): embedding every changed chunk", exc)
        return {}
    return known


def _journaled(journal: VectorCache, chunks: list[Chunk]) -> dict[str, np.ndarray]:
    """Chunk text -> vector that an earlier, interrupted ingest embedded and journaled."""
    saved = journal.load()
    return {c.text: saved[k] for c in chunks if (k := sentence_key(c.text)) in saved}


def _reset(collection: Any) -> None:
    existing = collection.get(include=[])["ids"]
    if existing:
        collection.delete(ids=existing)


def _embed_and_add(embedder: Embedder, collection: Any, chunks: list[Chunk], progress: ProgressFactory | None,
                   known: Mapping[str, np.ndarray] | None = None, journal: VectorCache | None = None) -> int:
    """Store ``chunks``, embedding those whose text has no ``known`` vector; returns how many were embedded.
    New vectors go to ``journal`` every ``JOURNAL_EVERY`` texts (and when this stops, finished or not)."""
    known = dict(known or {})  # grows as we go: a paragraph repeated in the corpus is embedded once
    pending: dict[str, np.ndarray] = {}
    fresh = len({c.text for c in chunks if c.text not in known})
    bar = progress(fresh, "embedding") if progress and fresh else None
    embedded = 0
    step = 32
    try:
        for i in range(0, len(chunks), step):
            batch = chunks[i : i + step]
            todo = list(dict.fromkeys(c.text for c in batch if c.text not in known))
            if todo:
                vectors = embedder.embed_passages(todo)
                known.update(zip(todo, vectors))
                pending.update((sentence_key(text), vector) for text, vector in zip(todo, vectors))
                embedded += len(todo)
                if journal is not None and len(pending) >= JOURNAL_EVERY:
                    journal.save(pending)
                    pending = {}
            collection.add(
                ids=[c.chunk_id for c in batch],
                embeddings=[np.asarray(known[c.text], dtype=np.float32).tolist() for c in batch],
                documents=[c.text for c in batch],
                metadatas=[_metadata(c) for c in batch],
            )
            if bar and todo:
                bar.update(len(todo))
    finally:
        if journal is not None:
            journal.save(pending)
        if bar:
            bar.close()
    return embedded


def _metadata(chunk: Chunk) -> dict[str, Any]:
    """Chunk metadata plus the BM25 terms, stemmed once here rather than at every load. The section
    and chapter titles count as the chunk's words too ("kesimpulan", "penutup" find their text)."""
    titled = f"{chunk.text} {chunk.section_title} {chunk.chapter_title}"
    return {**chunk.metadata(), "terms": " ".join(index_terms(titled))}


def _dim(embedder: Embedder) -> int:
    return int(embedder.embed_query("dim").shape[-1])


def _doc_entry(document: Document, chunks: list[Chunk]) -> dict[str, Any]:
    """The document's manifest entry: hash, chunk ids, and the structure that structure questions
    ("what are the chapters?") are answered from. A section is
    [id, title, printed number, chapter, paragraphs, level, kind, page, first chunk id, language]; the
    title page's facts (author, supervisors ...) are [name, value, quote, start, end, page, chunk id]."""
    chapters = list(document.chapters) or sorted(
        {(s.chapter_number, s.chapter_title) for s in document.sections if s.chapter_number}
    )
    first_chunk: dict[str, str] = {}
    for chunk in chunks:
        first_chunk.setdefault(chunk.section_id, chunk.chunk_id)
    return {
        "hash": document.content_hash,
        "title": document.title,
        "chunks": [c.chunk_id for c in chunks],
        "notes": list(document.notes),
        "chapters": [[n, t] for n, t in chapters],
        "sections": [[s.section_id, s.title, s.printed_number, s.chapter_number, len(s.paragraphs), s.level, s.kind,
                      s.page, first_chunk.get(s.section_id, ""), s.language]
                     for s in document.sections],
        "front": [[f.name, f.value, f.quote, f.start, f.end, f.page, _chunk_at(chunks, f.start)]
                  for f in document.front],
    }


def _chunk_at(chunks: list[Chunk], offset: int) -> str:
    """The id of the chunk holding ``offset`` (the title page's chunk for a title-page line)."""
    for chunk in chunks:
        if chunk.start <= offset < chunk.end:
            return chunk.chunk_id
    return next((c.chunk_id for c in chunks if c.section_id == "Halaman Judul"), "")


def _drop(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception:  # noqa: BLE001 - absent is fine
        pass


def _drop_other_generations(client: Any, settings: Settings, keep: str) -> None:
    prefix = f"{settings.collection}-g"
    for item in client.list_collections():
        name = item if isinstance(item, str) else item.name
        if name.startswith(prefix) and name != keep and name[len(prefix):].isdigit():
            _drop(client, name)


def _report(documents: list[Document], chunks_by_doc: Mapping[str, Sequence[Any]], embedded: int, reused: int,
            removed: tuple[str, ...], skipped: list[Skipped], notes: list[str], started: float, unchanged: bool,
            generation: int, settings: Settings, timings: dict[str, float]) -> IngestReport:
    return IngestReport(
        documents=len(documents),
        sections=sum(len(d.sections) for d in documents),
        chunks=sum(len(c) for c in chunks_by_doc.values()),
        embedded=embedded,
        reused=reused,
        removed_documents=removed,
        skipped=tuple(skipped),
        notes=tuple(notes),
        seconds=time.perf_counter() - started,
        unchanged=unchanged,
        generation=generation,
        where=store.where(settings),
        timings=timings,
    )


__all__ = ["IngestReport", "ingest", "StoreUnavailableError"]
