"""An interrupted ingest keeps the vectors it computed (the journal in <index>/ingest-vectors) and the
next ingest embeds only the rest; a finished ingest clears the journal."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.core.errors import StoreWriteError
from assistant.core.settings import Settings
from assistant.index.embeddings import HashEmbedder
from assistant.index.vector_cache import VectorCache, sentence_key
from bench.corpus_gen import generate
from ingest import ingest, pipeline


def texts_of(settings: Settings) -> list[str]:
    """Every chunk text of the corpus, as the ingest cuts it."""
    raws, skipped = pipeline._read_corpus(settings)
    documents, _, _ = pipeline._parse(raws, skipped, settings)
    return [c.text for d in documents for c in pipeline.chunk_document(d, HashEmbedder().fits)]


def test_an_interrupted_ingest_resumes_from_its_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(20, tmp_path / "corpus", seed=3)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "idx", embedder="hash")
    journal = VectorCache(settings.index_dir / "ingest-vectors", HashEmbedder.id)
    real = HashEmbedder.embed_passages
    batches: list[list[str]] = []

    def fails_on_the_third_batch(self: HashEmbedder, texts: list[str]) -> np.ndarray:
        batches.append(list(texts))
        if len(batches) == 3:
            raise OSError("killed")
        return real(self, texts)

    monkeypatch.setattr(HashEmbedder, "embed_passages", fails_on_the_third_batch)
    with pytest.raises(StoreWriteError):
        ingest(settings)
    done = {t for batch in batches[:2] for t in batch}
    assert len(done) > 32
    journaled = journal.load()
    assert set(journaled) == {sentence_key(t) for t in done}  # the two batches embedded, saved as it stopped
    for text in done:
        np.testing.assert_array_equal(journaled[sentence_key(text)], real(HashEmbedder(), [text])[0])

    monkeypatch.setattr(HashEmbedder, "embed_passages", real)
    report = ingest(settings)
    assert batches[2][0] not in done
    assert report.embedded == len(set(texts_of(settings))) - len(done)
    assert report.reused == report.chunks - report.embedded
    assert not journal.folder.parent.exists()  # finished: the collection holds every vector
    assert ingest(settings).unchanged


def test_the_journal_is_written_every_journal_every_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate(20, tmp_path / "corpus", seed=3)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "idx", embedder="hash")
    monkeypatch.setattr(pipeline, "JOURNAL_EVERY", 32)
    saved: list[int] = []
    real_save = VectorCache.save

    def counting_save(self: VectorCache, vectors: dict[str, np.ndarray]) -> bool:
        saved.append(len(vectors))
        return real_save(self, vectors)

    monkeypatch.setattr(VectorCache, "save", counting_save)
    report = ingest(settings)
    assert sum(saved) == report.embedded
    assert len(saved) >= 3
    assert all(32 <= n < 64 for n in saved[:-1])  # a save once 32 new vectors are pending (a batch adds <= 32)
    assert saved[-1] < 32  # the rest, as the ingest finishes
