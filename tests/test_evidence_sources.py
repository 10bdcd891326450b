"""A question asking for a source is answered by the footnotes of the best sentence's section (the notes its
paragraph cites first); any other question never quotes a footnote. Real document (the DOCX thesis with
footnotes, parsed and chunked by the ingest code), scores given (pure logic of evidence selection)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.answering.evidence import ScoredEvidence, _notes_first, choose, evidence_pool
from assistant.answering.question import asks_source
from assistant.core.text import index_terms
from assistant.generators.base import Passage

DOCX = Path(__file__).resolve().parent.parent / "evals" / "collection" / "hukum-islam-zakat-profesi.docx"


@pytest.fixture(scope="module")
def chunks():
    from ingest.chunk import chunk_document
    from ingest.parse import parse_file

    return chunk_document(parse_file(DOCX), lambda text: len(text) < 2000)


def _index(chunks):
    sections: dict[str, list[int]] = {}
    for i, chunk in enumerate(chunks):
        sections.setdefault(chunk.section_id, []).append(i)
    return SimpleNamespace(chunks=chunks, sections=sections)


def _analysis(question: str):
    return SimpleNamespace(question=question, qtype="which", query_terms=tuple(index_terms(question)), terms=(),
                           follow_up=False, asks_source=asks_source(question))  # as analysis.analyse sets it


def _evidence(chunks, section: str, said: str, score: float = 0.9):
    """The sentence of ``section`` holding ``said`` as the best evidence, another sentence after it."""
    found = [(c, s) for c in chunks if c.section_id == section for s in c.sentences if said in s.text]
    chunk, sentence = found[0]
    other = next(c for c in chunks if c.section_id != section and c.kind == "text")
    return [ScoredEvidence(Passage(chunk, 1.0, 1), sentence, score, {"lexical": 0.3}),
            ScoredEvidence(Passage(other, 0.5, 2), other.sentences[0], score - 0.2, {"lexical": 0.1})]


@pytest.mark.parametrize(("question", "expected"), [
    ("Apa sumber pernyataan bahwa lembaga itu menerima 41 surat keberatan?", True),
    ("Which source does the author cite for the view that it is calculated from net income?", True),
    ("Halaman berapa buku yang dikutip untuk pernyataan itu?", True),
    ("Is he cited anywhere in the thesis as a source?", True),
    ("According to whom is the deduction valid?", True),
    ("Apa rujukan penulis untuk definisi tersebut?", True),
    ("Di halaman berapa subbab Pembahasan Hasil Penelitian dimulai?", False),  # a page of a section
    ("On which page does section 3.4 start?", False),
    ("Berapa jumlah pengikut halaman Facebook dinas itu?", False),
    ("Sumber karbon apa yang ditambahkan ke air?", False),  # a source the thesis studies
    ("What is the main source of income for the farmers?", False),
    ("Which article of the law puts the burden of proof on the seller?", False),
])
def test_a_question_asking_for_a_source(question, expected):
    assert asks_source(question) is expected


def test_a_source_question_quotes_the_note_its_sentence_cites_first(chunks):
    question = "Which source does the author cite for the view that it is calculated from net income?"
    analysis = _analysis(question)
    ranked = _notes_first(analysis, _evidence(chunks, "2.B", "menghitungnya dari penghasilan netto"), _index(chunks))
    chosen = choose(analysis=analysis, evidence=ranked, retrieval=SimpleNamespace(named_sections=(), overview=False))
    assert chosen[0].passage.chunk.kind == "footnote" and chosen[0].passage.chunk.section_id == "2.B"
    assert "hlm. 486" in " ".join(e.sentence.text for e in chosen if e.passage.chunk.kind == "footnote")
    assert "penghasilan netto" in chosen[-1].sentence.text  # then the sentence it is the source of
    assert all("hlm. 117" not in e.sentence.text for e in chosen)  # the note of another paragraph is not quoted


def test_of_a_paragraphs_notes_the_one_naming_the_questions_words_comes_first(chunks):
    question = "Halaman berapa buku Hasibuan yang dikutip untuk pernyataan bahwa harta di bawah nisab tidak wajib?"
    ranked = _notes_first(_analysis(question), _evidence(chunks, "2.A", "pemiliknya tidak wajib berzakat"),
                          _index(chunks))
    notes = list(dict.fromkeys(e.passage.chunk.text for e in ranked if e.passage.chunk.kind == "footnote"))
    assert notes == ["Hasibuan, Op. Cit., hlm. 60.", "Ibid., hlm. 98."]


def test_a_question_not_asking_for_a_source_never_gets_a_note(chunks):
    notes = [c for c in chunks if c.kind == "footnote"][:3]
    retrieval = SimpleNamespace(passages=[Passage(c, 1.0, i) for i, c in enumerate(notes, start=1)],
                                named_sections=(), overview=False)
    plain = SimpleNamespace(**{**vars(_analysis("Berapa jumlah surat keberatan itu?")), "qtype": "number"})
    assert evidence_pool(analysis=plain, retrieval=retrieval) == []
    asking = _analysis("Apa sumber pernyataan itu?")
    assert len(evidence_pool(analysis=asking, retrieval=retrieval)) == sum(len(c.sentences) for c in notes)
    # and its evidence is left as ranked
    evidence = _evidence(chunks, "2.B", "menghitungnya dari penghasilan netto")
    assert choose(analysis=plain, evidence=evidence, retrieval=retrieval)[0].passage.chunk.kind == "text"


def test_the_notes_a_paragraph_cites_are_those_right_after_it(chunks):
    from assistant.answering.evidence import _cited_notes

    index = _index(chunks)
    netto = next(c for c in chunks if c.section_id == "2.B" and "penghasilan netto" in c.text and c.kind == "text")
    assert [n.text for n in _cited_notes(netto, index)] == ["Al-Qaradawi, Op. Cit., hlm. 486."]
    closing = [c for c in chunks if c.section_id == "2.B" and c.kind == "text"][-1]
    assert _cited_notes(closing, index) == []  # a paragraph with no note after it cites none


def test_a_follow_up_asking_whether_the_person_named_is_cited_finds_the_note_naming_them(chunks):
    from assistant.answering.evidence import _naming_notes

    analysis = SimpleNamespace(question="Is he cited anywhere in the thesis as a source?",
                               previous_question="Who is the thesis's first supervisor?",
                               previous_answer="Dr. H. Ahmad Syarifuddin, M.Ag. is Pembimbing I.")
    notes = _naming_notes(analysis, _evidence(chunks, "2.B", "penghasilan netto"), _index(chunks))
    assert [n.section_id for n in notes] == ["4.3"] and "Komisi Fatwa" in notes[0].text
    nobody = SimpleNamespace(**{**vars(analysis), "previous_answer": "It was defended in June."})
    assert _naming_notes(nobody, _evidence(chunks, "2.B", "penghasilan netto"), _index(chunks)) == []


def test_only_names_and_numbers_of_a_source_question_point_at_a_note():
    from assistant.answering.evidence import _names_and_numbers

    assert _names_and_numbers("Which source does the author cite for the view ") == set()  # 'view' is a note's 'Lihat'
    assert _names_and_numbers("Which article of Law Number 23 of 2011 does the author cite ") == {
        "law", "number", "23", "2011"}
    assert _names_and_numbers("Halaman berapa buku Hasibuan yang dikutip untuk pernyataan ") == {"hasibuan"}
