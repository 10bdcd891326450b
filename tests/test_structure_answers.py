"""Structure questions answered from a manifest (pure logic, a hand-written manifest): the frame is
in the question's language, the thesis' titles are quoted as printed and labelled only when their
language is not the answer's, and the first citation is the section the question is about."""

from __future__ import annotations

import pytest

from assistant.answering.answer_language import answer_language
from assistant.answering.structure import answer_front_follow_up, answer_structure, front_intent, structure_intent
from assistant.core.types import Turn


def _row(section_id: str, title: str, chapter: int, level: int, page: int | None, kind: str = "body",
         printed: str | None = None, language: str = "id") -> list:
    return [section_id, title, section_id if printed is None else printed, chapter, 3, level, kind, page,
            f"{section_id}-c0", language]


THESIS = {
    "chapters": [[1, "PENDAHULUAN"], [2, "TINJAUAN PUSTAKA"], [3, "METODE PENELITIAN"]],
    "sections": [
        _row("Abstrak", "Abstrak", 0, 1, None, kind="front"),
        _row("1.1", "Latar Belakang", 1, 2, 1), _row("1.2", "Sistematika Penulisan", 1, 2, 3),
        _row("2.1", "Landasan Teori", 2, 2, 5),
        _row("3.1", "Desain Penelitian", 3, 2, 9), _row("3.2", "Instrumen Penelitian", 3, 2, 11),
        _row("3.2.1", "Uji Validitas", 3, 3, 11), _row("3.2.2", "Uji Reliabilitas", 3, 3, 12, printed="3.2.1"),
        _row("Daftar Pustaka", "Daftar Pustaka", 0, 1, 14, kind="references"),
    ],
}
PART = {  # two chapters of a thesis, as a repository page: no page numbers
    "chapters": [[4, "HASIL DAN PEMBAHASAN"], [5, "PENUTUP"]],
    "sections": [_row("4.1", "Hasil Penelitian", 4, 2, None), _row("4.2", "Pembahasan", 4, 2, None),
                 _row("5.1", "Kesimpulan", 5, 2, None), _row("5.2", "Saran", 5, 2, None)],
}
ENGLISH = {  # a thesis written in English
    "chapters": [[1, "INTRODUCTION"], [2, "CONCLUSION"]],
    "sections": [_row("1.1", "Background", 1, 2, 1, language="en"), _row("2.1", "Data Analysis", 2, 2, 4, language="en")],
}
DOCS = {"tesis.pdf": THESIS, "bab.md": PART, "english.pdf": ENGLISH}


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("On which page does section 3.4 start?", "page"),
        ("Di halaman berapa subbab Instrumen Penelitian dimulai?", "page"),
        ("What is the title of chapter II?", "title"), ("Apa judul BAB II?", "title"),
        ("Apa judul subbab 4.3?", "section_title"), ("Subbab 4.3 berjudul apa?", "section_title"),
        ("What is the title of section 4.1.2?", "section_title"), ("What is section 3.2 called?", "section_title"),
        ("Subbab apa saja yang ada di bawah 4.1?", "sections"), ("Ada berapa subbab di bawah 4.4?", "sections"),
        ("What are the subsections under 3.2?", "sections"),
        ("How many chapters is the thesis divided into?", "chapters"), ("Dokumen ini memuat bab apa saja?", "chapters"),
        ("Di halaman berapa Tabel 4.2?", None), ("What is the title of the thesis?", None),
        ("Apa isi bagian 6.2?", None), ("Berapa halaman buku yang dibaca siswa?", None),
    ],
)
def test_intents(question: str, intent: str | None):
    assert structure_intent(question) == intent


def test_a_who_question_about_the_text_is_not_a_title_page_question():
    assert front_intent("Siapa yang menyusun siklus menu PMT?") is None
    assert front_intent("Siapa yang menyusun skripsi ini?") == ("author", "student_number")
    assert front_intent("Siapa yang menulisnya?") == ("author", "student_number")


def test_a_title_question_about_a_heading_is_not_a_title_page_question():
    assert front_intent("Apa judul skripsi ini?") == ("title",)
    assert front_intent("Apa judulnya?") == ("title",)
    assert front_intent("Apa judul subbab 4.3?") is None
    assert front_intent("Apa judul bab yang membahas metode?") is None


