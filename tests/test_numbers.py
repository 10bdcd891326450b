"""Numbers, quantities and dates in Indonesian and English (assistant.core.numbers)."""

from __future__ import annotations

import pytest

from assistant.core.numbers import DATE, Date, digits_in_english, in_english, parse_digits, quantities, read_date, write_date


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("sebanyak dua puluh lima petani", "id", [("dua puluh lima", 25.0)]),
        ("dua belas desa dan tujuh puluh satu responden", "id", [("dua belas", 12.0), ("tujuh puluh satu", 71.0)]),
        ("seventy-one farmers and one hundred and five plots", "en", [("seventy-one", 71.0),
                                                                     ("one hundred and five", 105.0)]),
        ("Rp 2.750.000 per bulan", "id", [("Rp 2.750.000", 2750000.0)]),
        ("naik 12,5 persen", "id", [("12,5", 12.5)]),
        ("rose by 12.5 percent to 2,750,000", "en", [("12.5", 12.5), ("2,750,000", 2750000.0)]),
        ("lahan 1,8 hektar dan 2,5 juta jiwa", "id", [("1,8", 1.8), ("2,5 juta", 2500000.0)]),
        ("seribu orang, tiga ribu lima ratus rumah", "id", [("seribu", 1000.0), ("tiga ribu lima ratus", 3500.0)]),
    ],
)
def test_quantities_in_words_and_digits(text: str, language: str, expected: list[tuple[str, float]]) -> None:
    assert [(text[q.start:q.end], q.value) for q in quantities(text, language)] == expected


def test_digits_follow_the_language() -> None:
    assert parse_digits("2.750", "id") == 2750.0 and parse_digits("2.750", "en") == 2.75
    assert parse_digits("2,750", "en") == 2750.0 and parse_digits("2,750", "id") == 2.75


@pytest.mark.parametrize(
    ("text", "date", "english"),
    [
        ("6 Oktober 2016", Date(2016, 10, 6), "6 October 2016"),
        ("October 6, 2016", Date(2016, 10, 6), "6 October 2016"),
        ("Maret 2021", Date(2021, 3, None), "March 2021"),
        ("2008", Date(2008, None, None), "2008"),
    ],
)
def test_dates_in_both_languages(text: str, date: Date, english: str) -> None:
    assert DATE.fullmatch(text)
    assert read_date(text) == date
    assert write_date(date, "en") == english


def test_english_answer_spans() -> None:
    assert in_english("6 Oktober 2016", "date") == "6 October 2016"
    assert in_english("sembilan desa", "number") == "nine (sembilan) desa"
    assert in_english("12,5 persen", "number") == "12,5 persen"  # digits are read the same in both
    assert in_english("Dinas Pertanian", "entity") == "Dinas Pertanian"


@pytest.mark.parametrize(("span", "english"), [
    ("5.040", "5,040"),  # thousands grouped by points
    ("Rp 2.750.000", "Rp 2,750,000"),
    ("82,3%", "82.3%"),  # a decimal comma
    ("1.234,5 kg", "1,234.5 kg"),
    ("0,614", "0.614"),
    ("08.00", "08.00"),  # a time, a label, a small count: as written
    ("4.1", "4.1"),
    ("46 buku", "46 buku"),
    ("0.614", "0.614"),  # no thousands group opens with 0
    ("Rp 1,35 miliar", "Rp 1,35 miliar"),  # with a number word: as written
])
def test_digits_in_english(span: str, english: str) -> None:
    assert digits_in_english(span) == english
