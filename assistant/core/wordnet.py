"""English WordNet (Princeton WordNet 3.0 as Debian's ``wordnet-base`` installs it in /usr/share/wordnet),
read from its database files as wndb(5) describes them: ``index.<pos>`` lists a lemma's synsets by byte
offset, most frequent sense first; ``data.<pos>`` holds at each offset a synset's words and its pointers
to other synsets. A general, maintained resource: it bridges an English word the English-Indonesian
dictionary lacks ("pupil", "determine") to synonyms it has ("student", "find").

Optional: without the files :func:`load` returns None and every caller works as before.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

WORDNET_DIR = Path("/usr/share/wordnet")
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
_POS_FILE = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
HYPERNYM = "@"
DERIVED = "+"  # derivationally related form ("determine" <-> "determination")


@dataclass(frozen=True)
class Synset:
    """One synset: its words (lower case, spaces for underscores) and pointers (symbol, pos file, offset)."""

    pos: str
    offset: int
    words: tuple[str, ...]
    pointers: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class WordNet:
    """A lemma's senses and their synsets, read on demand from the database files."""

    index: dict[str, dict[bytes, bytes]]  # pos file -> lemma -> its index line
    data: dict[str, bytes | mmap.mmap]  # pos file -> the data file's bytes
    _synsets: dict[tuple[str, int], Synset] = field(default_factory=dict, compare=False, repr=False)

    def senses(self, word: str, per_pos: int | None = None) -> tuple[tuple[str, int], ...]:
        """A word's synsets as (pos file, offset), the most frequent sense of each part of speech
        first, then each one's second sense, and so on (a part of speech with more sense-tagged uses
        before another at the same rank); ``per_pos``: only that many senses of each."""
        key = word.lower().replace(" ", "_").encode("utf-8")
        ranked: list[tuple[int, int, str, int]] = []
        for pos in PARTS_OF_SPEECH:
            line = self.index.get(pos, {}).get(key)
            if line is None:
                continue
            fields = line.split()
            pointer_count = int(fields[3])
            tagged = int(fields[5 + pointer_count])
            offsets = fields[6 + pointer_count :][:per_pos]
            ranked.extend((rank, -tagged, pos, int(offset)) for rank, offset in enumerate(offsets))
        ranked.sort(key=lambda r: (r[0], r[1], PARTS_OF_SPEECH.index(r[2])))
        return tuple((pos, offset) for _, _, pos, offset in ranked)

    def synset(self, pos: str, offset: int) -> Synset:
        """The synset at a byte offset of ``data.<pos>``."""
        cached = self._synsets.get((pos, offset))
        if cached is not None:
            return cached
        data = self.data[pos]
        end = data.find(b"\n", offset)
        line = data[offset : end if end >= 0 else len(data)].decode("utf-8", "replace")
        fields = line.split(" | ", 1)[0].split()
        count = int(fields[3], 16)
        words = []
        for i in range(count):
            word = fields[4 + 2 * i].split("(", 1)[0]  # adjectives carry a marker: "beautiful(a)"
            word = word.replace("_", " ").lower()
            if word not in words:
                words.append(word)
        at = 4 + 2 * count
        pointer_count = int(fields[at])
        pointers = []
        for i in range(pointer_count):
            symbol, target, target_pos = fields[at + 1 + 4 * i : at + 4 + 4 * i]
            pointers.append((symbol, _POS_FILE.get(target_pos, "noun"), int(target)))
        out = Synset(pos, offset, tuple(words), tuple(pointers))
        self._synsets[pos, offset] = out
        return out

    def synonyms(self, word: str, related: tuple[str, ...] = (), per_pos: int | None = None) -> tuple[str, ...]:
        """The words sharing a synset with ``word``, most frequent senses first (the word itself left
        out), then those of the synsets its senses point to by a symbol in ``related`` (e.g. ``"+"``
        derivationally related forms, ``"@"`` hypernyms); ``per_pos``: senses of each part of speech."""
        own = word.lower()
        out: list[str] = []
        senses = [self.synset(pos, offset) for pos, offset in self.senses(own, per_pos)]
        for synset in senses:
            out.extend(w for w in synset.words if w != own and w not in out)
        for synset in senses if related else ():
            for symbol, pos, offset in synset.pointers:
                if symbol in related:
                    out.extend(w for w in self.synset(pos, offset).words if w != own and w not in out)
        return tuple(out)


def load(directory: Path = WORDNET_DIR) -> WordNet | None:
    """WordNet from ``directory``'s ``index.*`` and ``data.*`` files; None when they are not installed
    (``apt-get install wordnet-base``)."""
    paths = [(pos, directory / f"index.{pos}", directory / f"data.{pos}") for pos in PARTS_OF_SPEECH]
    if not all(index.is_file() and data.is_file() for _, index, data in paths):
        return None
    index: dict[str, dict[bytes, bytes]] = {}
    data: dict[str, bytes | mmap.mmap] = {}
    for pos, index_path, data_path in paths:
        lines = index_path.read_bytes().split(b"\n")
        index[pos] = {line.split(b" ", 1)[0]: line for line in lines if line and not line.startswith(b" ")}
        with data_path.open("rb") as handle:
            size = data_path.stat().st_size
            data[pos] = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    return WordNet(index, data)


@lru_cache(maxsize=1)
def get_wordnet() -> WordNet | None:
    """The installed WordNet, read once per process (None when absent)."""
    return load()
