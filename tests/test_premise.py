"""The false-premise check (``answering.premise.check_premise``) and the decision features that
read the best sentence for the question's particulars (``answering.features``), on sentences and
questions written for these tests (none comes from ``evals/``)."""

from __future__ import annotations

import pytest

from assistant.answering.analysis import AnalysedQuestion, Term
from assistant.answering.evidence import without_reference_entries
from assistant.answering.features import abbreviates, counts, second_margin, specific_features, unit_of
from assistant.answering.premise import check_premise, contradiction
from assistant.answering.question import Asked
from assistant.answering.refusal import another_year, counts_another, counts_modifier
from assistant.core.text import index_terms
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, Passage


def evidence(text: str, features: dict[str, float] | None = None) -> Evidence:
    chunk = Chunk("c0", text, "toy.txt", 4, "HASIL", "4.1", "Hasil", "4.1", 0, 0, len(text),
                  (Sentence(text, 0, len(text), language="id"),))
    item = Evidence(Passage(chunk, 0.9, 1), chunk.sentences[0], 0.9)
    if features is not None:
        object.__setattr__(item, "features", features)
    return item


def term(word: str, *forms: str, known: bool | None = True) -> Term:
    return Term(word, frozenset({word, *forms}), (), known, True, True)


def question(text: str, terms: tuple[Term, ...], qtype: str = "why", asked: Asked | None = None) -> AnalysedQuestion:
    return AnalysedQuestion(question=text, standalone=text, language="id", qtype=qtype, follow_up=False, asked=asked,
                            terms=terms, section_refs=(), chapter=None, injection=False, specific_words=terms)


CYCLES = "Penelitian dilaksanakan dalam dua siklus dan diikuti tiga kelompok siswa."


@pytest.mark.parametrize(
    ("text", "terms", "absent"),
    [
        # "tiga" is in the sentence, but it counts groups: the thesis counts the cycles as two
        ("Mengapa penelitian ini memerlukan tiga siklus?", (term("penelitian"), term("memerlukan"), term("siklus")),
         ("tiga",)),
        ("Mengapa penelitian ini memerlukan dua siklus?", (term("penelitian"), term("memerlukan"), term("siklus")), ()),
        # a noun the sentence never counts: the number alone decides
        ("Mengapa tiga guru ikut dalam penelitian?", (term("guru"), term("penelitian")), ()),
        ("Mengapa lima guru ikut dalam penelitian?", (term("guru"), term("penelitian")), ("lima",)),
    ],
)
def test_a_number_of_the_question_must_count_the_same_noun(text, terms, absent) -> None:
    premise = check_premise(analysis=question(text, terms), evidence=[evidence(CYCLES)])
    assert premise.absent == absent


SENTENCE = "Pada tahun 2019 akun ini memiliki 4.820 pengikut."


def test_specific_features_weigh_the_question_words_by_rarity() -> None:
    asked = Asked("pengikut", None)
    terms = (term("pengikut"), term("facebook"), term("jumlah"), term("drop", known=None))
    analysis = question("Berapa jumlah pengikut halaman facebook?", terms, "number", asked)
    idf = {"pengikut": 2.0, "facebook": 4.0, "jumlah": 1.0}
    read = set(index_terms(SENTENCE))
    values = specific_features(analysis, evidence(SENTENCE), read, idf, 4.0)
    # "drop" (no dictionary entry: cannot tell) does not count; pengikut (2) of pengikut + facebook + jumlah (7)
    assert values == {"specific_idf_best": 2 / 7, "specific_idf_passages": 2 / 7, "asked_in_best": 1.0,
                      "number_uncounted": 0.0}


def test_a_number_asked_for_a_noun_the_best_sentence_does_not_count() -> None:
    asked = Asked("guru", None)
    analysis = question("Berapa guru di sekolah itu?", (term("guru"), term("sekolah")), "number", asked)
    values = specific_features(analysis, evidence(SENTENCE), set(), {}, 1.0)
    assert (values["asked_in_best"], values["number_uncounted"]) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("text", "forms", "expected"),
    [
        ("Sebanyak 240 keluarga tersambung.", {"keluarga"}, True),  # the noun after the number
        ("Jumlah guru sekolah itu 15 orang.", {"guru"}, True),  # the noun just before it (three words)
        ("Jumlah guru di sekolah itu 15 orang.", {"guru"}, False),  # four words before: too far
        ("Sebanyak 240 keluarga tersambung.", {"guru"}, False),
        ("Tidak ada angka di sini.", {"guru"}, False),
    ],
)
def test_counts_finds_a_number_next_to_the_noun(text, forms, expected) -> None:
    assert counts(text, forms, "id") is expected


@pytest.mark.parametrize(
    ("short", "word", "expected"),
    [("Rp", "rupiah", True), ("kg", "kilogram", True), ("km", "kilometer", True),
     ("kg", "gram", False),  # another first letter
     ("rupiah", "rupiah", False),  # the word itself is no abbreviation of it
     ("pr", "rupiah", False), ("m", "meter", False)],  # letters out of order; one letter is too short to tell
)
def test_an_abbreviation_has_the_word_s_first_letter_and_its_letters_in_order(short, word, expected) -> None:
    assert abbreviates(short, word) is expected


