"""English WordNet read from its database files (wndb(5)): a toy database for the format, the files
Debian's wordnet-base installs for the real bridge, and everything working as before without them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.core import wordnet
from assistant.core.dictionary import get_dictionary
from assistant.core.dictionary import load as load_dictionary
from assistant.core.text import index_terms
from assistant.retrieval import vocabulary
from assistant.retrieval.lexical import BM25
from assistant.retrieval.vocabulary import Vocabulary

INSTALLED = (wordnet.WORDNET_DIR / "index.noun").is_file()


def _line(offset: int, words: list[str], pointers: list, offsets: dict[str, int]) -> str:
    """One data line: offset, lexicographer file, type, word count (hex), words with lex ids, pointers."""
    listed = " ".join(f"{w} 0" for w in words)
    pointed = "".join(f" {s} {offsets.get(k, 0):08d} {p} 0000" for s, k, p in pointers)
    return f"{offset:08d} 03 n {len(words):02x} {listed} {len(pointers):03d}{pointed} | a gloss\n"


def _write_database(directory: Path) -> None:
    """A toy WordNet: the noun "pupil" (two senses: a learner, then the eye's), its synonyms, a
    hypernym and a derivationally related verb; offsets are the lines' byte offsets as in wndb(5)."""
    header = "  1 This is a toy WordNet database in the format of wndb(5).\n"
    files = {
        "noun": [("learner", ["student", "pupil", "educatee"], [("@", "person", "n"), ("+", "study", "v")]),
                 ("eye", ["pupil"], []), ("person", ["person", "individual"], [])],
        "verb": [("study", ["study", "learn"], [])],
    }
    offsets: dict[str, int] = {}
    for entries in files.values():  # offsets are 8 digits wide, so a line's length does not depend on them
        at = len(header)
        for key, words, pointers in entries:
            offsets[key] = at
            at += len(_line(0, words, pointers, {}))
    for pos in wordnet.PARTS_OF_SPEECH:
        lines = [_line(offsets[k], w, p, offsets) for k, w, p in files.get(pos, [])]
        (directory / f"data.{pos}").write_text(header + "".join(lines))
    index = {
        "noun": [f"educatee n 1 0 1 0 {offsets['learner']:08d} ",
                 f"pupil n 2 2 @ + 2 2 {offsets['learner']:08d} {offsets['eye']:08d} ",
                 f"student n 1 0 1 1 {offsets['learner']:08d} "],
        "verb": [f"study v 1 0 1 1 {offsets['study']:08d} "],
    }
    for pos in wordnet.PARTS_OF_SPEECH:
        (directory / f"index.{pos}").write_text(header + "".join(f"{line}\n" for line in index.get(pos, [])))


def test_a_toy_database_gives_senses_synonyms_and_pointers(tmp_path: Path) -> None:
    _write_database(tmp_path)
    net = wordnet.load(tmp_path)
    assert net is not None
    assert [net.synset(pos, offset).words for pos, offset in net.senses("pupil")] == [
        ("student", "pupil", "educatee"), ("pupil",)]
    assert net.synonyms("pupil") == ("student", "educatee")
    assert net.synonyms("Pupil", ("@",)) == ("student", "educatee", "person", "individual")
    assert net.synonyms("pupil", ("+",)) == ("student", "educatee", "study", "learn")
    assert net.synonyms("teacher") == ()


def test_the_toy_database_bridges_a_word_the_dictionary_lacks(tmp_path: Path) -> None:
    _write_database(tmp_path)
    dictionary = get_dictionary()
    bridged = load_dictionary(wordnet=wordnet.load(tmp_path))
    assert dictionary.to_indonesian("pupil") == ()  # the dictionary has no "pupil"
    assert bridged.synonym_translations("pupils") == bridged.to_indonesian("student")[:3]
    assert bridged.synonym_translations("educatee") == bridged.to_indonesian("student")[:3]
    assert bridged.synonym_translations("study") == ("belajar",)  # through its synonym "learn"
    assert bridged.synonym_translations("person") == ()  # "individual" has no entry


def test_without_wordnet_everything_works_as_before(tmp_path: Path) -> None:
    (tmp_path / "index.noun").write_text("")  # an incomplete database counts as none
    assert wordnet.load(tmp_path) is None
    assert wordnet.load(tmp_path / "absent") is None
    plain = load_dictionary(wordnet=None)
    assert plain.synonym_translations("pupil") == ()
    vocabulary = Vocabulary(BM25([index_terms("Para murid membaca buku.")]), plain, _all_close)
    assert vocabulary.translations("pupil", "en") == ()
    assert vocabulary.translations("book", "en") == ("buku",)


def _all_close(words: list[str]) -> np.ndarray:
    """Every word the same vector: any proposal the corpus has passes the embedder."""
    return np.ones((len(words), 4), dtype=np.float32) / 2.0


def _cosines(query: str, cosine: dict[str, float]):
    """Word vectors whose cosine with ``query`` is ``cosine[word]`` (0 for a word not listed)."""
    def vectors(words: list[str]) -> np.ndarray:
        out = []
        for word in words:
            c = 1.0 if word == query else cosine.get(word, 0.0)
            out.append([c, np.sqrt(1 - c * c), 0.0] if word in cosine or word == query else [0.0, 0.0, 1.0])
        return np.asarray(out, dtype=np.float32)
    return vectors


@pytest.mark.skipif(not INSTALLED, reason="needs Debian's wordnet-base (make setup installs it)")
def test_the_installed_wordnet_reads_senses_most_frequent_first() -> None:
    net = wordnet.get_wordnet()
    assert net is not None
    assert net.synonyms("pupil")[:2] == ("student", "educatee")
    first = net.synset(*net.senses("determine")[0])
    assert first.words == ("determine", "find", "find out", "ascertain")
    assert net.synset(*net.senses("level")[0]).pos == "noun"


@pytest.mark.skipif(not INSTALLED, reason="needs Debian's wordnet-base (make setup installs it)")
def test_the_installed_wordnet_bridges_uncovered_question_words() -> None:
    dictionary = get_dictionary()
    assert "murid" in dictionary.synonym_translations("pupils")  # pupil -> student -> murid
    assert dictionary.synonym_translations("determine")[:2] == ("temu", "menemukan")  # find
    assert dictionary.synonym_translations("teacher") == ()  # in the dictionary itself
    vocabulary = Vocabulary(BM25([index_terms("Para murid membaca buku di perpustakaan.")]), dictionary, _all_close)
    assert vocabulary.translations("pupils", "en") == ("murid",)


@pytest.mark.skipif(not INSTALLED, reason="needs Debian's wordnet-base (make setup installs it)")
def test_a_listed_word_keeps_its_own_translations_unless_a_sense_margin_is_set(monkeypatch) -> None:
    # "test" is listed as coba; its WordNet synonym "examine" (verb, first sense) gives ujian. The corpus has both.
    corpus = BM25([index_terms("Hasil ujian siswa naik. Mereka coba lagi.")])
    closer = _cosines("test", {"ujian": 0.93, "coba": 0.86})
    assert Vocabulary(corpus, get_dictionary(), closer).translations("test", "en") == ("coba",)  # the default
    monkeypatch.setattr(vocabulary, "SENSE_MARGIN", 0.05)
    assert Vocabulary(corpus, get_dictionary(), closer).translations("test", "en") == ("ujian",)  # the wrong sense loses
    alike = _cosines("test", {"ujian": 0.88, "coba": 0.86})
    assert Vocabulary(corpus, get_dictionary(), alike).translations("test", "en") == ("coba",)  # not clearly closer


@pytest.mark.skipif(not INSTALLED, reason="needs Debian's wordnet-base (make setup installs it)")
def test_a_synonym_translation_must_be_close_to_the_word() -> None:
    corpus = BM25([index_terms("Para murid membaca buku.")])
    assert Vocabulary(corpus, get_dictionary(), _cosines("pupil", {"murid": 0.9})).translations("pupil", "en") == ("murid",)
    assert Vocabulary(corpus, get_dictionary(), _cosines("pupil", {"murid": 0.5})).translations("pupil", "en") == ()