def test_a_question_asking_a_reason_is_not_a_title_page_question():
    """A why-question naming a title asks about a document of the text, not for the thesis' title page."""
    assert front_intent("Why did the ministry ask for the word 'agreement' to be replaced in the title of the "
                        "document?") is None
    assert front_intent("Mengapa judul skripsi ini memakai istilah tersebut?") is None
    assert front_intent("Why was the thesis supervised by two lecturers?") is None
    assert front_intent("What is the title of the document?") == ("title",)
    assert front_intent("Who supervised this thesis?") == ("supervisor",)


ANSWERS = [
    ("How many chapters does the thesis have?", "tesis.pdf",
     ("The thesis has 3 chapters [1.2] (titles in Indonesian, as printed): Chapter I “PENDAHULUAN” [1.1]; "
     "Chapter II “TINJAUAN PUSTAKA” [2.1]; Chapter III “METODE PENELITIAN” [3.1]."), ["1.2", "1.1", "2.1", "3.1"]),
    ("Berapa bab dalam tesis ini?", "tesis.pdf",
     ("Tesis ini terdiri dari 3 bab [1.2]: BAB I “PENDAHULUAN” [1.1]; BAB II “TINJAUAN PUSTAKA” [2.1]; "
     "BAB III “METODE PENELITIAN” [3.1]."), ["1.2", "1.1", "2.1", "3.1"]),
    ("Dokumen ini memuat bab apa saja?", "bab.md",
     "Dokumen ini memuat 2 bab dari tesisnya: BAB IV “HASIL DAN PEMBAHASAN” [4.1]; BAB V “PENUTUP” [5.1].",
     ["4.1", "5.1"]),
    ("What are the chapters?", "bab.md",
     ("The document holds 2 chapters of the thesis (titles in Indonesian, as printed): Chapter IV “HASIL DAN "
     "PEMBAHASAN” [4.1]; Chapter V “PENUTUP” [5.1]."), ["4.1", "5.1"]),
    ("What are the sections of chapter V?", "bab.md",
     ("Chapter V “PENUTUP” has 2 sections (titles in Indonesian, as printed): 5.1 “Kesimpulan” [5.1]; "
     "5.2 “Saran” [5.2]."), ["5.1", "5.2"]),
    ("Apa saja subbab di BAB III?", "tesis.pdf",
     ("BAB III “METODE PENELITIAN” memiliki 2 subbab: 3.1 “Desain Penelitian” [3.1]; 3.2 “Instrumen Penelitian” "
     "[3.2] (3.2.1 “Uji Validitas” [3.2.1], 3.2.2 “Uji Reliabilitas” (tercetak 3.2.1) [3.2.2])."),
     ["3.1", "3.2", "3.2.1", "3.2.2"]),
    ("Subbab apa saja yang ada di bawah 3.2?", "tesis.pdf",
     ("Subbab 3.2 “Instrumen Penelitian” memiliki 2 subbab: 3.2.1 “Uji Validitas” [3.2.1]; 3.2.2 “Uji Reliabilitas” "
     "(tercetak 3.2.1) [3.2.2]."), ["3.2.1", "3.2.2"]),
    ("What are the subsections under 3.1?", "tesis.pdf",
     "Section 3.1 “Desain Penelitian” (in Indonesian, as printed) has no subsections [3.1].", ["3.1"]),
    ("On which page does section 3.2 start?", "tesis.pdf",
     "Section 3.2 “Instrumen Penelitian” (in Indonesian, as printed) starts on page 11 [3.2].", ["3.2"]),
    ("Di halaman berapa subbab Instrumen Penelitian dimulai?", "tesis.pdf",
     "Subbab 3.2 “Instrumen Penelitian” dimulai di halaman 11 [3.2].", ["3.2"]),
    ("On which page does chapter II start?", "tesis.pdf",
     "Chapter II “TINJAUAN PUSTAKA” (in Indonesian, as printed) starts on page 5 [2.1].", ["2.1"]),
    ("On which page does the Data Analysis section start?", "english.pdf",
     "Section 2.1 “Data Analysis” starts on page 4 [2.1].", ["2.1"]),
    ("Di halaman berapa subbab Pembahasan dimulai?", "bab.md",
     "Naskah ini tidak mencetak nomor halaman untuk subbab 4.2 “Pembahasan” [4.2].", ["4.2"]),
    ("What are the subsections of section 3.2?", "tesis.pdf",
     ("Section 3.2 “Instrumen Penelitian” has 2 subsections (titles in Indonesian, as printed): 3.2.1 “Uji Validitas” "
     "[3.2.1]; 3.2.2 “Uji Reliabilitas” (printed as 3.2.1) [3.2.2]."), ["3.2.1", "3.2.2"]),
    ("On which page does the research instrument section start?", "tesis.pdf",  # "instrument" is no headword
     "Section 3.2 “Instrumen Penelitian” (in Indonesian, as printed) starts on page 11 [3.2].", ["3.2"]),
    ("What is the title of chapter II?", "tesis.pdf",
     "The title of Chapter II is “TINJAUAN PUSTAKA” (in Indonesian, as printed) [2.1].", ["2.1"]),
    ("Apa judul BAB I?", "english.pdf",
     "Judul BAB I dalam tesis ini adalah “INTRODUCTION” (dalam bahasa Inggris, sesuai naskah) [1.1].", ["1.1"]),
    ("What is the title of chapter I?", "english.pdf", "The title of Chapter I is “INTRODUCTION” [1.1].", ["1.1"]),
    # a section named by its number: its title, not the thesis' (which "apa judul ..." asks for otherwise)
    ("Apa judul subbab 3.2?", "tesis.pdf", "Judul subbab 3.2 dalam tesis ini adalah “Instrumen Penelitian” [3.2].", ["3.2"]),
    ("What is the title of section 2.1?", "english.pdf", "The title of section 2.1 is “Data Analysis” [2.1].", ["2.1"]),
    ("What is the title of section 3.2.2?", "tesis.pdf", "The title of section 3.2.2 is “Uji Reliabilitas” (in "
     "Indonesian, as printed) (printed as 3.2.1) [3.2.2].", ["3.2.2"]),
    ("Apa judul subbab 7.1?", "tesis.pdf", "Tesis ini tidak memiliki subbab 7.1.", []),
]


