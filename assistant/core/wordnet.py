"""English synonyms from a general, maintained resource: Princeton WordNet 3.0 as Debian's ``wordnet-base``
ships it (``/usr/share/wordnet``: ``index.<pos>`` lists each lemma's synsets, most frequent sense first;
``data.<pos>`` holds each synset's lemmas and pointers at a byte offset; WordNet 3.0 licence, permissive).

Used where the English-Indonesian dictionary lacks a question word ("supplier", "pupil"): the lemmas of the
word's synsets (its synonyms in its commonest senses, then their hypernyms) that the dictionary does know
stand in for it (``assistant.retrieval.vocabulary``), and the corpus decides which of their translations it
uses, as for any dictionary translation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.core.errors import MissingDependencyError

WORDNET_DIR = Path("/usr/share/wordnet")
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
SENSES = 2  # synsets per part of speech a missing word's stand-ins are taken from (its commonest senses)
_HYPERNYMS = ("@", "@i")
_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


class WordNetMissingError(MissingDependencyError):
    """The WordNet database files are not installed."""


@dataclass(frozen=True)
class Synset:
    """One WordNet sense: its part of speech, its lemmas (spaces for underscores, lower case, in the
    database's order), the byte offsets of its hypernyms (same part of speech) and its lemmas'
    derivationally related forms ((lemma, part of speech, offset, lemma number there): "supplier" -> supply)."""

    pos: str
    offset: int
    lemmas: tuple[str, ...]
    hypernyms: tuple[int, ...]
    derived: tuple[tuple[str, str, int, int], ...] = ()

    def derivations(self, wordnet: WordNet, lemma: str) -> list[str]:
        """The lemmas a lemma of this synset is derivationally related to ("supplier" -> supply)."""
        out = []
        for source, pos, offset, number in self.derived:
            if source == lemma:
                related = wordnet.synset(pos, offset).lemmas
                if 0 < number <= len(related) and related[number - 1] not in out:
                    out.append(related[number - 1])
        return out


class WordNet:
    """The lemma index of every part of speech and lazily parsed synsets."""

    def __init__(self, directory: Path = WORDNET_DIR) -> None:
        paths = [directory / f"{kind}.{pos}" for pos in PARTS_OF_SPEECH for kind in ("index", "data")]
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise WordNetMissingError(
                f"WordNet is missing ({missing[0]}): install it with `sudo apt-get install wordnet-base` "
                "(or run `make setup`)."
            )
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}
        self._data: dict[str, bytes] = {}
        self._synsets: dict[tuple[str, int], Synset] = {}
        for pos in PARTS_OF_SPEECH:
            entries: dict[str, tuple[int, ...]] = {}
            for line in (directory / f"index.{pos}").read_text(encoding="utf-8", errors="replace").splitlines():
                if not line or line.startswith(" "):
                    continue  # the licence header
                fields = line.split()
                # lemma pos synset_cnt p_cnt [ptr_symbol]{p_cnt} sense_cnt tagsense_cnt offset{synset_cnt}
                count, pointers = int(fields[2]), int(fields[3])
                offsets = fields[4 + pointers + 2 :]
                entries[fields[0].replace("_", " ").lower()] = tuple(int(o) for o in offsets[:count])
            self._index[pos] = entries
            self._data[pos] = (directory / f"data.{pos}").read_bytes()

    def senses(self, lemma: str, pos: str) -> tuple[Synset, ...]:
        """The synsets of a lemma in one part of speech, most frequent sense first."""
        return tuple(self.synset(pos, o) for o in self._index[pos].get(lemma.lower(), ()))

    def has(self, lemma: str) -> bool:
        """The lemma is in WordNet under some part of speech."""
        return any(lemma.lower() in self._index[pos] for pos in PARTS_OF_SPEECH)

    def synset(self, pos: str, offset: int) -> Synset:
        key = (pos, offset)
        found = self._synsets.get(key)
        if found is None:
            data = self._data[pos]
            end = data.index(b"\n", offset)
            self._synsets[key] = found = parse_synset(pos, data[offset:end].decode("utf-8", "replace"))
        return found


def parse_synset(pos: str, line: str) -> Synset:
    """A ``data.<pos>`` line: ``offset lex_filenum ss_type w_cnt (word lex_id){w_cnt} p_cnt
    (symbol offset pos source/target){p_cnt} ... | gloss`` (w_cnt in hex)."""
    fields = line.split(" | ", 1)[0].split()
    count = int(fields[3], 16)
    lemmas: list[str] = []
    for i in range(count):
        word = fields[4 + 2 * i]
        if word.endswith(")") and "(" in word:  # an adjective's syntactic marker: "galore(ip)"
            word = word[: word.index("(")]
        lemmas.append(word.replace("_", " ").lower())  # kept in place: pointers number them
    at = 4 + 2 * count
    pointers = int(fields[at])
    hypernyms, derived = [], []
    for i in range(pointers):
        symbol, target, target_pos, numbers = fields[at + 1 + 4 * i : at + 5 + 4 * i]
        if symbol in _HYPERNYMS and _POS[target_pos] == pos:
            hypernyms.append(int(target))
        elif symbol == "+" and int(numbers[:2], 16) and int(numbers[:2], 16) <= len(lemmas):
            derived.append((lemmas[int(numbers[:2], 16) - 1], _POS[target_pos], int(target), int(numbers[2:], 16)))
    return Synset(pos, int(fields[0]), tuple(lemmas), tuple(hypernyms), tuple(derived))


@lru_cache(maxsize=1)
def get_wordnet() -> WordNet:
    """The installed WordNet, read once per process (about a second)."""
    return WordNet()


def stand_ins(word: str, known: Callable[[str], bool], wordnet: WordNet, senses: int = SENSES,
              hypernyms: bool = True) -> list[str]:
    """English words that can stand in for one another resource lacks: among the word's ``senses`` commonest
    synsets of each part of speech (first senses of every part of speech first), its derivationally related
    forms ("supplier" -> supply) and its synonyms ("pupil" -> student) that ``known`` accepts; when none is,
    the same of the synsets' hypernyms (one level up) if ``hypernyms``."""
    word = word.lower()
    ranked = sorted(((rank, order, synset) for order, pos in enumerate(PARTS_OF_SPEECH)
                     for rank, synset in enumerate(wordnet.senses(word, pos)[: int(senses)])), key=lambda t: t[:2])
    synsets = [synset for _, _, synset in ranked]
    out: list[str] = []

    def offer(lemma: str) -> None:
        if lemma != word and lemma not in out and known(lemma):
            out.append(lemma)

    for synset in synsets:
        for lemma in synset.derivations(wordnet, word):
            offer(lemma)
        for lemma in synset.lemmas:
            offer(lemma)
    if not out and hypernyms:
        for synset in synsets:
            for offset in synset.hypernyms:
                for lemma in wordnet.synset(synset.pos, offset).lemmas:
                    offer(lemma)
    return out