def test_a_number_written_with_the_asked_unit_s_abbreviation_counts_it() -> None:
    # "berapa rupiah" over "Rp 1.850.000": the amount is what is asked, though "rupiah" is not written
    text = "Buku itu dibeli dari dana sekolah dengan biaya Rp 1.850.000."
    assert counts(text, {"rupiah"}, "id", "rupiah") and unit_of(text, "rupiah", "id")
    assert counts("Pakan yang habis sebanyak 12 kg setiap hari.", {"kilogram"}, "id", "kilogram")
    assert not counts(text, {"guru"}, "id", "guru")
    # a function word after the number is no unit ("dan" has the letters of "daun" in order)
    assert not unit_of("Tanaman diberi 12 dan 13 tetes.", "daun", "id")
    analysis = question("Berapa rupiah yang dihabiskan untuk membeli buku?", (term("rupiah"), term("buku")), "number",
                        Asked("rupiah", None))
    values = specific_features(analysis, evidence(text), set(), {}, 1.0)
    assert (values["asked_in_best"], values["number_uncounted"]) == (1.0, 0.0)


def test_a_percentage_of_the_question_counts_no_noun_after_it() -> None:
    # "selisih 5,1% antara daya ...": the sentence states 5,1%, though it counts "daya" with other numbers
    sentence = "Daya yang diharapkan 2.455 W, sedangkan daya terukur 2.331 W; selisih 5,1% berasal dari rugi kabel."
    terms = (term("penyebab"), term("selisih"), term("daya"))
    premise = check_premise(analysis=question("Apa penyebab selisih 5,1% antara daya yang diharapkan dan terukur?",
                                              terms), evidence=[evidence(sentence)])
    assert premise.particulars == ("5,1%",) and premise.absent == ()
    premise = check_premise(analysis=question("Apa penyebab selisih 7,5% antara daya yang diharapkan dan terukur?",
                                              terms), evidence=[evidence(sentence)])
    assert premise.absent == ("7,5%",)


def test_second_margin_is_the_best_similarity_above_the_best_other_sentence() -> None:
    ranked = [evidence("a", {"dense": 0.9}), evidence("b", {"dense": 0.85}), evidence("c", {"dense": 0.8})]
    assert second_margin({"dense": 0.9}, ranked) == pytest.approx(0.05)
    assert second_margin({"dense": 0.85}, ranked) == pytest.approx(-0.05)  # another sentence is closer
    assert second_margin({"dense": 0.9}, ranked[:1]) == 0.0
    assert second_margin({}, ranked) == 0.0


def reference_entry(text: str, section: str = "Daftar Pustaka") -> Evidence:
    chunk = Chunk("r0", text, "toy.txt", 0, section, section, section, section, 0, 0, len(text),
                  (Sentence(text, 0, len(text), language="id"),))
    return Evidence(Passage(chunk, 0.9, 1), chunk.sentences[0], 0.9)


def test_a_reference_entry_is_no_evidence_unless_a_source_is_asked_for():
    entry = reference_entry("Kementerian Pertama. 2023. Petunjuk Teknis Program Kedua. Jakarta: Direktorat Ketiga.")
    body = evidence("Program itu dibiayai dari dana desa sejak tahun 2022.")
    funded = question("Mengapa program itu dibiayai oleh Kementerian Pertama?",
                      (term("program"), term("dibiayai", "biaya")))
    assert without_reference_entries(funded, [entry, body]) == [body]
    assert without_reference_entries(funded, [entry]) == []
    # a question asking for the source, or naming the reference list, keeps the entries
    source = question("Apa sumber petunjuk teknis program itu?", (term("sumber"), term("petunjuk")))
    assert without_reference_entries(source, [entry, body]) == [entry, body]
    assert without_reference_entries(funded, [entry, body], named=("Daftar Pustaka",)) == [entry, body]
    # an English reference list is one too; other named parts are not
    assert without_reference_entries(funded, [reference_entry("Author, A. 2020. A Guide.", "References")]) == []
    abstract = reference_entry("Penelitian ini dibiayai dari dana desa.", "Abstrak")
    assert without_reference_entries(funded, [abstract]) == [abstract]


def passage(*texts: str, section: str = "4.1") -> Passage:
    text = " ".join(texts)
    sentences, at = [], 0
    for sentence in texts:
        sentences.append(Sentence(sentence, at, at + len(sentence), language="id"))
        at += len(sentence) + 1
    chunk = Chunk("p-" + section, text, "toy.txt", 4, "HASIL", section, "Hasil", section, 0, 0, len(text),
                  tuple(sentences))
    return Passage(chunk, 0.9, 1)


FOUNDED = "Desa itu ditetapkan sebagai desa wisata pada tahun 2017 oleh bupati."
AIM = "Penelitian ini bertujuan mendeskripsikan perubahan di desa wisata itu."