@pytest.mark.parametrize(("question", "doc", "text", "cited"), ANSWERS)
def test_answers(question: str, doc: str, text: str, cited: list[str]):
    language = "en" if question.split()[0] in {"How", "What", "On"} else "id"
    answer = answer_structure(question, language, DOCS, doc)
    assert answer is not None and answer.text == text
    assert [c.section for c in answer.citations] == cited
    assert answer_language(answer.text) in ({"en"} if language == "en" else {"id", None})


def test_headings_are_quoted_as_printed_in_the_citations():
    answer = answer_structure("Subbab apa saja yang ada di bawah 3.2?", "id", DOCS, "tesis.pdf")
    assert answer is not None and [c.quote for c in answer.citations] == ["3.2.1 Uji Validitas", "3.2.1 Uji Reliabilitas"]
    assert [c.page for c in answer.citations] == [11, 12] and all(c.doc_id == "tesis.pdf" for c in answer.citations)


def test_what_is_not_there_is_said_and_refused():
    missing = answer_structure("What is the title of chapter VII?", "en", DOCS, "tesis.pdf")
    assert missing is not None and missing.refused
    assert missing.text == "The thesis has no Chapter VII; its chapters are: Chapter I, Chapter II, Chapter III."
    unprinted = answer_structure("Di halaman berapa subbab Pembahasan dimulai?", "id", DOCS, "bab.md")
    assert unprinted is not None and unprinted.refused


def test_a_page_question_about_no_heading_is_left_to_retrieval():
    assert answer_structure("On which page does the section on rainfall start?", "en", DOCS, "tesis.pdf") is None


LETTERED = {  # BAB II with lettered sections only ("A. Landasan Teori"), BAB IV numbered
    "chapters": [[2, "KAJIAN PUSTAKA"], [4, "HASIL PENELITIAN"]],
    "sections": [_row("2.A", "Landasan Teori", 2, 2, 5, printed="A"), _row("2.B", "Penelitian Terdahulu", 2, 2, 8, printed="B"),
                 _row("2.C", "Kerangka Berpikir", 2, 2, 9, printed="C"), _row("4.1", "Hasil Penelitian", 4, 2, 12)],
}


