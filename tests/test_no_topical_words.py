"""No topical word of any corpus in the code of the write and read paths.

A string in the code of ``assistant/`` or ``ingest/`` (docstrings and comments aside: examples there
are fine) may hold words of the language (the English-Indonesian dictionary has them, in either
direction, or their Indonesian stem) and the genre's own words (BAB, Kesimpulan, Daftar Pustaka,
Pembimbing ...). A word that appears in a thesis of the corpus or the collection and in neither of
those is topical — a name, a place, a subject term — and the code must not know it: answers on the
next thesis would depend on it.
"""

from __future__ import annotations

import ast
import re

from conftest import ROOT

from assistant.core.dictionary import get_dictionary
from assistant.core.text import stem

CODE = [p for folder in ("assistant", "ingest") for p in (ROOT / folder).rglob("*.py")]
THESES = [ROOT / "corpus" / "bab-vi-penutup.txt",
          *sorted((ROOT / "evals" / "collection").glob("*.txt")),
          *sorted((ROOT / "evals" / "collection").glob("*.md")),
          *sorted((ROOT / "evals" / "collection_src").glob("*.src.txt"))]
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")


def _code_strings(path) -> list[str]:
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def _thesis_words() -> set[str]:
    words: set[str] = set()
    for path in THESES:
        words.update(w.lower() for w in _WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _general(word: str, dictionary) -> bool:
    return bool(word in dictionary.id_en or word in dictionary.en_id or dictionary.to_indonesian(word)
                or stem(word) in dictionary.id_en)


def test_the_code_knows_no_topical_word_of_a_thesis():
    dictionary = get_dictionary()
    in_theses = _thesis_words()
    found: dict[str, set[str]] = {}
    for path in CODE:
        for text in _code_strings(path):
            for word in {w.lower() for w in _WORD.findall(text)}:
                if word in in_theses and not _general(word, dictionary):
                    found.setdefault(word, set()).add(str(path.relative_to(ROOT)))
    allowed = GENRE_WORDS
    topical = {w: sorted(p) for w, p in found.items() if w not in allowed}
    assert not topical, topical


def test_the_check_sees_a_name_in_code():
    """The check is not vacuous: place names of the seed chapter and of a dev thesis would be caught."""
    assert "kisarazu" in _thesis_words() and not _general("kisarazu", get_dictionary())
    assert "margaluyu" in _thesis_words() and not _general("margaluyu", get_dictionary())


# The genre's own words and the general words the dictionary happens to lack (each checked by hand:
# thesis parts, academic titles, calendar and number words, function words).
GENRE_WORDS = set("""
    else include mencetak followed teorema
    apakah average been beliau bila children coefficient ratio rate below berisi best cannot content could demikian diajukan dibahas dikutip dirujuk disusun
    diuraikan docx does embedding follows found index into judul kajian karya lampiran lanjutan lebih lembar lower margin
    masih masing membahas meng menyusun method miliar more most over pada para pasal pembahasan pendamping
    pengantar pernah poin prof provide python raise relevan saja saran sastrawi shorten sisanya skripsi
    simbol smaller summary supervisor telah terlebih terus their these title undergraduate vector wajib were would yaitu yakni
    another concluded curriculum describe entitled finally following genre keywords particular sheet should size such
    therefore those twice ctrl rank
    diawali duration either otherwise shall skema keaslian selebihnya
    melebihi
    element rule thus
    improve improved lowered raised reduce reduced makin semakin positif positive
""".split())
