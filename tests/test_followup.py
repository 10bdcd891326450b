"""Follow-up turns: deciding a question leans on the conversation, and the standalone question built
from it (pure logic; example conversations of our own)."""

from __future__ import annotations

import pytest

from assistant.answering.question import cited_sections, is_follow_up, standalone_question
from assistant.core.types import Turn


def _conversation(question: str, answer: str) -> tuple[Turn, ...]:
    return (Turn("user", question), Turn("assistant", answer))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dan kapan itu terjadi?", True),  # a continuation and a demonstrative
        ("Lalu siapa ketuanya?", True),  # "-nya" points back
        ("Why is that?", True),
        ("What about the second group?", True),
        ("How many didn't?", True),  # the verb is left out
        ("Who did?", True),
        ("Why?", True),
        ("Kapan?", True),
        ("Yang belum mengembalikan angket ada berapa?", True),  # "Yang ..." with no noun before it
        ("Berapa ongkos yang dikeluarkan masing-masing?", True),  # "masing-masing" points back
        ("Apa saran penulis?", False),
        ("Siapa penulis skripsi ini?", False),  # names the work itself
        ("What is this thesis about?", False),
        ("Kapan penelitian lapangan di desa itu dimulai dan berapa lama kuesioner disebarkan ke petani?", False),
        ("How many farmers joined the cooperative in the first year?", False),
    ],
)
def test_is_follow_up(text: str, expected: bool) -> None:
    assert is_follow_up(text) is expected


def test_standalone_puts_the_previous_question_in_front() -> None:
    history = _conversation("Siapa ketua kelompok tani itu?", "Pak Darmo [4.1].")
    assert standalone_question("Sejak kapan beliau menjabat?", history) == (
        "Siapa ketua kelompok tani itu? Sejak kapan beliau menjabat?"
    )
    history = _conversation("Which method did the survey use?", "Stratified sampling [3.2].")
    assert standalone_question("Why?", history) == "Which method did the survey use? Why?"  # names nothing itself
    assert standalone_question("Why is that?", history) == "Which method did the survey use? Why is that?"


def test_a_standalone_question_is_left_alone() -> None:
    history = _conversation("Berapa luas lahan percobaan?", "Dua hektar [3.1].")
    assert standalone_question("Apa saran penulis?", history) == "Apa saran penulis?"
    assert standalone_question("Dan siapa pemiliknya?", ()) == "Dan siapa pemiliknya?"  # no history


def test_the_value_a_follow_up_gives_replaces_the_previous_one() -> None:
    history = _conversation("Berapa jumlah anggota koperasi pada tahun 2015?", "Empat puluh orang [4.2].")
    assert standalone_question("Kalau tahun 2019?", history) == (
        "Berapa jumlah anggota koperasi pada tahun 2019? Kalau tahun 2019?"
    )
    history = _conversation("How many wells were dug in phase 2?", "Twelve [4.3].")
    assert standalone_question("And in phase 3?", history) == "How many wells were dug in phase 3? And in phase 3?"


def test_the_next_one_is_counted_from_the_previous_question() -> None:
    history = _conversation("Berapa nilai rata-rata pada putaran I?", "61,5 [4.1.2].")
    assert standalone_question("Pada putaran berikutnya berapa?", history) == (
        "Berapa nilai rata-rata pada putaran II? Pada putaran II berapa?"
    )
    history = _conversation("What was the yield in season 3?", "4.1 tonnes [4.4].")
    assert standalone_question("And the next season?", history) == (
        "What was the yield in season 4? And season 4?"
    )


def test_cited_sections_of_the_previous_answer() -> None:
    history = _conversation("Siapa penulisnya?", "Ditulis oleh Sari [Halaman Judul], dibimbing Dr. Ani [4.1, 4.2].")
    assert cited_sections(history) == ("Halaman Judul", "4.1", "4.2")
    assert cited_sections(_conversation("Kapan?", "Pada Mei 2019.")) == ()
    assert cited_sections(()) == ()
