"""The corpus vocabulary: which Indonesian words of a corpus an English question word reaches
(dictionary translations the corpus uses, function words, cognates, two-word phrases), with a
deterministic fake embedder for the logic and the real e5 where the point is the embedder."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from assistant.answering.analysis import analyse
from assistant.core.dictionary import get_dictionary
from assistant.core.text import index_terms
from assistant.retrieval.lexical import BM25
from assistant.retrieval.retrieve import gloss_of
from assistant.retrieval.vocabulary import Vocabulary, loan_spelling

# words the fake embedder puts close together (cosine 0.95); every other word is near-orthogonal
_CLOSE = [{"respondents", "responden"}, {"cycle", "siklus"}, {"consumer", "konsumen"},
          {"supervised", "supervisors"}, {"sukamaju", "sukamulya"}]


def _fake_vectors(words: list[str]) -> np.ndarray:
    """A unit vector per word: a shared direction for the words of one ``_CLOSE`` group plus a
    small hashed part of its own."""
    out = []
    for word in words:
        own = np.random.default_rng(int(hashlib.sha1(word.encode()).hexdigest()[:8], 16)).normal(size=64)
        group = next((min(g) for g in _CLOSE if word in g), word)
        shared = np.random.default_rng(int(hashlib.sha1(group.encode()).hexdigest()[:8], 16)).normal(size=64)
        vector = shared / np.linalg.norm(shared) + (0.3 if group != word else 1.0) * own / np.linalg.norm(own)
        out.append(vector / np.linalg.norm(vector))
    return np.asarray(out, dtype=np.float32)


def _vocabulary(*texts: str, vectors=_fake_vectors) -> Vocabulary:
    """A vocabulary over texts; a text starting "Abstract:" is the corpus' English part."""
    english = {i for i, t in enumerate(texts) if t.startswith("Abstract:")}
    return Vocabulary(BM25([index_terms(t) for t in texts]), get_dictionary(), vectors, english.__contains__)


def test_loanwords_are_spelt_the_indonesian_way() -> None:
    assert [loan_spelling(w) for w in ("cycle", "coefficient", "percentage", "initiator", "agro-industry",
                                       "process")] == ["sikle", "koefisient", "persentage", "inisiator",
                                                       "agroindustri", "proses"]


def test_a_function_word_translation_beats_a_rare_sense() -> None:
    # "second" is kedua (a stopword, not indexed) or detik; the corpus has no detik: kedua, not nothing
    vocabulary = _vocabulary("Pada siklus kedua nilai siswa naik.", "Hasil tes siswa meningkat.")
    assert vocabulary.translations("second", "en") == ("kedua",)
    # without the function word the English word's only corpus sense would have been the rare one
    with_detik = _vocabulary("Pada siklus kedua nilai siswa naik dalam 30 detik.")
    assert "kedua" in with_detik.translations("second", "en")


def test_a_word_the_corpus_has_only_in_english_still_reaches_its_indonesian_cognate() -> None:
    vocabulary = _vocabulary("Responden penelitian ini 40 orang pada siklus pertama.",
                             "Abstract: the respondents were 40 pupils in the first cycle.")
    assert vocabulary.knows("respondents")  # in the English abstract
    assert vocabulary.translations("respondents", "en") == ("responden",)
    assert vocabulary.translations("cycle", "en") == ("siklus",)


def test_a_name_in_the_indonesian_text_stands_for_itself() -> None:
    vocabulary = _vocabulary("Warga Desa Sukamaju dan Desa Sukamulya mengadu.", "Abstract: villagers of Sukamaju.")
    assert vocabulary.translations("sukamaju", "en") == ()
    # only in the English part, the same word would have been looked for in Indonesian spelling
    assert _vocabulary("Desa Sukamulya.", "Abstract: Sukamaju.").translations("sukamaju", "en") == ("sukamulya",)


def test_a_cognate_competes_with_a_dictionary_translation() -> None:
    # the dictionary says pemakai/pengguna; the corpus writes konsumen, which the embedder prefers
    vocabulary = _vocabulary("Perlindungan konsumen diatur undang-undang. Pengguna layanan mengadu.")
    assert vocabulary.translations("consumer", "en") == ("konsumen",)


def test_english_words_of_the_corpus_are_not_cognates() -> None:
    vocabulary = _vocabulary("The supervisors approved it. Penelitian ini disetujui pembimbing.")
    # the English "supervisors" of the abstract is no cognate; the genre's own words are what it reaches
    found = vocabulary.translations("supervised", "en")
    assert found and set(found) <= {"pembimbing", "bimbingan"}
    assert _vocabulary("The supervisors approved it. Data diolah.").translations("supervised", "en") == ()


def test_a_false_friend_is_no_cognate() -> None:
    # spelt alike and close for the embedder, but the dictionary says "panen" is harvest, and "presisi" is
    # spelt as the loan of "precision", not of "presided"
    close = [{"panel", "panen"}, {"presided", "presisi"}, {"consumer", "konsumen"}]
    def vectors(words):
        global _CLOSE
        saved, _CLOSE = _CLOSE, close
        try:
            return _fake_vectors(words)
        finally:
            _CLOSE = saved
    vocabulary = _vocabulary("Hasil panen naik. Pengukuran dengan presisi tinggi. Hak konsumen.", vectors=vectors)
    assert vocabulary.translations("panel", "en") == ()
    assert vocabulary.translations("presided", "en") == ()
    assert vocabulary.translations("consumer", "en") == ("konsumen",)


