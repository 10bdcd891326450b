"""The index format, shared by ingest (writes) and the assistant (reads).

An index is a set of Chroma collections, embedded (``PersistentClient`` in ``index_dir/chroma``) or
on a ``chroma run`` server:

- ``<name>-manifest``: one record whose document is the manifest JSON: which data collection is
  current, the embedder that built it, the chunker version, and per-document hashes and structure.
- ``<name>-g<N>``: the chunks of generation N, with our own vectors (never Chroma's default
  embedding function, which would download a model).

Ingest writes a new generation and then swaps the manifest in one record upsert, so a reader never
sees a half-written index and an interrupted ingest leaves the previous generation answering.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from assistant.core.errors import IndexCorruptError, IndexMissingError, StoreUnavailableError
from assistant.core.settings import Settings

log = logging.getLogger(__name__)

MANIFEST_ID = "manifest"
FORMAT_VERSION = 1


@dataclass
class Manifest:
    """What the manifest record holds."""

    generation: int
    collection: str
    embedder: str
    chunker: str
    dim: int
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # doc_id -> {hash, title, chunks, sections, notes}
    empty: dict[str, str] = field(default_factory=dict)  # doc_id -> hash of corpus files with no paragraph text
    created: str = ""
    format: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})

    @property
    def chunk_count(self) -> int:
        return sum(len(d["chunks"]) for d in self.documents.values())


def where(settings: Settings) -> str:
    """Human description of the index location, for messages."""
    if settings.uses_server:
        return f"Chroma server {settings.chroma_host}:{settings.chroma_port} (collection {settings.collection})"
    return str(settings.index_dir)


def open_client(settings: Settings, create: bool = False) -> Any:
    """A Chroma client for the configured index; clear errors when it is missing or down."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.uses_server:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
            client.heartbeat()
        except Exception as exc:  # noqa: BLE001 - chromadb raises several types for "not there"
            raise StoreUnavailableError(
                f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} does not answer ({exc}). "
                f"Start it (`chroma run --path DIR --host {settings.chroma_host} --port {settings.chroma_port}`) "
                "or unset THESIS_CHROMA_HOST to use the embedded index."
            ) from exc
        return client
    path = settings.index_dir / "chroma"
    if not (path / "chroma.sqlite3").is_file():
        forget_client(path)  # the folder was deleted under us: never reuse Chroma's cached handle
    if not create and not (path / "chroma.sqlite3").is_file():
        raise IndexMissingError(
            f"no index at {settings.index_dir}: run `thesis-chat ingest` first "
            f"(or `make chat`, which ingests when needed)."
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001
        raise IndexCorruptError(
            f"the index at {settings.index_dir} cannot be opened ({exc.__class__.__name__}: {exc}): "
            f"delete the folder and run `thesis-chat ingest` again."
        ) from exc


def forget_client(path: Any) -> None:
    """Drop Chroma's per-process cached client for ``path``, so the next client opens the files on
    disk afresh (after the index folder was deleted or replaced while this process ran)."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        system = SharedSystemClient._identifier_to_system.pop(str(path), None)
        SharedSystemClient._identifier_to_refcount.pop(str(path), None)
        if system is not None:
            try:
                system.stop()
            except Exception:  # noqa: BLE001 - its files may be gone already
                pass
    except Exception:  # noqa: BLE001 - best effort: a newer chromadb may cache differently
        log.debug("could not drop the chroma client cache for %s", path, exc_info=True)


def manifest_collection(client: Any, settings: Settings, create: bool = False) -> Any:
    """The collection that holds the manifest record."""
    name = f"{settings.collection}-manifest"
    if create:
        return client.get_or_create_collection(name, embedding_function=None)
    return client.get_collection(name, embedding_function=None)


def read_manifest(client: Any, settings: Settings) -> Manifest:
    """The current manifest, or IndexMissingError / IndexCorruptError with the fix."""
    try:
        collection = manifest_collection(client, settings)
        record = collection.get(ids=[MANIFEST_ID], include=["documents"])
    except Exception as exc:  # noqa: BLE001
        if _is_not_found(exc):
            raise IndexMissingError(
                f"no index in {where(settings)}: run `thesis-chat ingest` first."
            ) from exc
        raise IndexCorruptError(
            f"the index in {where(settings)} cannot be read ({exc.__class__.__name__}: {exc}): "
            "run `thesis-chat ingest` again (delete the index folder first if that fails too)."
        ) from exc
    documents = record.get("documents") or []
    if not documents or not documents[0]:
        raise IndexMissingError(f"the index in {where(settings)} is empty: run `thesis-chat ingest`.")
    try:
        return Manifest.from_json(documents[0])
    except (ValueError, TypeError, KeyError) as exc:
        raise IndexCorruptError(
            f"the index manifest in {where(settings)} is damaged ({exc}): run `thesis-chat ingest` again."
        ) from exc


def write_manifest(client: Any, settings: Settings, manifest: Manifest) -> None:
    """Swap the manifest in one upsert: from now on readers see ``manifest.collection``."""
    collection = manifest_collection(client, settings, create=True)
    collection.upsert(ids=[MANIFEST_ID], documents=[manifest.to_json()], embeddings=[[1.0]])


def data_collection(client: Any, manifest: Manifest) -> Any:
    """The chunk collection the manifest points at."""
    try:
        return client.get_collection(manifest.collection, embedding_function=None)
    except Exception as exc:  # noqa: BLE001
        raise IndexCorruptError(
            f"the index names collection {manifest.collection!r} but it cannot be opened ({exc}): "
            "run `thesis-chat ingest` again."
        ) from exc


def _is_not_found(exc: Exception) -> bool:
    text = f"{exc.__class__.__name__} {exc}".lower()
    return "notfound" in text.replace(" ", "") or "does not exist" in text or "not found" in text