def test_a_sentence_giving_another_year_in_the_premise_s_place_contradicts_it() -> None:
    terms = (term("desa"), term("ditetapkan", "tetap"), term("wisata"))
    analysis = question("Mengapa desa itu ditetapkan sebagai desa wisata pada tahun 2020?", terms)
    passages = [passage(AIM, FOUNDED)]
    premise = check_premise(analysis=analysis, evidence=[evidence(AIM)], passages=passages)
    assert premise.absent == ("2020",)
    found = contradiction(analysis=analysis, premise=premise, passages=passages)
    assert (found.evidence.sentence.text, found.written, found.kind) == (FOUNDED, ("2020",), "value")
    # the thesis' own year in the question: no premise to contradict
    right = question("Mengapa desa itu ditetapkan sebagai desa wisata pada tahun 2017?", terms)
    premise = check_premise(analysis=right, evidence=[evidence(AIM)], passages=passages)
    assert contradiction(analysis=right, premise=premise, passages=passages) is None


def test_a_sentence_counting_the_question_s_noun_otherwise_contradicts_it() -> None:
    terms = (term("penelitian"), term("memerlukan"), term("siklus"))
    analysis = question("Mengapa penelitian ini memerlukan tiga siklus?", terms)
    two = "Penelitian ini dilaksanakan dalam dua siklus."
    passages = [passage(AIM, two)]
    premise = check_premise(analysis=analysis, evidence=[evidence(AIM)])
    found = contradiction(analysis=analysis, premise=premise, passages=passages)
    assert (found.evidence.sentence.text, found.written, found.kind) == (two, ("tiga",), "value")


APPEAL = "Putusan tersebut tidak pernah diajukan banding oleh penggugat."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mengapa penggugat mengajukan banding atas putusan itu?", ("mengajukan",)),
        # the question negates it itself: nothing to contradict
        ("Mengapa penggugat tidak mengajukan banding atas putusan itu?", None),
    ],
)
def test_a_sentence_negating_the_question_s_verb_contradicts_a_why_question(text, expected) -> None:
    terms = (term("penggugat"), term("mengajukan", "aju"), term("banding"), term("putusan", "putus"))
    analysis = question(text, terms)
    passages = [passage("Penggugat menerima putusan itu pada bulan Mei.", APPEAL)]
    premise = check_premise(analysis=analysis, evidence=[evidence(AIM)])
    found = contradiction(analysis=analysis, premise=premise, passages=passages)
    assert (found.written if found else None) == expected
    if found:
        assert (found.evidence.sentence.text, found.kind) == (APPEAL, "negation")


def test_a_negation_of_another_word_of_the_sentence_contradicts_nothing() -> None:
    terms = (term("nilai"), term("siswa"), term("turun"), term("siklus"))
    analysis = question("Mengapa nilai siswa turun pada siklus kedua?", terms)
    passages = [passage("Target nilai siswa belum tercapai pada siklus pertama.")]
    premise = check_premise(analysis=analysis, evidence=[evidence(AIM)])
    assert contradiction(analysis=analysis, premise=premise, passages=passages) is None


TEACHERS = "Wawancara dengan guru kelas menunjukkan kegiatan membaca lima belas menit belum rutin."


@pytest.mark.parametrize(
    ("text", "span", "sentence", "expected"),
    [
        # "how many teachers" answered with the minutes of a reading habit: the number counts minutes
        ("How many teachers work at the school?", "lima belas", TEACHERS, "menit"),
        # the number counts the asked noun, or a classifier that may count it
        ("Berapa jumlah guru di sekolah itu?", "15", "Jumlah guru di sekolah itu ada 15 guru.", None),
        ("Berapa jumlah guru di sekolah itu?", "15", "Sekolah itu memiliki 15 orang pengajar.", None),
        # the noun written just before its number ("jumlah guru ... 15")
        ("Berapa jumlah guru di sekolah itu?", "15", "Jumlah guru sekolah 15 saat itu.", None),
        # the sentence opens with the asked noun and says what it is: its number counts it, in whatever noun
        ("Berapa jumlah guru di sekolah itu?", "15", "Guru sekolah itu adalah pengajar tetap, sebanyak 15 pengajar.", None),
        # no count asked ("berapa rata-rata ..."), or a year given
        ("Berapa rata-rata nilai siswa?", "78,6", "Rata-rata nilai siswa naik menjadi 78,6 poin.", None),
        ("Berapa jumlah guru di sekolah itu?", "2021", "Sekolah itu dibuka pada 2021 lalu.", None),
        # "salah satu guru" is one of them, no count of them
        ("Berapa jumlah guru di sekolah itu?", "satu guru", "Ia salah satu guru di sekolah itu.", "satu guru"),
    ],
)
def test_a_count_question_is_refused_when_the_number_counts_another_noun(text, span, sentence, expected) -> None:
    terms = tuple(term(w) for w in ("teachers", "work", "school", "guru", "sekolah", "jumlah", "nilai", "siswa",
                                    "rata-rata") if w in text.lower())
    terms = tuple(term(t.word, "guru") if t.word == "teachers" else t for t in terms)
    head = "teachers" if "teachers" in text else ("guru" if "guru" in text else "nilai")
    analysis = question(text, terms, "number", Asked(head, None))
    assert counts_another(analysis=analysis, evidence=[evidence(sentence)], answer_span=span) == expected


