"""Citation markers while streaming, and claim verification against the cited passages."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from assistant.citations import MarkerStream, normalise_markers, split_claims, stream_markers, verify
from assistant.generators.base import Passage
from assistant.types import Chunk, Sentence

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


def test_english_claim_needs_dense_support():
    claims = "It happened late in the autumn of that year [6.1]."
    calls = []

    def similarity(claim: str, sentences: list[str]) -> list[float]:
        calls.append(claim)
        return [0.9 if "18 November 2016" in s else 0.5 for s in sentences]  # a stand-in for e5 cosine

    result = verify(claims, PASSAGES, "en", similarity)
    assert [c.section for c in result.citations] == ["6.1"]
    assert verify(claims, PASSAGES, "en", lambda c, s: [0.5] * len(s)).citations == ()


def test_split_claims_attaches_markers():
    claims = split_claims("Pertama benar [6.1]. Kedua juga [6.2]\n[6.1]")
    assert [(c.text, c.sections) for c in claims] == [("Pertama benar.", ("6.1",)), ("Kedua juga", ("6.2", "6.1"))]