def test_a_possessive_is_translated_as_its_noun() -> None:
    vocabulary = _vocabulary("Pendapatan desa naik. Warga desa bekerja.")
    assert vocabulary.translations("village's", "en") == vocabulary.translations("village", "en") == ("desa",)
    assert vocabulary.translations("villages'", "en") == ("desa",)


def test_a_two_word_phrase_is_translated_whole() -> None:
    vocabulary = _vocabulary("Pendapatan bersih rata-rata responden Rp 2.750.000 per bulan.")
    assert vocabulary.phrase_translations(["how", "is", "net", "income", "defined"], "en") == {
        "net": ("pendapatan bersih",), "income": ("pendapatan bersih",)}
    assert vocabulary.phrase_translations(["pendapatan", "bersih"], "id") == {}
    analysed = analyse("How is net income defined?", (), vocabulary, "en")
    net = next(t for t in analysed.terms if t.word == "net")
    assert net.known is True and "bersih" in net.forms
    assert "bersih" in analysed.query_terms


def test_the_gloss_says_an_english_question_in_the_corpus_words() -> None:
    vocabulary = _vocabulary("Pendapatan bersih rata-rata responden Rp 2.750.000 per bulan.", "Warga Desa Sukamaju mengadu.")
    # each word's corpus-used translations in the question's order, a phrase's once; a name or a word
    # with no translation as it is
    assert gloss_of(analyse("How is net income defined?", (), vocabulary, "en")) == "pendapatan bersih pendapatan defined"
    assert gloss_of(analyse("How much did the Sukamaju respondents earn per month?", (), vocabulary, "en")) == (
        "sukamaju responden earn bulan")
    assert gloss_of(analyse("Who wrote it?", (), vocabulary, "en")) == ""  # nothing translates: no second search


def test_an_indonesian_question_is_unchanged_by_english_rules() -> None:
    vocabulary = _vocabulary("Pada siklus kedua nilai siswa naik.")
    assert vocabulary.translations("kedua", "id") == ()  # no English function word makes it known
    analysed = analyse("Berapa nilai siswa pada siklus kedua?", (), vocabulary, "id")
    assert analysed.coverage == 1.0 and analysed.unknown_words == ()


@pytest.fixture(scope="module")
def e5():
    from assistant.index.embeddings import get_embedder

    return get_embedder("e5")


def test_the_real_embedder_picks_the_corpus_own_word(e5) -> None:
    vocabulary = _vocabulary(
        "Perlindungan konsumen diatur dalam undang-undang. Pengguna layanan daring mengadu ke lembaga.",
        "Pada siklus kedua, 22 siswa tuntas.", "Abstract: the respondents were pupils of the second cycle.",
        "Pendapatan bersih rata-rata responden Rp 2.750.000 per bulan. Koefisien korelasi 0,614.",
        vectors=e5.embed_passages,
    )
    # the cognate competes and is kept; the dictionary's sense the corpus also uses stays beside it (within the
    # English arbitration margin, ARBITRATION_MARGIN_EN)
    assert set(vocabulary.translations("consumer", "en")) == {"konsumen", "pengguna"}
    assert vocabulary.translations("cycle", "en") == ("siklus",)
    assert vocabulary.translations("respondents", "en") == ("responden",)
    assert vocabulary.translations("coefficient", "en") == ("koefisien",)
    assert vocabulary.translations("second", "en") == ("kedua",)
    assert vocabulary.translations("supervised", "en") == ()


def test_the_genre_terms_come_first_and_the_corpus_still_decides() -> None:
    dictionary = get_dictionary()
    assert dictionary.to_indonesian("discussion") == ("pembahasan", "diskusi")  # diskusi: the general sense
    assert dictionary.to_indonesian("suggestions") == ("saran",)
    assert dictionary.to_indonesian("literature review") == ("tinjauan pustaka", "kajian pustaka")
    vocabulary = _vocabulary("BAB V Kesimpulan dan Saran. Saran bagi sekolah: menambah buku.")
    assert vocabulary.translations("advice", "en") == ("saran",)
    analysed = analyse("Summarise the discussion of the results.", (), _vocabulary("Hasil dan Pembahasan."), "en")
    assert analysed.unknown_words == () and analysed.coverage == 1.0


def test_every_sense_the_corpus_uses_is_kept_beside_a_closer_cognate(e5) -> None:
    # the embedder finds "rekomendasi" closer to "recommend" than "saran": a cognate looks alike, and a margin
    # of 0.03 dropped the sense the thesis' BAB V Saran is titled by
    vocabulary = _vocabulary("BAB V Kesimpulan dan Saran. Saran bagi dinas: membuat jadwal unggahan.",
                             "Rekomendasi kebijakan disusun dari hasil analisis.", vectors=e5.embed_passages)
    assert {"saran", "rekomendasi"} <= set(vocabulary.translations("recommend", "en"))