def test_the_lettered_sections_of_a_chapter_are_listed_and_quoted_as_printed():
    answer = answer_structure("Apa saja subbab di BAB II?", "id", {"s.pdf": LETTERED}, "s.pdf")
    assert answer is not None and answer.text == (
        "BAB II “KAJIAN PUSTAKA” memiliki 3 subbab: 2.A “Landasan Teori” [2.A]; 2.B “Penelitian Terdahulu” [2.B]; "
        "2.C “Kerangka Berpikir” [2.C].")
    assert [(c.section, c.quote, c.page) for c in answer.citations] == [
        ("2.A", "A. Landasan Teori", 5), ("2.B", "B. Penelitian Terdahulu", 8), ("2.C", "C. Kerangka Berpikir", 9)]
    page = answer_structure("On which page does the section Penelitian Terdahulu start?", "en", {"s.pdf": LETTERED}, "s.pdf")
    assert page is not None and page.text == "Section 2.B “Penelitian Terdahulu” (in Indonesian, as printed) starts on page 8 [2.B]."


@pytest.mark.parametrize(
    ("question", "language", "text"),
    [
        ("Siapa penulis skripsi ini?", "id", "Tesis ini tidak membahas siapa penulis skripsi ini: dokumen yang dimuat "
         "tidak memuat halaman judul. Muat halaman judul (thesis-chat ingest) untuk menjawabnya."),
        ("Who wrote this thesis?", "en", "The thesis does not say who wrote this thesis: the loaded documents have no "
         "title page. Add the title page to the corpus (thesis-chat ingest) to answer it."),
        ("Who supervised the thesis?", "en", "The thesis does not say who supervised this thesis: the loaded documents "
         "have no title page or approval page. Add it to the corpus (thesis-chat ingest) to answer it."),
    ],
)
def test_a_title_page_question_without_a_title_page_is_refused_and_says_why(question: str, language: str, text: str):
    answer = answer_structure(question, language, {"bab.md": PART})
    assert answer is not None and answer.refused and answer.kind == "front" and not answer.citations
    assert answer.text == text


@pytest.mark.parametrize("question", ["Bagaimana guru membimbing siswa dalam penelitian ini?",
                                      "Apa peran pembimbing lapangan?", "Who supervised the fieldwork?"])
def test_a_question_about_guidance_in_the_text_is_left_to_retrieval(question: str):
    assert answer_structure(question, "id", {"bab.md": PART}) is None


@pytest.mark.parametrize(("question", "language"), [("Siapa penulis skripsi ini?", "id"),
                                                    ("Which university is this thesis from?", "en")])
def test_a_title_page_without_the_asked_field_leaves_it_to_retrieval(question: str, language: str):
    with_front = dict(PART, front=[["title", "Judul", "Judul", 0, 5, "c0", "Halaman Judul"]])
    assert answer_structure(question, language, {"bab.md": with_front}) is None


@pytest.mark.parametrize("question", ["Which university is this thesis from?", "Di universitas mana skripsi ini?"])
def test_a_university_question_without_a_title_page_is_left_to_retrieval(question: str):
    # no title page loaded: only the author and supervisors are the title page's alone; a university may be
    # named in the text (it raised a KeyError on a repository Markdown export whose bold title page gave no facts)
    assert answer_structure(question, "en", {"bab.md": PART}) is None


FRONT = dict(PART, front=[
    ["author", "Anisa Lubis", "Nama : Anisa Lubis", 0, 18, "c0", "Halaman Judul"],
    ["supervisor", "Dr. Yuliani, M.Psi.", "Pembimbing I : Dr. Yuliani, M.Psi.", 19, 52, "c0", "Halaman Judul"],
    ["supervisor", "Fadhil, M.A.", "Pembimbing II : Fadhil, M.A.", 53, 80, "c0", "Halaman Judul"],
])


@pytest.mark.parametrize(
    ("question", "history", "language", "text"),
    [
        # an ordinal picks one of the title page's supervisors
        ("Siapa pembimbing kedua skripsi ini?", [], "id", "Pembimbing skripsi ini: Fadhil, M.A. [Halaman Judul]."),
        ("Who supervised this thesis?", [], "en", "The thesis was supervised by Dr. Yuliani, M.Psi. and Fadhil, M.A. "
         "[Halaman Judul]."),
        # a short follow-up to a title-page question asks the same field again
        ("And who is the second one?", ["Who is the main supervisor of this thesis?", "Dr. Yuliani [Halaman Judul]."],
         "en", "The thesis was supervised by Fadhil, M.A. [Halaman Judul]."),
        ("Yang pertama?", ["Siapa pembimbing skripsi ini?", "Dr. Yuliani dan Fadhil."], "id",
         "Pembimbing skripsi ini: Dr. Yuliani, M.Psi. [Halaman Judul]."),
    ],
)
def test_title_page_ordinals_and_follow_ups(question: str, history: list[str], language: str, text: str):
    turns = [Turn(role, content) for role, content in zip(("user", "assistant"), history)]
    answer = answer_structure(question, language, {"bab.md": FRONT}) or answer_front_follow_up(
        question, turns, language, {"bab.md": FRONT})
    assert answer is not None and not answer.refused and answer.kind == "front"
    assert answer.text == text
    assert {c.section for c in answer.citations} == {"Halaman Judul"}


