"""The bilingual lexicon a thesis teaches about itself through its two abstracts: which sections are
the pair, how their sentences align, what the dictionary leaves over, and which English words the
vocabulary then reaches. Real collection files (dev split) and the real e5 embedder; list pairing and
leftovers are pure logic over the real dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.dictionary import get_dictionary
from assistant.core.text import index_terms, stem
from assistant.retrieval.abstract_lexicon import Leftovers, Pair, abstract_sides, align, learn, split_lists
from assistant.retrieval.lexical import BM25
from assistant.retrieval.vocabulary import Vocabulary

COLLECTION = Path(__file__).resolve().parent.parent / "evals" / "collection"
WITH_ABSTRACTS = "lingkungan-kualitas-air-sungai.docx"  # dev: ABSTRAK then ABSTRACT
WITHOUT_ABSTRACTS = "manajemen-sdm.txt"  # dev: BAB IV-V only


@pytest.fixture(scope="module")
def embedder():
    from assistant.index.embeddings import get_embedder

    return get_embedder("e5")


def _chunks(name: str, embedder):
    from ingest.chunk import chunk_document
    from ingest.parse import parse_file

    return chunk_document(parse_file(COLLECTION / name), embedder.fits)


@pytest.fixture(scope="module")
def chunks(embedder):
    return _chunks(WITH_ABSTRACTS, embedder)


def test_the_english_abstract_is_paired_with_its_indonesian_neighbour(chunks, embedder) -> None:
    sides = abstract_sides(chunks)
    assert len(sides) == 1
    english, indonesian = sides[0]
    assert any(s.startswith("Keywords") for s in english)
    assert any(s.startswith("Kata kunci") for s in indonesian)
    assert abstract_sides(_chunks(WITHOUT_ABSTRACTS, embedder)) == []


def test_sentences_align_in_order_and_the_keyword_lists_item_by_item(chunks, embedder) -> None:
    english, indonesian = abstract_sides(chunks)[0]
    pairs = align(english, indonesian, embedder.embed_passages)
    assert len(pairs) >= len(english) - 2
    positions = [indonesian.index(p.indonesian) for p in pairs]
    assert positions == sorted(positions)
    keywords = next(p for p in pairs if p.english.startswith("Keywords"))
    assert keywords.indonesian.startswith("Kata kunci")
    items = split_lists(keywords)
    assert len(items) > 2 and items[0] == Pair("Keywords", "Kata kunci")


def test_a_list_is_split_only_when_both_sides_have_as_many_items() -> None:
    pair = Pair("Keywords: riverbank, upstream, waste", "Kata kunci: bantaran, hulu, limbah")
    assert split_lists(pair)[1:] == [Pair("riverbank", "bantaran"), Pair("upstream", "hulu"), Pair("waste", "limbah")]
    uneven = Pair("Keywords: riverbank, upstream", "Kata kunci: bantaran, hulu, limbah")
    assert split_lists(uneven) == [uneven]
    assert split_lists(Pair("No list here.", "Tidak ada daftar.")) == [Pair("No list here.", "Tidak ada daftar.")]


def test_what_the_dictionary_explains_is_not_left_over() -> None:
    english, indonesian = Leftovers(get_dictionary()).split(
        Pair("The riverbank residents throw household waste into the river.",
             "Warga bantaran membuang sampah rumah tangga ke sungai."))
    assert "river" not in english and "sungai" not in indonesian  # a dictionary pair
    assert "riverbank" in english and "bantaran" in indonesian  # what is left pairs up


def test_the_abstracts_teach_words_the_dictionary_lacks(chunks, embedder) -> None:
    bm25 = BM25([index_terms(c.text) for c in chunks])
    known = lambda word: word in bm25 or stem(word) in bm25  # noqa: E731
    lexicon = learn(chunks, get_dictionary(), embedder.embed_passages, known)
    assert "bantaran" in lexicon.get("riverbank", ())
    assert all(known(t.split()[0]) for terms in lexicon.values() for t in terms)


def test_the_vocabulary_translates_by_the_lexicon_only_what_the_dictionary_does_not(chunks, embedder) -> None:
    bm25 = BM25([index_terms(c.text) for c in chunks])
    english = {i for i, c in enumerate(chunks) if sum(s.language == "en" for s in c.sentences) * 2 > len(c.sentences)}
    learnt: list[str] = []

    def lexicon(wanted):
        found = learn(chunks, get_dictionary(), embedder.embed_passages, lambda w: w in bm25 or stem(w) in bm25,
                      wanted)
        learnt.extend(found)
        return found

    vocabulary = Vocabulary(bm25, get_dictionary(), embedder.embed_passages, english.__contains__, lexicon)
    plain = Vocabulary(bm25, get_dictionary(), embedder.embed_passages, english.__contains__)
    assert "bantaran" in vocabulary.translations("riverbank", "en")
    assert "bantaran" not in plain.translations("riverbank", "en")
    assert vocabulary.translations("river", "en") == plain.translations("river", "en")  # the dictionary's
    assert "river" not in learnt
