"""The language primitives, each written once in assistant/core and used by ingest, the read path and
the UI alike: word tokens, sentences, roman numerals, language detection and citation markers."""

from __future__ import annotations

import pytest

from assistant.core.markers import MARKER, cited_ids, marker, marker_ids, markers, open_marker_start, strip_markers

# ---- citation markers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("[6.1]", ("6.1",)),
        ("[6.1, 6.2]", ("6.1", "6.2")),
        ("[6.1; 6.2]", ("6.1", "6.2")),
        ("[Daftar Pustaka]", ("Daftar Pustaka",)),
        ("[Bagian 6.1]", ("6.1",)),
        ("[section 6.2]", ("6.2",)),
        ("[Sumber: 6.1]", ("6.1",)),
        ("[ 6 ]", ("6",)),
        ("[6.1.2, Bagian 6.2]", ("6.1.2", "6.2")),
        ("Tahun 2016 [6.1]. Lalu [6.2] dan [6.1] lagi.", ("6.1", "6.2")),
        ("[Lampiran] dan [Halaman Judul]", ("Lampiran", "Halaman Judul")),
        ("[Catatan Kaki]", ()),  # not a named part of a thesis: no marker
        ("[a]", ()),
        ("[6.1", ()),
        ("no marker at all", ()),
    ],
)
def test_cited_ids_reads_every_marker_form(text: str, ids: tuple[str, ...]) -> None:
    assert cited_ids(text) == ids


@pytest.mark.parametrize(
    ("inside", "ids"),
    [("6.1", ["6.1"]), ("6.1, 6.2", ["6.1", "6.2"]), ("Bagian 6.1; section 6.2", ["6.1", "6.2"]),
     ("Daftar Pustaka", ["Daftar Pustaka"])],
)
def test_marker_ids_of_one_inside(inside: str, ids: list[str]) -> None:
    assert marker_ids(inside) == ids


def test_marker_group_is_the_inside() -> None:
    assert [m.group(1) for m in MARKER.finditer("a [6.1, 6.2] b [Daftar Pustaka]")] == ["6.1, 6.2", "Daftar Pustaka"]


def test_markers_are_formatted_canonically() -> None:
    assert marker("6.1") == "[6.1]"
    assert marker("Daftar Pustaka") == "[Daftar Pustaka]"
    assert markers(["6.1", "6.2"]) == "[6.1] [6.2]"
    assert markers([]) == ""
    assert cited_ids(markers(["6.1", "Lampiran"])) == ("6.1", "Lampiran")


def test_strip_markers() -> None:
    assert strip_markers("Tahun 2016 [6.1, 6.2] dan [Daftar Pustaka].") == "Tahun 2016  dan ."
    assert strip_markers("a [6.1] b", " ") == "a   b"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("Tahun 2016 [6.", 11),
        ("Tahun 2016 [", 11),
        ("Tahun 2016 [Bagian 6", 11),
        ("Tahun 2016 [6.1]", None),
        ("Tahun 2016", None),
        ("[" + "x" * 45, None),  # too long to be a marker
        ("a [6.1] b [Daftar Pus", 10),
        ("a [(", None),  # a bracket no marker starts with
    ],
)
def test_open_marker_start(text: str, start: int | None) -> None:
    assert open_marker_start(text) == start