@pytest.mark.parametrize(
    ("text", "span", "sentence", "expected"),
    [
        # the wage of the officers asked, the number counts the officers: no wage is given
        ("Berapa gaji petugas kebersihan per bulan?", "enam", "Biaya itu mencakup upah enam petugas kebersihan.",
         "petugas"),
        # the number counts the asked noun, or a classifier, or is written in digits with its own unit
        ("Berapa gaji petugas kebersihan per bulan?", "dua juta rupiah",
         "Gaji petugas kebersihan dua juta rupiah per bulan.", None),
        ("Berapa gaji petugas kebersihan per bulan?", "enam", "Gaji itu dibagi enam orang petugas.", None),
        ("Berapa gaji petugas kebersihan per bulan?", "6", "Biaya itu mencakup upah 6 petugas kebersihan.", None),
        # a count question is counts_another's
        ("Berapa jumlah petugas kebersihan?", "enam", "Biaya itu mencakup upah enam petugas kebersihan.", None),
    ],
)
def test_a_value_asked_of_a_noun_is_refused_when_the_number_counts_another_noun_of_the_question(
        text, span, sentence, expected) -> None:
    terms = tuple(term(w) for w in ("gaji", "petugas", "kebersihan", "bulan", "jumlah") if w in text.lower())
    head = "gaji" if "gaji" in text else "petugas"
    analysis = question(text, terms, "number", Asked(head, None))
    assert counts_modifier(analysis=analysis, evidence=[evidence(sentence)], answer_span=span) == expected


def test_a_sentence_giving_the_superlative_to_another_contradicts_the_premise() -> None:
    terms = (term("unit"), term("sawah"), term("menghasilkan", "hasil"), term("laba"), term("terbesar", "besar"))
    analysis = question("Mengapa unit sawah menghasilkan laba terbesar?", terms)
    own = "Unit sawah menghasilkan pendapatan terbesar, tetapi laba unit itu paling kecil."
    other = "Unit pasar menghasilkan laba terbesar pada tahun itu."
    premise = check_premise(analysis=analysis, evidence=[evidence(own)])
    found = contradiction(analysis=analysis, premise=premise, passages=[passage(own, other)])
    assert (found.evidence.sentence.text, found.written, found.kind) == (other, ("sawah",), "role")
    # the thesis gives it to the unit asked about: nothing contradicts
    same = "Unit sawah menghasilkan laba terbesar pada tahun itu."
    assert contradiction(analysis=analysis, premise=premise, passages=[passage(own, same)]) is None


def test_a_list_question_s_number_is_no_premise() -> None:
    terms = (term("variabel"), term("bebas"))
    analysis = question("Sebutkan tiga variabel bebas penelitian ini.", terms, "list")
    passages = [passage("Penelitian ini memakai dua variabel bebas utama.")]
    premise = check_premise(analysis=analysis, evidence=[evidence(AIM)])
    assert contradiction(analysis=analysis, premise=premise, passages=passages) is None


@pytest.mark.parametrize(
    ("text", "particulars"),
    [
        ("Who was the initiator of the partnership between the two cities?", ()),  # the cities already known
        ("What are the three columns of the sheet?", ()),
        ("Why does the five-person team answer slowly?", ("five",)),  # a compound: it claims a size
        ("Why were thirty pupils involved in the study?", ("thirty",)),
        ("How did the 2020 lockdowns disrupt the survey?", ("2020",)),  # digits: still a particular
    ],
)
def test_a_number_word_after_a_definite_determiner_is_no_particular(text, particulars) -> None:
    analysis = AnalysedQuestion(question=text, standalone=text, language="en", qtype="why", follow_up=False,
                                asked=None, terms=(), section_refs=(), chapter=None, injection=False)
    assert check_premise(analysis=analysis, evidence=[evidence("Kedua kota menandatangani kerja sama.")]).particulars \
        == particulars


def test_a_corrected_premise_says_absent_names_but_never_a_number() -> None:
    """The answer to a false premise that nothing contradicts outright quotes what the thesis says;
    it says the question's absent name is not in the thesis, but not an absent number (a claim holding a
    number its quote lacks fails verification, and the quote of what the thesis says went with it)."""
    from dataclasses import replace

    from assistant.answering.refusal import Decision, corrected
    from assistant.answering.tuning import DEFAULT
    from assistant.retrieval.retrieve import RetrievalResult

    tuning = replace(DEFAULT, premise_refuse_below=0.5, premise_matched=0.75, premise_dense=0.84)
    features = {"premise_absent": 1.0, "premise_matched": 1.0, "best_dense": 0.9}
    stated = "Responden penelitian berjumlah 100 orang konsumen."
    terms = (term("penelitian"), term("responden"), Term("250", frozenset({"250"}), (), True, True, False))
    analysis = question("Mengapa penelitian ini menggunakan 250 responden?", terms)
    retrieval = RetrievalResult([passage(stated)], (), 1.0, ())
    made = corrected(analysis=analysis, retrieval=retrieval, evidence=[evidence(stated)], features=features,
                     tuning=tuning, decision=Decision(False, "answered", 0.9))
    assert not made.refuse and "false premise" in made.reason and made.correction == ()
    named = question("Mengapa penelitian ini dilakukan di Sukamaju?", (term("penelitian"), term("dilakukan")))
    made = corrected(analysis=named, retrieval=RetrievalResult([passage(AIM)], (), 1.0, ()), evidence=[evidence(AIM)],
                     features=features, tuning=tuning, decision=Decision(False, "answered", 0.9))
    assert made.correction == ("Sukamaju",)


