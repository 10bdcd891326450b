"""WordNet (Debian's wordnet-base) read from its own files, and the stand-ins it gives for an English word
the English-Indonesian dictionary lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.dictionary import get_dictionary
from assistant.core.text import index_terms
from assistant.core.wordnet import WordNet, WordNetMissingError, get_wordnet, parse_synset, stand_ins
from assistant.retrieval.lexical import BM25
from assistant.retrieval.vocabulary import Vocabulary


def test_a_data_line_gives_lemmas_hypernyms_and_derived_forms() -> None:
    line = ("10677271 18 n 02 supplier 0 provider 0 003 @ 09882007 n 0000 + 02327218 v 0201 "
            "+ 02327218 v 0102 | someone whose business is to supply a particular service or commodity  ")
    synset = parse_synset("noun", line)
    assert synset.lemmas == ("supplier", "provider")
    assert synset.hypernyms == (9882007,)
    assert synset.derived == (("provider", "verb", 2327218, 1), ("supplier", "verb", 2327218, 2))
    adjective = parse_synset("adj", "01234567 00 s 02 galore(ip) 0 in_abundance 0 000 | plenty  ")
    assert adjective.lemmas == ("galore", "in abundance")


def test_the_installed_wordnet_orders_senses_by_frequency() -> None:
    wordnet = get_wordnet()
    pupil = wordnet.senses("pupil", "noun")
    assert pupil[0].lemmas == ("student", "pupil", "educatee")  # the learner before the eye's aperture
    assert wordnet.senses("carry out", "verb") and wordnet.has("Pupil")
    assert wordnet.senses("supplier", "noun")[0].derivations(wordnet, "supplier") == ["supply"]
    assert wordnet.senses("no-such-word", "noun") == ()


def test_stand_ins_are_synonyms_the_other_resource_knows_then_hypernyms() -> None:
    wordnet = get_wordnet()
    dictionary = get_dictionary()
    known = lambda word: bool(dictionary.to_indonesian(word))  # noqa: E731
    assert stand_ins("pupil", known, wordnet)[:1] == ["student"]
    assert "necessity" in stand_ins("requirement", known, wordnet)
    # "stocking" has no synonym in its commonest senses: one level up, what it is a kind of
    assert stand_ins("stocking", lambda word: word in {"hose", "supply"}, wordnet) == ["hose", "supply"]
    assert stand_ins("pupil", lambda word: False, wordnet) == []


def test_a_missing_wordnet_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(WordNetMissingError, match="apt-get install wordnet-base"):
        WordNet(tmp_path)


def test_a_word_the_dictionary_lacks_reaches_the_corpus_through_a_synonym() -> None:
    dictionary = get_dictionary()
    assert dictionary.to_indonesian("pupils") == ()
    corpus = ["Sebanyak 30 siswa kelas V mengikuti tes.", "Guru menilai hasil belajar."]
    vocabulary = Vocabulary(BM25([index_terms(t) for t in corpus]), dictionary)
    assert "siswa" in vocabulary.translations("pupils", "en")  # pupil -> student -> siswa (in the corpus)
