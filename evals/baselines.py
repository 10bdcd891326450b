"""Retrieval baselines measured on the same questions: BM25 alone, dense alone, textbook LangChain.

Each baseline returns, per question, the sections of its retrieved passages in rank order, so
the same hit@k / MRR functions score it and ours.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from assistant.core.settings import Settings

TEXTBOOK_CHUNK_SIZE = 1000
TEXTBOOK_CHUNK_OVERLAP = 200
TEXTBOOK_K = 4


class _Retriever(Protocol):
    def search(self, question: str, k: int = ..., mode: str = ...) -> list[Any]: ...


def retriever_baseline(
    retriever: _Retriever, questions: Sequence[str], k: int, mode: str, documents: Sequence[str | None] | None = None
) -> list[list[str]]:
    """Sections retrieved by our own retriever in one mode ("bm25" or "dense"), per question
    (from the question's document alone when ``documents`` names one)."""
    runs = []
    for i, question in enumerate(questions):
        doc = documents[i] if documents else None
        found = retriever.search(question, k=k, mode=mode, document=doc) if doc else retriever.search(
            question, k=k, mode=mode
        )
        runs.append([p.chunk.section_id for p in sorted(found, key=lambda p: p.rank)])
    return runs


def section_spans(document: Any) -> list[tuple[int, int, str]]:
    """Contiguous (start, end, section_id) extents of a parsed Document covering the whole file.

    A section reaches back to where the previous one ended, so a heading (``1.2 Saran``) belongs to
    the section it opens, and the last section runs to the end of the file.
    """
    paragraphs = sorted((p.start, p.end, s.section_id) for s in document.sections for p in s.paragraphs)
    extents: list[list[Any]] = []
    for start, end, section in paragraphs:
        if extents and extents[-1][2] == section:
            extents[-1][1] = end
        else:
            extents.append([extents[-1][1] if extents else 0, end, section])
    if extents:
        extents[-1][1] = sys.maxsize
    return [(a, b, section) for a, b, section in extents]


def section_for_span(spans: Sequence[tuple[int, int, str]], start: int, end: int) -> str | None:
    """The section whose paragraphs overlap ``[start, end)`` the most (the earlier on a tie)."""
    overlap: dict[str, int] = {}
    order: list[str] = []
    for a, b, section in spans:
        shared = min(b, end) - max(a, start)
        if shared > 0:
            if section not in overlap:
                order.append(section)
                overlap[section] = 0
            overlap[section] += shared
    if not overlap:
        return None
    return max(order, key=lambda s: (overlap[s], -order.index(s)))


def textbook_chunks(corpus_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    """The corpus split by RecursiveCharacterTextSplitter(1000, 200), each chunk tagged with its section."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from ingest.load import RawDocument, find_corpus_files, read_document
    from ingest.parse import parse_document

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=TEXTBOOK_CHUNK_SIZE, chunk_overlap=TEXTBOOK_CHUNK_OVERLAP, add_start_index=True
    )
    chunks: list[tuple[str, dict[str, Any]]] = []
    for path in find_corpus_files(corpus_dir):
        raw = read_document(path, corpus_dir)
        if not isinstance(raw, RawDocument):
            continue
        spans = section_spans(parse_document(raw))
        for doc in splitter.create_documents([raw.text]):
            start = int(doc.metadata["start_index"])
            section = section_for_span(spans, start, start + len(doc.page_content))
            chunks.append((doc.page_content, {"doc_id": raw.doc_id, "start": start, "section": section or ""}))
    return chunks


def langchain_baseline(
    settings: Settings,
    questions: Sequence[str],
    embeddings: Any | None = None,
    documents: Sequence[str | None] | None = None,
) -> list[list[str]]:
    """The textbook pipeline: split, embed with our embedder, Chroma in a temp dir, top-4 similarity
    search (filtered to the question's document when ``documents`` names one)."""
    import chromadb
    from langchain_chroma import Chroma

    if embeddings is None:
        from assistant.index.embeddings import get_embeddings

        embeddings = get_embeddings(settings)
    chunks = textbook_chunks(settings.corpus_dir)
    with tempfile.TemporaryDirectory(prefix="eval-langchain-", ignore_cleanup_errors=True) as tmp:
        client = chromadb.PersistentClient(path=tmp, settings=chromadb.config.Settings(anonymized_telemetry=False))
        store = Chroma(collection_name="textbook_baseline", embedding_function=embeddings, client=client)
        store.add_texts([text for text, _ in chunks], metadatas=[meta for _, meta in chunks])
        runs = []
        for i, question in enumerate(questions):
            doc = documents[i] if documents else None
            found = store.similarity_search(question, k=TEXTBOOK_K, filter={"doc_id": doc} if doc else None)
            runs.append([str(d.metadata.get("section", "")) for d in found])
    return runs


def run_baselines(
    retriever: _Retriever,
    settings: Settings,
    questions: Sequence[str],
    k: int,
    embeddings: Any | None = None,
    documents: Sequence[str | None] | None = None,
) -> dict[str, list[list[str]]]:
    """All three baselines by name: ``bm25``, ``dense``, ``langchain_textbook`` (each limited to the
    question's document when ``documents`` gives one per question, as the chat's document picker does)."""
    return {
        "bm25": retriever_baseline(retriever, questions, k, "bm25", documents),
        "dense": retriever_baseline(retriever, questions, k, "dense", documents),
        "langchain_textbook": langchain_baseline(settings, questions, embeddings, documents),
    }
