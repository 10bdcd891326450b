"""Translations through another language's pair of FreeDict dictionaries (English -> X, X -> Indonesian):
a second route for an English word the English-Indonesian dictionary lacks or gives in another sense."""

from __future__ import annotations

import pytest

from assistant.core.dictionary import Dictionary, pivot_dictionaries, pivot_translations, route
from assistant.core.text import index_terms
from assistant.retrieval import vocabulary as vocabulary_module
from assistant.retrieval.lexical import BM25
from assistant.retrieval.vocabulary import Vocabulary


def _dictionary(pairs: dict[str, tuple[str, ...]]) -> Dictionary:
    inverse: dict[str, tuple[str, ...]] = {}
    for source, targets in pairs.items():
        for target in targets:
            inverse[target] = (*inverse.get(target, ()), source)
    return Dictionary(pairs, inverse)


def test_a_word_reaches_indonesian_through_another_language() -> None:
    dutch = (_dictionary({"test": ("toets", "proef")}),
             _dictionary({"toets": ("ujian",), "proef": ("percobaan", "een kleine hoeveelheid om te proeven")}))
    finnish = (_dictionary({"test": ("koe",)}), _dictionary({"koe": ("ujian", "tes")}))
    # every route's translations, each once; a gloss (more than two words) is no translation
    assert route("test", (dutch, finnish)) == ("ujian", "percobaan", "tes")
    assert route("tested", (dutch,)) == ("ujian", "percobaan")  # through its lemma
    assert route("pupil", (dutch, finnish)) == ()


def test_a_route_gives_the_corpus_sense_the_dictionary_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = ["Hipotesis diuji dengan ujian statistik.", "Data dikumpulkan melalui kuesioner."]
    terms = BM25([index_terms(t) for t in corpus])
    monkeypatch.setattr(vocabulary_module, "PIVOT_MIN", 0)  # off: the dictionary's coba, not this corpus' word
    assert Vocabulary(terms, _dictionary({"test": ("coba",)})).translations("test", "en") == ()
    monkeypatch.setattr(vocabulary_module, "PIVOT_MIN", 0.9)
    monkeypatch.setattr(vocabulary_module, "pivot_translations", lambda word: ("ujian", "percobaan"))
    # only what the corpus writes (no embedder here to vet it)
    assert Vocabulary(terms, _dictionary({"test": ("coba",)})).translations("test", "en") == ("ujian",)


def test_the_installed_pairs() -> None:
    # make system-packages (run by make test and make chat) installs the pairs: without them the route is silently off
    assert pivot_dictionaries(), "no FreeDict pivot pair installed: run make system-packages"
    assert "ujian" in pivot_translations("test")


def test_an_english_word_the_route_left_untranslated_is_no_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = ["Ujian dilakukan dua kali.", "The students go home."]  # an abstract's English beside Indonesian
    terms = BM25([index_terms(t) for t in corpus])
    dictionary = _dictionary({"test": ("coba",), "go": ("pergi",)})
    monkeypatch.setattr(vocabulary_module, "pivot_translations", lambda word: ("go", "ujian"))
    assert Vocabulary(terms, dictionary).translations("test", "en") == ("ujian",)
    monkeypatch.setattr(vocabulary_module, "PIVOT_NOT_ENGLISH", 0)
    assert Vocabulary(terms, dictionary).translations("test", "en") == ("go", "ujian")
