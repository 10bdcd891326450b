"""Citation markers while streaming, and claim verification against the cited passages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from assistant.answering.citations import is_refusal, split_claims, verify
from assistant.core.markers import MarkerStream, cited_ids, normalise_markers, stream_markers
from assistant.generators.base import Passage
from assistant.core.types import Chunk, Sentence

ALLOWED = {"6.1", "6.2"}
ANSWER = (
    "MoU ditandatangani pada 18 November 2016 [6.1]. Saran penulis adalah koordinasi [6.2] [9.9] dan "
    "lain-lain [Bagian 6.1, 6.2] serta [6. akhir] [section 6.2]"
)
EXPECTED = normalise_markers(ANSWER, ALLOWED)


def _run(pieces: list[str]) -> str:
    return "".join(stream_markers(pieces, ALLOWED))


def test_markers_normalised_and_unknown_ids_dropped():
    assert EXPECTED == (
        "MoU ditandatangani pada 18 November 2016 [6.1]. Saran penulis adalah koordinasi [6.2]  dan "
        "lain-lain [6.1] [6.2] serta [6. akhir] [6.2]"
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(ANSWER)), max_size=12))
def test_stream_result_is_the_same_for_any_split(cuts: list[int]):
    points = sorted(set(cuts))
    pieces = [ANSWER[a:b] for a, b in zip([0, *points], [*points, len(ANSWER)])]
    assert _run(pieces) == EXPECTED


def test_half_written_marker_never_leaks():
    stream = MarkerStream(ALLOWED)
    shown = [stream.feed(p) for p in ["Tanggalnya 18 November 2016 [", "6.", "1", "] selesai"]]
    assert shown == ["Tanggalnya 18 November 2016 ", "", "", "[6.1] selesai"]
    stream = MarkerStream(ALLOWED)
    assert stream.feed("akhir [6.") == "akhir " and stream.close() == ""  # an unclosed marker is dropped


def _passage(section: str, sentences: list[str], rank: int) -> Passage:
    text = " ".join(sentences)
    spans, offset = [], 0
    for sentence in sentences:
        spans.append(Sentence(sentence, offset, offset + len(sentence)))
        offset += len(sentence) + 1
    chunk = Chunk(f"{section}-x{rank}", text, "doc.txt", 6, "PENUTUP", section, "t", section, 0, 0, len(text),
                  tuple(spans))
    return Passage(chunk, 0.8, rank)


PASSAGES = [
    _passage("6.1", ["Sejak ditandatanganinya Minutes of Meeting pada tanggal 6 Oktober 2016 hingga penandatanganan "
                     "MoU berupa Agreement of Friendship pada 18 November 2016, sektor kerjasama telah ditetapkan."], 1),
    _passage("6.2", ["Saran untuk Pemerintah Kota Bogor adalah melakukan koordinasi kepada dinas-dinas terkait."], 2),
]


def test_supported_claim_keeps_its_citation_and_quotes_the_sentence():
    result = verify("MoU berupa Agreement of Friendship ditandatangani pada 18 November 2016 [6.1].", PASSAGES, "id")
    assert [c.section for c in result.citations] == ["6.1"]
    assert result.citations[0].quote.startswith("Sejak ditandatanganinya Minutes of Meeting")
    assert result.removed == ()


def test_fabricated_date_is_caught():
    result = verify("MoU berupa Agreement of Friendship ditandatangani pada 20 Desember 2017 [6.1].", PASSAGES, "id")
    assert result.citations == () and len(result.removed) == 1


def test_claim_cited_to_the_wrong_section_is_recited():
    result = verify("Saran untuk Pemerintah Kota Bogor adalah koordinasi kepada dinas-dinas terkait [6.1].",
                    PASSAGES, "id")
    assert [c.section for c in result.citations] == ["6.2"] and result.recited == 1
    assert result.text.endswith("[6.2]")


def test_unsupported_claim_is_removed_and_uncited_claims_do_not_pass():
    result = verify("Kota Bogor membangun bandara internasional baru [6.2]. Ini fakta tanpa sumber sama sekali.",
                    PASSAGES, "id")
    assert result.citations == () and len(result.removed) == 2


def test_english_claim_needs_words_and_similarity_not_similarity_alone():
    def similarity(claim: str, sentences: list[str]) -> list[float]:
        return [0.95 if "18 November 2016" in s else 0.5 for s in sentences]  # a stand-in for e5 cosine

    signed = "The Agreement of Friendship MoU was signed on 18 November 2016 [6.1]."
    assert [c.section for c in verify(signed, PASSAGES, "en", similarity).citations] == ["6.1"]
    assert verify(signed, PASSAGES, "en", lambda c, s: [0.5] * len(s)).citations == ()  # too far for e5
    vague = "It happened late in the autumn of that year [6.1]."  # close for e5, but shares no word
    assert verify(vague, PASSAGES, "en", similarity).citations == ()


def test_a_number_or_name_missing_from_the_cited_sentence_disqualifies_it():
    wrong_year = "The Agreement of Friendship MoU was signed on 18 November 2017 [6.1]."
    wrong_name = "The Agreement of Friendship MoU was signed by Jakarta on 18 November 2016 [6.1]."
    for claim in (wrong_year, wrong_name):
        assert verify(claim, PASSAGES, "en", lambda c, s: [0.95] * len(s)).citations == ()


def test_a_sentence_of_another_section_is_not_kept_under_the_cited_one():
    copied = PASSAGES[0].chunk.sentences[0].text + " [6.2]"
    result = verify(copied, PASSAGES, "id", lambda c, s: [0.89] * len(s))
    assert [c.section for c in result.citations] == ["6.1"] and result.recited == 1  # moved, not kept as 6.2


def test_split_claims_attaches_markers():
    claims = split_claims("Pertama benar [6.1]. Kedua juga [6.2]\n[6.1]")
    assert [(c.text, c.sections) for c in claims] == [("Pertama benar.", ("6.1",)), ("Kedua juga", ("6.2", "6.1"))]


def test_markers_before_the_claim_are_read():
    after = "MoU ditandatangani pada 18 November 2016 [6.1]. Saran penulis adalah koordinasi [6.2]."
    before = "[6.1] MoU ditandatangani pada 18 November 2016. [6.2] Saran penulis adalah koordinasi."
    own_line = "[6.1]\nMoU ditandatangani pada 18 November 2016.\n[6.2]\nSaran penulis adalah koordinasi."
    expected = [("MoU ditandatangani pada 18 November 2016.", ("6.1",)), ("Saran penulis adalah koordinasi.", ("6.2",))]
    for text in (after, before, own_line):
        assert [(c.text, c.sections) for c in split_claims(text)] == expected, text


def test_a_marker_after_the_full_stop_closes_the_sentence_before():
    text = "MoU ditandatangani pada 18 November 2016. [6.1] Saran penulis adalah koordinasi. [6.2]"
    assert [c.sections for c in split_claims(text)] == [("6.1",), ("6.2",)]


def test_an_answer_of_markers_only_is_empty():
    for text in ("[6.1]", "[6.1] [6.2]", " [6.1].\n[6.2] ", "[6.1]."):
        assert split_claims(text) == []
        result = verify(text, PASSAGES, "en", lambda c, s: [0.99] * len(s))
        assert (result.text, result.citations, result.removed) == ("", (), ())


BEFORE = "[6.1] MoU ditandatangani pada 18 November 2016. [Bagian 6.2] Saran penulis adalah koordinasi [9.9]."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(BEFORE)), max_size=10))
def test_claims_are_the_same_for_any_split_of_the_stream(cuts: list[int]):
    points = sorted(set(cuts))
    pieces = [BEFORE[a:b] for a, b in zip([0, *points], [*points, len(BEFORE)])]
    streamed = _run(pieces)
    assert streamed == normalise_markers(BEFORE, ALLOWED)
    assert [(c.text, c.sections) for c in split_claims(streamed)] == [
        ("MoU ditandatangani pada 18 November 2016.", ("6.1",)), ("Saran penulis adalah koordinasi.", ("6.2",))]


def test_llm_refusals_in_both_languages():
    for text in ("The thesis does not say.", "The thesis does not say when the MoU was signed. [6.1]",
                 "The passages do not mention the budget.", "Tesis ini tidak membahas hal tersebut.",
                 "[6.1] Tesis ini tidak menyebutkan anggarannya.", "Tidak ada informasi tentang anggaran."):
        assert is_refusal(text), text
    for text in ("The thesis says the MoU was signed on 18 November 2016 [6.1].", "[6.1]", "",
                 "MoU ditandatangani pada 18 November 2016, tidak dibahas lebih lanjut [6.1]."):
        assert not is_refusal(text), text


def test_a_refusal_sentence_is_no_claim_even_with_a_marker():
    result = verify("The thesis does not say when the MoU was signed [6.1].", PASSAGES, "en",
                    lambda c, s: [0.95] * len(s))
    assert result.citations == () and result.removed == ("The thesis does not say when the MoU was signed.",)


def test_a_looping_answer_keeps_each_claim_once():
    claim = "MoU berupa Agreement of Friendship ditandatangani pada 18 November 2016 [6.1]. "
    result = verify(claim * 3, PASSAGES, "id")
    assert result.text == claim.strip().replace(" [6.1].", ". [6.1]") and len(result.citations) == 1


@pytest.mark.parametrize("text, values", [
    ("jumlah petugas dua belas orang", {"12"}),  # a number phrase is one number, not its first word
    ("twelve (dua belas) officers", {"12"}),
    ("tujuh puluh satu responden", {"71"}),
    ("seventy-one respondents", {"71"}),
    ("seorang dari 34 responden", {"1", "34"}),
    ("tahap kedua", {"2"}),
])
def test_number_words_are_read_as_whole_numbers(text, values):
    from assistant.answering.support import quantities

    assert quantities(text) == values


@pytest.mark.parametrize("question_language, quote_language", [("id", "en"), ("en", "id")])
def test_the_extractive_frames_language_label_is_no_name(question_language, quote_language):
    from assistant.answering.support import features
    from assistant.generators.extractive import _label

    sentence = ("The study involved 120 respondents from three schools." if quote_language == "en"
                else "Penelitian melibatkan 120 responden dari tiga sekolah.")
    claim = f"120 — “{sentence}”{_label(question_language, quote_language)}"
    assert _label(question_language, quote_language)  # the label is there, and it names a language
    found = features(claim, sentence)
    assert found.names_ok and found.numbers_ok


def test_lettered_section_ids_are_markers():
    # "B. Penelitian Terdahulu" of BAB II is section 2.B (a chapter without numbered sections)
    assert cited_ids("Menurut [2.B] dan [Bagian 2.A, 4.1] [2.Bx]") == ("2.B", "2.A", "4.1")
    assert normalise_markers("Teori [2.B]. Metode [3.A; 2.B]", {"2.B"}) == "Teori [2.B]. Metode [2.B]"
    assert "".join(stream_markers(["Teori [2", ".", "B] selesai"], {"2.B"})) == "Teori [2.B] selesai"


LISTED = ("1. Pelatihan berpengaruh positif terhadap kinerja pegawai dengan koefisien 0,312 dan signifikansi 0,001. "
          "2. Insentif tidak berpengaruh terhadap kinerja pegawai dengan koefisien 0,058.")


def test_a_quoted_sentence_the_answer_splitter_cuts_is_verified_whole():
    # one thesis sentence holding a list: the answer's splitter ends a sentence at "0,001." inside the quote,
    # which left the head (with the asked value) without a marker and unsupported
    passages = [_passage("5.1", [LISTED], 1)]
    answer = f"0,312 — menurut tesis ini: “{LISTED[3:]}” [5.1]"
    result = verify(answer, passages, "id")
    assert result.removed == () and [c.section for c in result.citations] == ["5.1"]
    assert "0,312" in result.text and "0,058" in result.text
    # a quotation never closed is left as split: its head still has no marker to be verified by
    unclosed = verify(f"0,312 — menurut tesis ini: “{LISTED[3:]} [5.1]", passages, "id")
    assert unclosed.removed