def test_a_value_asked_for_a_year_the_thesis_does_not_state_is_refused() -> None:
    """'How many visitors in 2021?' over the 2017 and 2018 figures: the number the thesis states is for another
    year, so the question is refused (a why-question over the same sentence is answered with what it says)."""
    from dataclasses import replace

    from assistant.answering.refusal import Decision, corrected
    from assistant.answering.tuning import DEFAULT
    from assistant.retrieval.retrieve import RetrievalResult

    tuning = replace(DEFAULT, premise_refuse_below=0.5, premise_matched=0.75, premise_dense=0.84)
    features = {"premise_absent": 1.0, "premise_matched": 1.0, "best_dense": 0.9}
    stated = "Jumlah kunjungan wisatawan naik dari 141.000 pada tahun 2017 menjadi 162.150 pada tahun 2018."
    terms = (term("jumlah"), term("kunjungan"), term("wisatawan"))
    retrieval = RetrievalResult([passage(stated)], (), 1.0, ())
    asked = question("Berapa jumlah kunjungan wisatawan pada tahun 2021?", terms, "number")
    made = corrected(analysis=asked, retrieval=retrieval, evidence=[evidence(stated)], features=features,
                     tuning=tuning, decision=Decision(False, "answered", 0.9))
    assert made.refuse and "2021" in made.reason
    why = question("Mengapa jumlah kunjungan wisatawan turun pada tahun 2021?", terms, "why")
    made = corrected(analysis=why, retrieval=retrieval, evidence=[evidence(stated)], features=features,
                     tuning=tuning, decision=Decision(False, "answered", 0.9))
    assert not made.refuse and made.correction == ()


def test_an_abbreviation_is_there_spelt_out_or_inside_a_longer_one() -> None:
    # "BPK" is the initials of a capitalised run of the sentence (a function word between skipped), and
    # inside "KBPK"; a run of other initials, or no run, leaves it absent
    spelt = "Pemeriksaan dilakukan oleh Badan Pemeriksa dan Keuangan di tingkat kota."
    inside = "Pemeriksaan dilakukan oleh KBPK di tingkat kota."
    other = "Pemeriksaan dilakukan oleh Badan Pengawas Daerah di tingkat kota."
    text = "Berapa petugas yang dimiliki BPK di kota itu?"
    terms = (term("petugas"), term("dimiliki"), term("bpk", known=False), term("kota"))
    for sentence, absent in ((spelt, ()), (inside, ()), (other, ("bpk",))):
        assert check_premise(analysis=question(text, terms, "number"), evidence=[evidence(sentence)]).absent == absent


def test_a_name_spelt_out_is_there_when_the_texts_write_its_abbreviation() -> None:
    # the thesis defines "Surat Keputusan Bersama (SKB)" once and then writes "SKB": a question spelling the name
    # out names it; the initials of its capitalised words ("SKB") or of all its words ("MoU": Memorandum of
    # Understanding) read as the texts' abbreviation, capitals aside; other initials leave it absent
    terms = (term("kapan", known=False), term("surat"), term("keputusan"), term("bersama"), term("ditetapkan"))
    text = "Kapan Surat Keputusan Bersama ditetapkan?"
    for sentence, absent in (("SKB itu ditetapkan pada 3 Mei 2020.", ()),
                             ("Skb itu ditetapkan pada 3 Mei 2020.", ("surat", "keputusan")),  # "bersama" is a function word
                             ("SKD itu ditetapkan pada 3 Mei 2020.", ("surat", "keputusan"))):
        assert check_premise(analysis=question(text, terms, "when"), evidence=[evidence(sentence)]).absent == absent
    terms = (term("memorandum"), term("understanding"), term("signed"))
    text = "When was the Memorandum of Understanding signed?"
    assert check_premise(analysis=_english(text, terms, "when"),
                         evidence=[evidence("Kedua pihak menandatangani MoU pada 3 Mei 2020.")]).absent == ()
    assert check_premise(analysis=_english(text, terms, "when"),
                         evidence=[evidence("Kedua pihak menandatangani LoI pada 3 Mei 2020.")]).absent == \
        ("memorandum", "understanding")


