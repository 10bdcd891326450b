"""The read side of an index, loaded once: manifest, Chroma handle, chunks, BM25, section maps."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from assistant.core.abbreviations import definitions
from assistant.core.dictionary import get_dictionary
from assistant.index import store
from assistant.index.embeddings import Embedder
from assistant.core.errors import AssistantError, EmbedderMismatchError, IndexCorruptError, StoreUnavailableError
from assistant.retrieval.lexical import BM25
from assistant.core.settings import Settings
from assistant.core.text import stem
from assistant.core.types import Chunk
from assistant.index.vector_cache import VectorCache, sentence_key
from assistant.retrieval.abstract_lexicon import learn as learn_lexicon
from assistant.retrieval.vocabulary import Vocabulary

_PAGE = 2000


class DocumentViews:
    """The statistics and the vocabulary a question reads, of the whole index or of one picked document, each
    built on first need and kept with the index (an ingest that changes any document is a new index): a
    picked document's BM25 statistics (``BM25.restricted``: idf, mean length and terms of its chunks alone) and
    its vocabulary (``Vocabulary.narrowed``: the terms it knows, the translations it uses, its abstracts'
    lexicon), so that its answers do not depend on what else is loaded. Read by the retriever and, before any
    stage, by the assistant (the analysis reads the vocabulary: no stage is entered to get it).

    Needs ``chunks``, ``bm25`` and ``sentence_vectors(texts, embedder)`` of the class it is mixed into."""

    chunks: list[Chunk]
    bm25: BM25

    def statistics(self, doc_id: str | None = None) -> BM25:
        """BM25 over one document's chunks alone (positions kept as in the whole index); the whole index' for
        None."""
        if not doc_id:
            return self.bm25
        views = self._views()
        found = views.get(("statistics", doc_id))
        if found is None:
            with views["lock"]:
                found = views.get(("statistics", doc_id))
                if found is None:
                    positions = [i for i, c in enumerate(self.chunks) if c.doc_id == doc_id]
                    found = views["statistics", doc_id] = self.bm25.restricted(positions)
        return found

    def vocabulary(self, embedder: Embedder, doc_id: str | None = None) -> Vocabulary:
        """The vocabulary questions are analysed with: the whole index' (None), or one document's view of it
        (its own terms and statistics, sharing the loan spellings and word vectors with the whole index')."""
        views = self._views()
        key = ("vocabulary", embedder.id, doc_id or "")
        found = views.get(key)
        if found is None:
            with views["lock"]:
                found = views.get(key)
                if found is None:
                    learn = partial(_learn_lexicon, self, embedder, doc_id)
                    if doc_id:
                        found = self.vocabulary(embedder).narrowed(self.statistics(doc_id), learn)
                    else:
                        found = Vocabulary(self.bm25, get_dictionary(), embedder.embed_passages,
                                           partial(_tagged_english, self), learn)
                    views[key] = found
        return found

    def forget_vocabularies(self) -> None:
        """Drop the vocabularies built so far (the next read builds them again): a sweep over a vocabulary's
        constants (evals/fit_vocabulary.py) measures each value with fresh cached decisions."""
        views = self._views()
        with views["lock"]:
            for key in [k for k in views if isinstance(k, tuple) and k[0] == "vocabulary"]:
                del views[key]

    def _views(self) -> dict:
        views = self.__dict__.get("_document_views")
        if views is None:
            views = self.__dict__.setdefault("_document_views", {"lock": threading.RLock()})
        return views


def _learn_lexicon(index: DocumentViews, embedder: Embedder, doc_id: str | None,
                   wanted: Callable[[str], bool]) -> dict[str, tuple[str, ...]]:
    """The bilingual lexicon of the index' abstracts (or of one document's) for the English words ``wanted``
    (vectors through the index' sentence cache, kept on disk)."""
    bm25 = index.statistics(doc_id)
    chunks = [c for c in index.chunks if not doc_id or c.doc_id == doc_id]
    return learn_lexicon(chunks, get_dictionary(),
                         lambda texts: index.sentence_vectors(texts, embedder),  # type: ignore[attr-defined]
                         lambda word: word in bm25 or stem(word) in bm25, wanted)


def _tagged_english(index: DocumentViews, position: int) -> bool:
    """Most of a chunk's sentences are tagged English by the parser (an abstract)."""
    sentences = index.chunks[position].sentences
    return sum(s.language == "en" for s in sentences) * 2 > len(sentences)


@dataclass
class LoadedIndex(DocumentViews):
    """Everything the read path needs from the index, in memory except the dense vectors."""

    settings: Settings
    client: Any
    manifest: store.Manifest
    collection: Any
    chunks: list[Chunk]
    bm25: BM25
    by_id: dict[str, int]
    sections: dict[str, list[int]]  # canonical section id -> chunk positions, reading order
    printed: dict[str, str]  # printed number -> canonical id (where they differ)
    section_titles: dict[str, str]
    chapter_titles: dict[int, str]
    file_id: tuple[int, int] | None = None  # (device, inode) of the embedded index' sqlite file
    disk_cache: VectorCache | None = None  # sentence vectors kept between processes
    # doc_id -> {section id: title} for every section the parser found, in reading order, those without
    # text of their own too (a parent whose text is all in its subsections); empty for a bare index
    outlines: dict[str, dict[str, str]] = field(default_factory=dict)
    _sentence_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    _on_disk: dict[str, np.ndarray] | None = None  # the disk cache, read on first need
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # the embedded index' files as last seen unchanged (sqlite and its write-ahead log: size and mtime):
    # while they stay so, no ingest has written a new generation and the manifest need not be read again
    _seen_files: tuple | None = None
    _glossaries: dict[str, dict[str, str]] = field(default_factory=dict)  # doc_id -> its abbreviations, on first need

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder) -> LoadedIndex:
        """Open the index the settings point at; errors say how to fix it."""
        client = store.open_client(settings)
        manifest = store.read_manifest(client, settings)
        if manifest.embedder != embedder.id:
            raise EmbedderMismatchError(
                f"the index in {store.where(settings)} was built with embedder {manifest.embedder!r}, "
                f"but {embedder.id!r} is configured: re-ingest with `thesis-chat ingest --embedder "
                f"{settings.embedder}` or set THESIS_EMBEDDER back to the one that built it."
            )
        collection = store.data_collection(client, manifest)
        chunks, terms = _read_chunks(collection, manifest)
        if not chunks:
            raise IndexCorruptError(f"the index in {store.where(settings)} holds no chunks: run `thesis-chat ingest`.")
        order = {cid: i for i, cid in enumerate(c for d in manifest.documents.values() for c in d["chunks"])}
        paired = sorted(zip(chunks, terms), key=lambda ct: order.get(ct[0].chunk_id, len(order)))
        chunks = [c for c, _ in paired]
        bm25 = BM25([t for _, t in paired])
        sections: dict[str, list[int]] = {}
        printed: dict[str, str] = {}
        titles: dict[str, str] = {}
        chapters: dict[int, str] = {}
        for i, chunk in enumerate(chunks):
            sections.setdefault(chunk.section_id, []).append(i)
            titles[chunk.section_id] = chunk.section_title
            if chunk.chapter_title:
                chapters[chunk.chapter_number] = chunk.chapter_title
            if chunk.printed_number != chunk.section_id:
                printed.setdefault(chunk.printed_number, chunk.section_id)
        return cls(settings, client, manifest, collection, chunks, bm25, {c.chunk_id: i for i, c in enumerate(chunks)},
                   sections, printed, titles, chapters, _file_id(settings), _disk_cache(settings, embedder),
                   _outlines(manifest, chunks))

    def generation_changed(self) -> bool:
        """True when an ingest swapped in a new generation since this view was loaded, or when the
        embedded index' files were deleted or replaced under this process."""
        if not self.settings.uses_server and _file_id(self.settings) != self.file_id:
            store.forget_client(self.settings.index_dir / "chroma")  # its cached handle points at old files
            return True
        files = None if self.settings.uses_server else _files_seen(self.settings)
        if files is not None and files == self._seen_files:
            return False  # nothing wrote to the embedded index since the last look (reading the manifest costs
            # 12-16 ms an ask at 1000x)
        try:
            current = store.read_manifest(self.client, self.settings)
        except AssistantError:
            return True
        changed = current.generation != self.manifest.generation or current.collection != self.manifest.collection
        if not changed:
            self._seen_files = files
        return changed

    def glossary(self, doc_id: str) -> dict[str, str]:
        """The abbreviations a document defines ("Kementerian Luar Negeri (Kemlu)": Kemlu -> the words), read
        from its chunks once."""
        found = self._glossaries.get(doc_id)
        if found is None:
            found = {}
            for chunk in self.chunks:
                if chunk.doc_id == doc_id:
                    for short, words in definitions(chunk.text).items():
                        found.setdefault(short, words)
            self._glossaries[doc_id] = found
        return found

    def chunks_with(self, terms: set[str]) -> list[Chunk]:
        """Chunks whose BM25 terms include any of ``terms`` (through the inverted index)."""
        positions = {i for t in terms for i, _ in self.bm25.postings.get(t, ())}
        return [self.chunks[i] for i in sorted(positions)]

    def dense_search(self, vector: np.ndarray, n: int, document: str | None = None) -> list[tuple[int, float]]:
        """(chunk position, cosine similarity) of the ``n`` nearest chunks, best first (of one
        document only, when ``document`` names its doc_id)."""
        n = max(1, min(n, len(self.chunks)))
        where = {"doc_id": document} if document else None
        try:
            result = self.collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"],
                                           where=where)
        except Exception as exc:  # noqa: BLE001 - chromadb raises many types when the store breaks
            raise _store_error(self.settings, exc) from exc
        out = []
        for chunk_id, distance in zip(result["ids"][0], result["distances"][0]):
            if chunk_id in self.by_id:
                out.append((self.by_id[chunk_id], 1.0 - float(distance)))
        return out

    def sentence_vectors(self, texts: list[str], embedder: Embedder, *, save: bool = True) -> list[np.ndarray]:
        """Passage-side vectors of sentences: from memory, else from the disk cache, else embedded
        (once per process, and kept on disk for the next one unless ``save`` is False)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._sentence_vectors]
        if missing and self.disk_cache is not None:
            on_disk = self._disk_vectors()
            found = {t: on_disk[k] for t in missing if (k := sentence_key(t)) in on_disk}
            with self._lock:
                self._sentence_vectors.update(found)
            missing = [t for t in missing if t not in found]
        if missing:
            vectors = embedder.embed_passages(missing)
            with self._lock:
                self._sentence_vectors.update(zip(missing, vectors))
            if save:
                self.save_sentences(missing)
        return [self._sentence_vectors[t] for t in texts]

    def save_sentences(self, texts: list[str]) -> None:
        """Keep on disk the vectors of ``texts`` that this process embedded and the disk lacks."""
        if self.disk_cache is None:
            return
        on_disk = self._disk_vectors()
        new = {k: self._sentence_vectors[t] for t in dict.fromkeys(texts)
               if t in self._sentence_vectors and (k := sentence_key(t)) not in on_disk}
        if new and self.disk_cache.save(new):
            with self._lock:
                on_disk.update(new)

    def _disk_vectors(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._on_disk is None:
                self._on_disk = self.disk_cache.load() if self.disk_cache is not None else {}
            return self._on_disk


def _outlines(manifest: store.Manifest, chunks: list[Chunk]) -> dict[str, dict[str, str]]:
    """Each document's section titles: the manifest's structure (textless parents included), then
    any section only the chunks know."""
    outlines: dict[str, dict[str, str]] = {}
    for doc_id, entry in manifest.documents.items():
        outline = outlines.setdefault(doc_id, {})
        for row in entry.get("sections", ()):
            if row and str(row[0]):
                outline.setdefault(str(row[0]), str(row[1]) if len(row) > 1 else "")
    for chunk in chunks:
        outlines.setdefault(chunk.doc_id, {}).setdefault(chunk.section_id, chunk.section_title)
    return outlines


def _disk_cache(settings: Settings, embedder: Embedder) -> VectorCache | None:
    """Beside the embedded index, or in the data folder when the index lives in a Chroma server."""
    if not settings.sentence_cache:
        return None
    base = settings.data_dir if settings.uses_server else settings.index_dir
    return VectorCache(base / "sentence-vectors", embedder.id)


def _file_id(settings: Settings) -> tuple[int, int] | None:
    if settings.uses_server:
        return None
    try:
        stat = (settings.index_dir / "chroma" / "chroma.sqlite3").stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _files_seen(settings: Settings) -> tuple | None:
    """(size, mtime) of the embedded index' sqlite file and of its write-ahead log (absent: None):
    any write of an ingest changes one of them."""
    folder = settings.index_dir / "chroma"
    seen = []
    for name in ("chroma.sqlite3", "chroma.sqlite3-wal"):
        try:
            stat = (folder / name).stat()
        except OSError:
            seen.append(None)
            continue
        seen.append((stat.st_size, stat.st_mtime_ns))
    return tuple(seen) if seen[0] is not None else None


def _read_chunks(collection: Any, manifest: store.Manifest) -> tuple[list[Chunk], list[list[str]]]:
    chunks: list[Chunk] = []
    terms: list[list[str]] = []
    total = collection.count()
    for offset in range(0, total, _PAGE):
        page = collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=offset)
        for chunk_id, text, meta in zip(page["ids"], page["documents"], page["metadatas"]):
            try:
                chunks.append(Chunk.from_record(chunk_id, text, meta))
            except (KeyError, ValueError, TypeError) as exc:
                raise IndexCorruptError(f"chunk {chunk_id} in the index is damaged ({exc}): run `thesis-chat ingest`.")
            terms.append(str(meta.get("terms", "")).split())
    if len(chunks) != manifest.chunk_count:
        raise IndexCorruptError(
            f"the index holds {len(chunks)} chunks where its manifest lists {manifest.chunk_count}: "
            "run `thesis-chat ingest` again."
        )
    return chunks, terms


def _store_error(settings: Settings, exc: Exception) -> AssistantError:
    if settings.uses_server:
        return StoreUnavailableError(
            f"the Chroma server {settings.chroma_host}:{settings.chroma_port} failed ({exc.__class__.__name__}: "
            f"{exc}): check that `chroma run` is up; questions work again as soon as it answers."
        )
    return IndexCorruptError(
        f"the index at {settings.index_dir} failed ({exc.__class__.__name__}: {exc}): run `thesis-chat ingest` "
        "again; the chat picks the new index up without a restart."
    )
