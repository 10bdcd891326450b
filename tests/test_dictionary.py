"""The English-Indonesian dictionary read from Debian's dictd files, and the corpus vocabulary
that arbitrates between its translations."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from assistant.core.dictionary import DictionaryMissingError, english_lemmas, get_dictionary, load, parse_entry
from assistant.retrieval.lexical import BM25
from assistant.core.text import index_terms
from assistant.retrieval.vocabulary import Vocabulary


def test_entries_are_parsed_with_numbered_senses() -> None:
    entry = ("cooperation //koʊˌɒpəˈɹeɪʃən// <n>\n1. kerja sama\nact of cooperating\n2. koperasi\n"
             "association for mutual benefit\n")
    assert parse_entry(entry) == ("cooperation", ["kerja sama", "koperasi"], "n")
    assert parse_entry("sign //saɪn// <n>\ntanda 2.\nmedicine: property\n 3.\nflat object\n") == ("sign", ["tanda"], "n")


def test_installed_dictionary_both_directions_and_stems() -> None:
    dictionary = get_dictionary()
    assert dictionary.to_indonesian("budget") == ("irit", "anggaran", "bujet")  # general: the corpus decides
    assert dictionary.to_indonesian("villages") == ("kampung", "desa")  # through the English stem
    assert "farmer" in dictionary.to_english("petani")
    assert dictionary.parts_of_speech["agency"] == frozenset({"n"})


def test_an_irregular_or_suffixed_form_is_looked_up_by_its_lemma() -> None:
    dictionary = get_dictionary()
    # no stem of these is a headword's stem: "chosen" is not "choos", "highest" not "high"
    assert dictionary.to_indonesian("chosen") == dictionary.to_indonesian("choose") == ("pilih", "memilih")
    assert dictionary.to_indonesian("brought") == ("membawa", "bawa")
    assert dictionary.to_indonesian("highest") == ("tertinggi", "tinggi")  # and its superlative
    assert english_lemmas("wrote") == ("write",) and english_lemmas("write") == ()
    # "found" (establish) has no entry: its lemma find; a word with an entry of its own keeps it
    assert dictionary.to_indonesian("found") == dictionary.to_indonesian("find") == ("temu", "menemukan")
    assert dictionary.to_indonesian("budget") == ("irit", "anggaran", "bujet")


def test_a_missing_dictionary_names_the_package(tmp_path: Path) -> None:
    with pytest.raises(DictionaryMissingError, match="apt-get install dict-freedict-eng-ind"):
        load(tmp_path)


def test_a_small_dictd_file_is_read(tmp_path: Path) -> None:
    body = "farmer /f/ <n>\npetani, peternak\nperson who farms\n".encode()
    (tmp_path / "toy.dict.dz").write_bytes(gzip.compress(body))
    (tmp_path / "toy.index").write_text(f"farmer\tA\t{'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[len(body) // 64]}"
                                        f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[len(body) % 64]}\n")
    dictionary = load(tmp_path, "toy")
    assert dictionary.to_indonesian("farmers") == ("petani", "peternak")
    assert dictionary.to_english("peternak") == ("farmer",)


def test_the_corpus_keeps_only_the_translations_it_uses() -> None:
    corpus = BM25([index_terms("Anggaran desa dipakai untuk irigasi. Para petani menerima bantuan.")])
    vocabulary = Vocabulary(corpus, get_dictionary())
    assert vocabulary.translations("budget", "en") == ("anggaran",)  # "irit" and "bujet" are not in it
    assert vocabulary.translations("village", "en") == ("desa",)
    assert vocabulary.translations("population", "en") == ()
    assert vocabulary.knows("petani") and not vocabulary.knows("penduduk")


def test_a_superlative_is_the_prefix_ter_on_its_adjectives_translation() -> None:
    from assistant.core.dictionary import superlatives

    assert superlatives("highest", ["tinggi"]) == ["tertinggi"]
    assert superlatives("lowest", ["rendah"]) == ["terendah"]  # ter- + rendah: the r written once
    assert superlatives("largest", ["besar", "lebih besar", "rata-rata"]) == ["terbesar"]  # one word only
    assert superlatives("honest", ["jujur"]) == [] and superlatives("test", ["uji"]) == []  # no superlatives
    assert superlatives("high", ["tinggi"]) == []
    dictionary = get_dictionary()
    assert dictionary.to_indonesian("highest") == ("tertinggi", "tinggi")
    assert dictionary.to_indonesian("lowest") == ("terendah", "rendah")


def test_a_results_chapters_measuring_words_are_genre_terms() -> None:
    dictionary = get_dictionary()
    # the dictionary lacks these, or gives another trade's sense (a score of music, a share of stock)
    assert dictionary.to_indonesian("average") == ("rata-rata", "rerata")
    assert dictionary.to_indonesian("mean") == ("rata-rata", "rerata", "arti")
    assert dictionary.to_indonesian("scores") == ("skor", "nilai")
    assert dictionary.to_indonesian("share") == ("persentase", "proporsi", "bagian")
    assert dictionary.to_indonesian("reached") == ("mencapai", "capai")
    assert dictionary.to_indonesian("increased") == ("kenaikan", "peningkatan", "meningkat", "naik")
    assert dictionary.is_noun("reach") is False and dictionary.is_noun("average") is True


def test_english_stem_from_several_threads_at_once():
    """A question and the background preparation of the word tables stem at the same time: each thread has
    its own Snowball stemmer (one shared stemmer raised IndexError inside snowballstemmer)."""
    import threading

    from assistant.core import dictionary

    words = [f"{base}{ending}" for base in ("connect", "organiz", "cooperat", "sign", "measur", "develop")
             for ending in ("ed", "ing", "ation", "ations", "ment", "ments", "er", "ers", "ingly", "ive")]
    expected = {w: dictionary._snowball().stemWord(w) for w in words}
    errors: list[BaseException] = []

    def stem_all() -> None:
        try:
            for _ in range(200):
                for w in words:
                    assert dictionary._snowball().stemWord(w) == expected[w]
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=stem_all) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