def test_an_abbreviation_of_the_glossary_states_what_it_stands_for() -> None:
    # the thesis defined "Kementerian Keuangan (Kemenkeu)" in another chapter; this sentence writes only "Kemenkeu"
    # (no initials of the question's name)
    sentence = "Kemenkeu meminta agar laporan itu diperbaiki sebelum akhir tahun."
    terms = (term("kementerian"), term("keuangan"), term("meminta"), term("laporan"))
    text = "Mengapa Kementerian Keuangan meminta laporan itu diperbaiki?"
    assert check_premise(analysis=question(text, terms), evidence=[evidence(sentence)]).absent == (
        "kementerian", "keuangan")
    glossary = {"Kemenkeu": "Kementerian Keuangan"}
    assert check_premise(analysis=question(text, terms), evidence=[evidence(sentence)], glossary=glossary).absent == ()
    # an abbreviation the sentence does not write states nothing
    other = "Inspektorat meminta agar laporan itu diperbaiki sebelum akhir tahun."
    assert check_premise(analysis=question(text, terms), evidence=[evidence(other)], glossary=glossary).absent == (
        "kementerian", "keuangan")


def test_a_translation_of_several_words_written_as_a_run_states_the_word() -> None:
    # the dictionary gives "foreign" as "luar negeri" (two words); the question's terms hold one-word translations
    sentence = "Kementerian Luar Negeri meminta agar judul naskah diganti."
    terms = (term("foreign", "asing"), term("ministry", "kementerian"), term("asked", "meminta"), term("title", "judul"))
    text = "Why did the Foreign Ministry ask for the title to be changed?"
    assert check_premise(analysis=_english(text, terms, "why"), evidence=[evidence(sentence)]).absent == ()
    assert check_premise(analysis=_english(text, terms, "why"),
                         evidence=[evidence("Kementerian Dalam Negeri meminta agar judul naskah diganti.")]
                         ).absent == ("foreign",)


def test_a_name_of_several_words_is_there_when_most_of_its_words_are() -> None:
    sentence = "Ketua Program Studi Pendidikan Matematika adalah Dr. Rina Wati."
    text = "Siapa ketua program studi Pendidikan Ilmu Matematika?"
    terms = (term("ketua"), term("program"), term("studi"), term("pendidikan"), term("ilmu"), term("matematika"))
    assert check_premise(analysis=question(text, terms, "who"), evidence=[evidence(sentence)]).absent == ()
    # half of it is not enough: "Ilmu Fisika" names another programme
    text = "Siapa ketua program studi Ilmu Fisika?"
    terms = (term("ketua"), term("program"), term("studi"), term("ilmu"), term("fisika"))
    assert check_premise(analysis=question(text, terms, "who"), evidence=[evidence(sentence)]).absent == ("ilmu", "fisika")


def _english(text: str, terms: tuple[Term, ...], qtype: str) -> AnalysedQuestion:
    return AnalysedQuestion(question=text, standalone=text, language="en", qtype=qtype, follow_up=False, asked=None,
                            terms=terms, section_refs=(), chapter=None, injection=False, specific_words=terms)


def test_a_name_labelling_a_number_is_the_name_the_other_language_writes_before_it() -> None:
    # the dictionary does not give "Peraturan Walikota" for "Mayor Decree"; the number it labels says which
    sentence = "Program ini didasarkan pada Peraturan Walikota Nomor 12 Tahun 2019 tentang pelayanan keliling."
    terms = (term("mayor"), term("decree"), term("number", "nomor"), term("12"), term("2019"), term("issued"))
    text = "When was Mayor Decree Number 12 of 2019 issued?"
    assert check_premise(analysis=_english(text, terms, "when"), evidence=[evidence(sentence)]).absent == ()
    # a name before a number the sentence does not label is still absent (the number is too)
    text = "When was Mayor Decree Number 14 of 2019 issued?"
    premise = check_premise(analysis=_english(text, terms[:3] + (term("14"),) + terms[4:], "when"),
                            evidence=[evidence(sentence)])
    assert set(premise.absent) == {"14", "mayor", "decree"}


SELF_METHOD = "Penelitian ini menggunakan pendekatan kualitatif dengan metode studi kasus."
SELF_AIM = "Variabel penelitian ini adalah partisipasi warga."
OTHER_STUDY = "Penelitian tersebut menggunakan metode survei terhadap 80 rumah tangga."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the study itself did, said otherwise where the thesis says what it did (the same verb before a copula)
        ("Mengapa penelitian ini menggunakan metode survei dengan kuesioner?", SELF_METHOD),
        # the thesis says so of itself: no premise to contradict
        ("Mengapa penelitian ini menggunakan metode studi kasus?", None),
        # another study's survey is no statement of this one's
        ("Mengapa penelitian tersebut menggunakan metode survei dengan kuesioner?", None),
    ],
)
def test_a_sentence_saying_what_the_study_itself_did_contradicts_a_why_question(text, expected) -> None:
    terms = (term("penelitian"), term("menggunakan", "guna"), term("metode"), term("survei"), term("kuesioner"),
             term("studi"), term("kasus"))
    analysis = question(text, tuple(t for t in terms if t.word in text.lower().split() or t.word + "?" in text))
    passages = [passage(SELF_AIM, OTHER_STUDY, SELF_METHOD)]
    premise = check_premise(analysis=analysis, evidence=[evidence(SELF_AIM)])
    found = contradiction(analysis=analysis, premise=premise, passages=passages)
    assert (found.evidence.sentence.text if found else None) == expected
    if found:
        assert found.kind == "self" and "survei" in found.written