def test_a_follow_up_to_a_question_about_the_text_is_no_title_page_question():
    turns = [Turn("user", "Berapa jumlah responden?"), Turn("assistant", "Sebanyak 120 orang [3.2].")]
    assert answer_front_follow_up("Yang kedua?", turns, "id", {"bab.md": FRONT}) is None
    # nor is a follow-up to a title-page question that asks something else of it
    turns = [Turn("user", "Who wrote this thesis?"), Turn("assistant", "Anisa Lubis [Halaman Judul].")]
    assert answer_front_follow_up("And where did she study?", turns, "en", {"bab.md": FRONT}) is None
    answer = answer_front_follow_up("And the other one?", [Turn("user", "Who supervised this thesis?")], "en",
                                    {"bab.md": FRONT})
    assert answer is not None and "Fadhil" in answer.text


ARTICLE = {  # a naskah publikasi: unnumbered sections whose ids are their titles, no chapter heading printed
    "chapters": [],
    "sections": [
        _row("Abstrak", "Abstrak", 0, 1, 1, kind="front"),
        _row("Pendahuluan", "Pendahuluan", 1, 1, 1, printed=""),
        _row("Metode Penelitian", "Metode Penelitian", 2, 1, 2, printed=""),
        _row("Hasil Penelitian dan Pembahasan", "Hasil Penelitian dan Pembahasan", 3, 1, 2, printed=""),
        _row("Hasil Siklus I", "Hasil Siklus I", 3, 2, 3, printed=""), _row("Refleksi", "Refleksi", 3, 2, 3, printed=""),
        _row("Hasil Siklus II", "Hasil Siklus II", 3, 2, 3, printed=""),
        _row("Simpulan dan Saran", "Simpulan dan Saran", 4, 1, 4, printed=""),
        _row("Daftar Pustaka", "Daftar Pustaka", 0, 1, 4, kind="references"),
    ],
}


def test_an_unnumbered_sections_page_is_said_by_its_title():
    answer = answer_structure("Di halaman berapa bagian Hasil Siklus II dimulai?", "id", {"a.txt": ARTICLE})
    assert answer is not None and not answer.refused
    assert answer.text == "Bagian “Hasil Siklus II” dimulai di halaman 3 [Hasil Siklus II]."


def test_an_unnumbered_sections_subsections_follow_it():
    answer = answer_structure("Which subsections does the results and discussion section have?", "en",
                              {"a.txt": ARTICLE})
    assert answer is not None and not answer.refused
    assert "“Hasil Siklus I” [Hasil Siklus I]; “Refleksi” [Refleksi]; “Hasil Siklus II” [Hasil Siklus II]" in answer.text
    assert answer.text.startswith("The section “Hasil Penelitian dan Pembahasan” has 3 subsections")
    assert [c.section for c in answer.citations][:1] == ["Hasil Siklus I"]


def test_an_articles_parts_are_its_unnumbered_sections():
    answer = answer_structure("Bagian apa saja yang terdapat dalam naskah publikasi ini?", "id", {"a.txt": ARTICLE})
    assert answer is not None and not answer.refused
    assert "BAB" not in answer.text
    assert "“Hasil Penelitian dan Pembahasan” [Hasil Penelitian dan Pembahasan]: “Hasil Siklus I” [Hasil Siklus I]" \
        in answer.text
    assert "“Simpulan dan Saran” [Simpulan dan Saran]" in answer.text


@pytest.mark.parametrize(("question", "fields"), [
    ("Siapa penulis naskah publikasi ini?", ("author", "student_number")),
    ("Who wrote this article?", ("author", "student_number")),
    ("Siapa penulis artikel ini?", ("author", "student_number")),
])
def test_an_article_is_asked_about_like_a_thesis(question: str, fields: tuple[str, ...]):
    assert front_intent(question) == fields
