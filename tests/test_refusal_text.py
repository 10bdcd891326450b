"""A refusal's closest sentence names its language only when it is not the question's: a thesis may be
written in English, so "in Indonesian" is not always true (pure logic of ``Assistant._refusal_text``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.assistant import Assistant
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage

INDONESIAN = "Rata-rata nilai kelompok eksperimen naik dari 61,2 menjadi 78,4 setelah perlakuan."
ENGLISH = "The experimental group's mean score rose from 61.2 to 78.4 after the treatment."


def _evidence(text: str, language: str) -> Evidence:
    sentence = Sentence(text, 0, len(text), None, language)
    chunk = Chunk("c1", text, "a.pdf", 4, "HASIL", "4.2", "Hasil", "4.2", 0, 0, len(text), (sentence,))
    return Evidence(Passage(chunk, 0.9, 1), sentence, 0.9)


def _refusal(language: str, evidence: Evidence) -> str:
    fake = SimpleNamespace(embedder=SimpleNamespace(id="e5"))  # _refusal_text reads only the embedder's id
    return Assistant._refusal_text(fake, language, [evidence])


@pytest.mark.parametrize(("question", "text", "quoted", "label"), [
    ("en", INDONESIAN, "id", "(section 4.2, in Indonesian)"),
    ("en", ENGLISH, "en", "(section 4.2)"),
    ("id", ENGLISH, "en", "(bagian 4.2, dalam bahasa Inggris)"),
    ("id", INDONESIAN, "id", "(bagian 4.2)"),
])
def test_the_closest_sentence_is_labelled_by_its_own_language(question, text, quoted, label):
    refusal = _refusal(question, _evidence(text, quoted))
    assert f"{label}: “{text}”" in refusal


def test_an_untagged_sentence_is_labelled_by_its_detected_language():
    assert "in Indonesian" not in _refusal("en", _evidence(ENGLISH, ""))
    assert "dalam bahasa Inggris" in _refusal("id", _evidence(ENGLISH, ""))