MAPE_VALUE = "Model ARIMA(1,1,1) menghasilkan MAPE sebesar 2,15% pada data uji."
MAPE_OTHERS = "Sebagai pembanding, model ARIMA(0,1,1) menghasilkan MAPE 2,64% pada data uji yang sama."
MAPE = "Karena MAPE kurang dari 10%, kemampuan peramalan model ARIMA(1,1,1) tergolong sangat baik menurut kriteria pada Tabel 2.1."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mengapa MAPE model terbaik pada data uji melebihi 10%?", ("melebihi 10%",)),
        ("Mengapa MAPE model terbaik pada data uji lebih dari 10%?", ("lebih dari 10%",)),
        ("Mengapa MAPE model terbaik pada data uji di atas 10 %?", ("di atas 10 %",)),
        ("Mengapa MAPE model terbaik pada data uji minimal 20%?", ("minimal 20%",)),
        # the thesis' own direction, or a bound that leaves room: nothing to contradict
        ("Mengapa MAPE model terbaik pada data uji kurang dari 10%?", None),
        ("Mengapa MAPE model terbaik pada data uji tidak melebihi 10%?", None),
        ("Mengapa MAPE model terbaik pada data uji melebihi 5%?", None),
        ("Mengapa MAPE model terbaik pada data uji melebihi 10 hari?", None),
    ],
)
def test_a_sentence_writing_the_opposite_bound_contradicts_the_question(text, expected) -> None:
    terms = (term("mape"), term("model"), term("terbaik", "baik"), term("data"), term("uji"))
    analysis = question(text, terms)
    # a sentence giving the superlative to the same noun, leaving out the bound, is no better correction
    passages = [passage("Menghitung MAPE, RMSE, dan MAE model terbaik pada data uji.", MAPE_VALUE, MAPE_OTHERS, MAPE)]
    premise = check_premise(analysis=analysis, evidence=[evidence(AIM)])
    found = contradiction(analysis=analysis, premise=premise, passages=passages)
    assert (found.written if found else None) == expected
    if found:
        assert (found.evidence.sentence.text, found.kind) == (MAPE, "bound")
        # the value within the bound, of the model the bound's sentence names, is quoted with it
        assert [e.sentence.text for e in found.also] == [MAPE_VALUE]


@pytest.mark.parametrize(
    ("text", "above", "value"),
    [("the error exceeded 10%", True, 10.0), ("it did not exceed 5 days", False, 5.0),
     ("no more than 3 schools", False, 3.0), ("p < 0,05", False, 0.05), ("sebanyak 10 orang", None, None),
     ("less than 20 percent", False, 20.0), ("the 2020 elections", None, None)],
)
def test_bounds_read_the_direction_a_number_is_bounded_in(text, above, value) -> None:
    from assistant.answering.premise import bounds
    found = bounds(text, "en" if "the" in text or "than" in text or "it" in text else "id")
    assert ([(b.above, b.value) for b in found][:1] or [(None, None)]) == [(above, value)]


def aim_sentence(text: str, title: str = "Tujuan Khusus", section: str = "1.3.2") -> Evidence:
    chunk = Chunk("a-" + section, text, "toy.txt", 1, "PENDAHULUAN", section, title, section, 0, 0, len(text),
                  (Sentence(text, 0, len(text), language="id"),))
    return Evidence(Passage(chunk, 0.9, 1), chunk.sentences[0], 0.9)


DOMINANT = "Riwayat hipertensi dalam keluarga memiliki OR terbesar sehingga merupakan faktor risiko paling dominan."


def test_an_aim_or_a_research_question_is_no_evidence_for_a_finding() -> None:
    from assistant.answering.evidence import without_aim_passages, without_aims
    aim = aim_sentence("Menentukan faktor risiko yang paling dominan terhadap kejadian preeklampsia.")
    asked = aim_sentence("Faktor apakah yang paling dominan terhadap kejadian preeklampsia?", "Rumusan Masalah", "1.2")
    hypothesis = aim_sentence("Obesitas merupakan faktor risiko kejadian preeklampsia.", "Hipotesis", "2.5")
    finding = evidence(DOMINANT)
    terms = (term("faktor"), term("risiko"), term("dominan"), term("preeklampsia"))
    which = question("Faktor risiko apa yang paling dominan terhadap kejadian preeklampsia?", terms, "which")
    assert without_aims(which, [aim, asked, hypothesis, finding]) == [finding]
    assert without_aim_passages(which, [e.passage for e in (aim, finding)]) == [finding.passage]
    # nothing else retrieved, a question about the aims themselves, or a section named: the aims are kept
    assert without_aims(which, [aim, asked]) == [aim, asked]
    aims = question("Apa tujuan khusus penelitian ini?", (term("tujuan"), term("khusus")), "what")
    assert without_aims(aims, [aim, finding]) == [aim, finding]
    assert without_aims(which, [aim, finding], named=("1.3.2",)) == [aim, finding]
    # nor does an aim contradict a premise: "Menentukan faktor risiko yang paling dominan" gives the superlative to
    # no other factor
    why = question("Mengapa obesitas merupakan faktor risiko paling dominan terhadap preeklampsia?",
                   (term("obesitas"), *terms[:3], term("preeklampsia")))
    premise = check_premise(analysis=why, evidence=[finding])
    found = contradiction(analysis=why, premise=premise, passages=[aim.passage])
    assert found is None
    found = contradiction(analysis=why, premise=premise, passages=[aim.passage, passage(DOMINANT)])
    assert (found.evidence.sentence.text, found.kind) == (DOMINANT, "role")


