"""What an extractive answer quotes beside its span, and which of two sentences stating the same thing it cites.

- A factoid's span is read from one sentence, which need not be the one the question matched best: the other
  chosen sentences of the span's section are quoted after it (another section's are not).
- A sentence quoted because it finishes the best one and that announces what follows ("Pasal 4 ... berbunyi:")
  is quoted with what it announces.
- An abstract's sentence that restates a body sentence among the evidence (close, and every number of it stated
  there) gives that body sentence its place; one the body only comes close to (a hypothesis without the
  abstract's figures) keeps it.

The sentences are invented for these tests; the embedder is the hashed bag of words (no model).
"""

from __future__ import annotations

from fakes import MemoryIndex, toy_chunks

from assistant.answering.evidence import ScoredEvidence, _body_over_summary, _with_continuations
from assistant.core.types import Chunk, Sentence
from assistant.generators.base import Evidence, GenerationRequest, Passage
from assistant.generators.extractive import compose
from assistant.index.embeddings import HashEmbedder


def _item(text: str, section: str, score: float, paragraph: int = 0, start: int = 0,
          language: str = "id") -> ScoredEvidence:
    sentence = Sentence(text, start, start + len(text), language=language)
    chunk = Chunk(f"{section}-{paragraph}", text, "toy.txt", 4, "HASIL", section, section, section, paragraph,
                  start, start + len(text), (sentence,))
    return ScoredEvidence(Passage(chunk, 0.9, 1), sentence, score, {})


def _request(evidence: list[Evidence], span: str) -> GenerationRequest:
    return GenerationRequest(question="Berapa bibit yang diterima setiap petani?", standalone_question="",
                             language="id", question_type="number", passages=(), evidence=tuple(evidence),
                             answer_span=span)


def test_a_spans_answer_quotes_the_other_chosen_sentences_of_its_section() -> None:
    naming = _item("Pada musim pertama setiap petani menerima 40 karung pupuk.", "4.2", 0.7, start=100)
    best = _item("Sampai bulan Juni setiap petani menerima 1.050 bibit dari kebun desa.", "4.2", 0.9, start=0)
    answer = compose(_request([naming, best], "40 karung"))
    assert answer.startswith("40 karung — menurut tesis ini: “Pada musim pertama")
    assert "“Sampai bulan Juni setiap petani menerima 1.050 bibit dari kebun desa.” [4.2]" in answer


def test_a_spans_answer_does_not_quote_another_sections_sentence() -> None:
    naming = _item("Pada musim pertama setiap petani menerima 40 karung pupuk.", "4.2", 0.7)
    other = _item("Sampai bulan Juni setiap petani menerima 1.050 bibit dari kebun desa.", "4.3", 0.9)
    answer = compose(_request([naming, other], "40 karung"))
    assert "1.050" not in answer and "[4.3]" not in answer


def test_a_follower_announcing_what_follows_is_quoted_with_it() -> None:
    best = _item("Pada tingkat desa, Peraturan Desa Nomor 3 mengatur jatah bibit.", "2.C", 0.9, start=0)
    announcing = _item("Pasal 4 peraturan tersebut berbunyi:", "2.C", 0.6, start=70)
    article = _item("Setiap petani menerima bibit paling banyak 1.400 batang dalam satu musim tanam.", "2.C", 0.2,
                    paragraph=1, start=120)
    quoted = _with_continuations([best], [best, announcing, article], explain=True)
    assert [e.sentence.text for e in quoted] == [best.sentence.text, announcing.sentence.text, article.sentence.text]


def _index(items: list[ScoredEvidence]) -> MemoryIndex:
    embedder = HashEmbedder()
    chunks = toy_chunks([(e.passage.chunk.section_id, e.passage.chunk.section_id, "t", 0, [e.sentence.text])
                         for e in items], language="id")
    return MemoryIndex(embedder, chunks, {4: "HASIL"})


def test_an_abstract_sentence_restating_a_body_sentence_gives_it_its_place() -> None:
    summary = _item("Rata-rata hasil panen kebun sekolah adalah 48 kilogram per bulan.", "Abstrak", 0.9)
    body = _item("Rata-rata hasil panen sayur kebun sekolah adalah 48 kilogram per bulan.", "4.3", 0.6, start=500)
    index = _index([summary, body])
    out = sorted(_body_over_summary([summary, body], index, index.embedder), key=lambda e: -e.score)  # type: ignore[arg-type]
    assert out[0].passage.chunk.section_id == "4.3" and out[0].score == 0.9


def test_a_body_sentence_without_the_abstracts_figures_does_not_take_its_place() -> None:
    summary = _item("Rata-rata hasil panen kebun sekolah adalah 48 kilogram per bulan.", "Abstrak", 0.9)
    hypothesis = _item("Rata-rata hasil panen kebun sekolah adalah lebih dari kilogram per bulan.", "2.5", 0.6,
                       start=500)
    index = _index([summary, hypothesis])
    out = sorted(_body_over_summary([summary, hypothesis], index, index.embedder), key=lambda e: -e.score)  # type: ignore[arg-type]
    assert out[0].passage.chunk.section_id == "Abstrak"


def test_a_sentence_naming_a_numbered_equation_is_quoted_with_it() -> None:
    from assistant.answering.evidence import _with_equations

    naming = _item("Persentase kehadiran dihitung dengan persamaan (4.1).", "4.3", 0.9, start=0)
    equation = _item("P = (Jumlah hadir / Jumlah pertemuan) × 100% (4.1)", "4.3", 0.3, start=60)
    other = _item("Rata-rata hasil panen dihitung dengan rumus (4.2) sebagai berikut.", "4.3", 0.2, start=120)
    quoted = _with_equations([naming], [naming, other, equation])
    assert [e.sentence.text for e in quoted] == [naming.sentence.text, equation.sentence.text]


def test_a_factoid_quotes_a_second_sentence_close_to_the_best() -> None:
    from types import SimpleNamespace

    from assistant.answering.evidence import choose

    analysis = SimpleNamespace(qtype="number", question="Berapa total potongan?", follow_up=False, asks_source=False)
    retrieval = SimpleNamespace(named_sections=(), overview=False)
    best = _item("Penulis menemukan 12 petani yang penghasilannya antara Rp 4.300.000 dan Rp 5.900.000.", "4.2",
                 0.90, start=0)
    close = _item("Potongan atas 12 petani tersebut berjumlah Rp 18.720.000 sepanjang tahun 2022.", "4.2", 0.85,
                  start=100)
    far = _item("Jumlah petani di desa itu 412 orang.", "4.2", 0.40, start=200)
    quoted = choose(analysis=analysis, evidence=[best, close, far], retrieval=retrieval, margin=0.15)  # type: ignore[arg-type]
    assert [e.sentence.text for e in quoted] == [best.sentence.text, close.sentence.text]


def test_a_quoted_table_caption_is_quoted_with_its_rows() -> None:
    from assistant.answering.evidence import _with_rows

    def cell(text: str, start: int) -> ScoredEvidence:
        sentence = Sentence(text, start, start + len(text), language="id")
        chunk = Chunk("3.1-t", "", "toy.txt", 3, "METODE", "3.1", "Kriteria", "3.1", 1, 100, 300, (sentence,),
                      kind="caption")
        return ScoredEvidence(Passage(chunk, 0.9, 1), sentence, 0.3, {})

    best = _item("Kriteria bertipe biaya adalah kriteria yang nilainya makin kecil makin baik.", "3.1", 0.9)
    caption, header = cell("Tabel 3.1 Kriteria dan Bobot Penilaian", 100), cell("Kode Kriteria Atribut Bobot", 140)
    rows = [cell("K1 Harga per karung Biaya 0,30", 170), cell("K2 Jarak pemasok Biaya 0,15", 210)]
    quoted = _with_rows([best, caption], [best, caption, header, *rows])
    assert [e.sentence.text for e in quoted] == [best.sentence.text, caption.sentence.text, header.sentence.text,
                                                 *(r.sentence.text for r in rows)]


def test_an_english_answer_gives_an_indonesian_sentences_numbers_the_english_way() -> None:
    naming = _item("Server menerima 5.040 baris data, atau 99,2% dari yang dikirim.", "4.1", 0.9)
    request = GenerationRequest(question="How many rows did the server receive?", standalone_question="",
                                language="en", question_type="number", passages=(), evidence=(naming,),
                                answer_span="5.040")
    answer = compose(request)
    assert answer.startswith("5,040 — the thesis says (quoted in Indonesian): “Server menerima 5.040 baris")
    english = _item("The server received 5.040 rows.", "4.1", 0.9, language="en")
    assert compose(GenerationRequest(question="How many rows?", standalone_question="", language="en",
                                     question_type="number", passages=(), evidence=(english,),
                                     answer_span="5.040")).startswith("5.040 — the thesis says: ")


def test_the_pool_reads_a_later_passage_of_the_best_passages_section() -> None:
    from types import SimpleNamespace

    from assistant.answering.evidence import POOL_PASSAGES, evidence_pool

    def passage(section: str, paragraph: int, rank: int) -> Passage:
        text = f"Kalimat paragraf {paragraph} bagian {section}."
        sentence = Sentence(text, rank * 100, rank * 100 + len(text), language="id")
        chunk = Chunk(f"{section}-{paragraph}", text, "toy.txt", 4, "HASIL", section, section, section, paragraph,
                      rank * 100, rank * 100 + len(text), (sentence,))
        return Passage(chunk, 1.0 - rank / 10, rank)

    passages = [passage("4.1", 0, 1), passage("4.2", 0, 2), passage("4.3", 0, 3), passage("4.1", 3, 4),
                passage("4.4", 0, 5)]
    analysis = SimpleNamespace(asks_source=False, qtype="which")
    pool = evidence_pool(analysis=analysis, retrieval=SimpleNamespace(passages=passages, named_sections=()))  # type: ignore[arg-type]
    read = {(p.chunk.section_id, p.chunk.paragraph_index) for p, _ in pool}
    assert POOL_PASSAGES == 3 and read == {("4.1", 0), ("4.2", 0), ("4.3", 0), ("4.1", 3)}