@pytest.mark.parametrize(
    ("text", "span", "sentence", "expected"),
    [
        # the value asked for 2020, the sentence gives 2019's: no answer
        ("Berapa zakat yang dihimpun pada tahun 2020?", "Rp 1,35 miliar",
         "Pada tahun 2019, sebelum peraturan berlaku, penghimpunan zakat hanya Rp 1,35 miliar.", "2019"),
        ("How much zakat was collected in 2020?", "Rp 3,92 miliar",
         "Penghimpunan naik dari Rp 1,35 miliar pada tahun 2019 menjadi Rp 3,92 miliar pada tahun 2021.", "2021"),
        # the year asked is the sentence's, or the value is given for no year, or a period is asked
        ("Berapa zakat yang dihimpun pada tahun 2021?", "Rp 3,92 miliar",
         "Penghimpunan naik dari Rp 1,35 miliar pada tahun 2019 menjadi Rp 3,92 miliar pada tahun 2021.", None),
        ("Berapa zakat yang dihimpun pada tahun 2021?", "Rp 3,92 miliar", "Penghimpunan zakat Rp 3,92 miliar.", None),
        ("How much did collections rise between 2019 and 2021?", "Rp 2,57 miliar",
         "Penghimpunan naik Rp 2,57 miliar pada tahun 2021.", None),
    ],
)
def test_a_value_asked_for_one_year_is_refused_when_the_thesis_gives_another_years(text, span, sentence,
                                                                                 expected) -> None:
    analysis = question(text, (term("zakat"),), "number", Asked("zakat", None))
    assert another_year(analysis=analysis, evidence=[evidence(sentence)], answer_span=span) == expected


def test_a_comparison_the_thesis_states_the_other_way_round_contradicts_the_premise() -> None:
    """"Why did the control class's score rise more than the experimental class's?" over a sentence giving each class
    its gain, the experimental one the larger: the thesis says otherwise (quoted first); asked the right way round,
    nothing contradicts."""
    terms = (term("control", "kontrol"), term("class's", "kelas"), term("score", "skor"), term("rise", "naik"),
             term("experimental", "eksperimen"))
    gains = ("Skor kelas eksperimen naik 12,4 poin, dari 61,0 menjadi 73,4, sedangkan skor kelas kontrol hanya naik "
             "3,1 poin.")
    other = "Kedua kelas mengikuti tes yang sama pada minggu keenam."
    wrong = _english("Why did the control class's score rise more than the experimental class's?", terms, "why")
    premise = check_premise(analysis=wrong, evidence=[evidence(other)])
    found = contradiction(analysis=wrong, premise=premise, passages=[passage(other, gains)])
    assert found is not None and (found.evidence.sentence.text, found.kind) == (gains, "order")
    right = _english("Why did the experimental class's score rise more than the control class's?", terms, "why")
    premise = check_premise(analysis=right, evidence=[evidence(other)])
    assert contradiction(analysis=right, premise=premise, passages=[passage(other, gains)]) is None


def test_a_relation_the_thesis_states_the_other_way_contradicts_the_premise() -> None:
    """"Why did longer practice lower the pupils' reading errors?" over "durasi latihan berpengaruh positif terhadap
    kesalahan membaca siswa": the thesis says the relation is positive; "Why did longer practice raise ...?" agrees."""
    terms = (term("longer", "panjang"), term("practice", "latihan"), term("lower", "rendah"), term("pupils", "siswa"),
             term("reading", "membaca"), term("errors", "kesalahan"))
    positive = "Durasi latihan berpengaruh positif terhadap kesalahan membaca siswa kelas rendah."
    other = "Latihan dilakukan tiga kali seminggu."
    wrong = _english("Why did longer practice lower the pupils' reading errors?", terms, "why")
    premise = check_premise(analysis=wrong, evidence=[evidence(other)])
    found = contradiction(analysis=wrong, premise=premise, passages=[passage(other, positive)])
    assert found is not None and (found.evidence.sentence.text, found.kind) == (positive, "order")
    right = _english("Why did longer practice raise the pupils' reading errors?",
                     terms[:2] + (term("raise", "naik"),) + terms[3:], "why")
    premise = check_premise(analysis=right, evidence=[evidence(other)])
    assert contradiction(analysis=right, premise=premise, passages=[passage(other, positive)]) is None
