"""Thesis-shaped benchmark corpora of 1x, 10x, 100x, 1000x the real chapter, built deterministically.

The 1x corpus is the real chapter itself. Larger ones keep it and add generated chapters made of
its sentences, recombined and perturbed: other city pairs, people, dates, commodities and
ministries, synonyms, and filler sentences with chapter-specific made-up terms (so the vocabulary
grows with the corpus, as it does on a real shelf of theses). Every generated file is one chapter
(``BAB VII`` ... ``BAB CLXXX``) with numbered sections (7.1, 7.2, 7.2.1 ...), grouped six to a
thesis folder. Chapter numbers run on across the whole corpus so that section ids, which the
assistant cites, stay unique in one index; the real chapter keeps its number 6.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.core.text import roman

ROOT = Path(__file__).resolve().parent.parent
REAL_CHAPTER = ROOT / "corpus" / "bab-vi-penutup.txt"
GENERATOR_VERSION = "1"
STAMP = ".bench-corpus.json"  # a dot file: find_corpus_files ignores it
FIRST_CHAPTER = 7
MAX_CHAPTER = 399  # the parser reads Roman numerals made of I V X L C

CHAPTER_KINDS: list[tuple[str, list[str]]] = [
    ("PENDAHULUAN", ["Latar Belakang", "Rumusan Masalah", "Tujuan Penelitian", "Manfaat Penelitian",
                     "Batasan Masalah", "Sistematika Penulisan"]),
    ("TINJAUAN PUSTAKA", ["Penelitian Terdahulu", "Kerangka Teori", "Konsep Sister City", "Paradiplomasi",
                          "Kerjasama Internasional", "Kerangka Pemikiran"]),
    ("METODE PENELITIAN", ["Jenis Penelitian", "Lokasi dan Waktu Penelitian", "Sumber Data",
                           "Teknik Pengumpulan Data", "Informan Penelitian", "Teknik Analisis Data"]),
    ("GAMBARAN UMUM", ["Profil Kota {a}", "Profil Kota {b}", "Sejarah Kerjasama", "Kondisi Geografis",
                       "Kondisi Ekonomi", "Struktur Pemerintahan"]),
    ("PEMBAHASAN", ["Implementasi Kerjasama", "Bidang Pendidikan dan Kebudayaan", "Bidang Pariwisata",
                    "Bidang Lingkungan", "Bidang Kesehatan", "Hambatan Kerjasama", "Dampak Kerjasama"]),
    ("PENUTUP", ["Kesimpulan", "Saran"]),
]
SUBSECTION_TITLES = ["Pelaksanaan Program", "Hambatan dan Tantangan", "Capaian", "Evaluasi", "Rekomendasi"]


def _words(text: str) -> list[str]:
    return text.split()


INDONESIAN_CITIES = _words("""Bandung Surabaya Semarang Malang Medan Makassar Denpasar Palembang Yogyakarta Padang
Pontianak Manado Balikpapan Batam Surakarta Cirebon Tasikmalaya Sukabumi Depok Bekasi Tangerang Serang Kupang Ambon
Jayapura Banjarmasin Samarinda Pekanbaru Jambi Bengkulu Mataram Kendari Palu Gorontalo Ternate Sorong Madiun Kediri
Blitar Probolinggo Salatiga Magelang Pekalongan Tegal Bukittinggi Payakumbuh Sawahlunto Binjai Pematangsiantar""")
PARTNER_CITIES = [
    ("Toyama", "Jepang"), ("Kanazawa", "Jepang"), ("Sendai", "Jepang"), ("Kochi", "Jepang"), ("Okayama", "Jepang"),
    ("Kumamoto", "Jepang"), ("Nagasaki", "Jepang"), ("Hakodate", "Jepang"), ("Obihiro", "Jepang"), ("Fukui", "Jepang"),
    ("Suwon", "Korea Selatan"), ("Daejeon", "Korea Selatan"), ("Gwangju", "Korea Selatan"), ("Jeonju", "Korea Selatan"),
    ("Tainan", "Taiwan"), ("Hsinchu", "Taiwan"), ("Chiang Mai", "Thailand"), ("Khon Kaen", "Thailand"),
    ("Penang", "Malaysia"), ("Ipoh", "Malaysia"), ("Da Nang", "Vietnam"), ("Hue", "Vietnam"), ("Cebu", "Filipina"),
    ("Geelong", "Australia"), ("Darwin", "Australia"), ("Eindhoven", "Belanda"), ("Tilburg", "Belanda"),
    ("Freiburg", "Jerman"), ("Leipzig", "Jerman"), ("Lyon", "Prancis"),
]
MINISTRIES = [
    "Kementerian Kehutanan dan Lingkungan Hidup", "Kementerian Luar Negeri", "Kementerian Dalam Negeri",
    "Kementerian Pertanian", "Kementerian Kesehatan", "Kementerian Pariwisata dan Ekonomi Kreatif",
    "Kementerian Pendidikan dan Kebudayaan", "Kementerian Kelautan dan Perikanan", "Kementerian Perindustrian",
    "Kementerian Perhubungan", "Badan Perencanaan Pembangunan Nasional",
]
COMMODITIES = ["stroberi", "kopi arabika", "teh hijau", "kakao", "vanili", "jamur tiram", "anggrek", "padi organik",
               "rumput laut", "jeruk", "manggis", "salak", "buah naga", "melon", "kentang"]
FISH = ["ikan nila", "ikan lele", "udang vaname", "ikan gurami", "kepiting bakau", "ikan patin", "ikan mas",
        "ikan bandeng", "lobster air tawar", "ikan kerapu"]
CONCEPTS = ["Organic City", "Green City", "Smart City", "Eco City", "Creative City", "Resilient City",
            "Compact City", "Heritage City", "Healthy City", "Inclusive City", "Sponge City", "Blue City"]
MONTHS = _words("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember")
FIRST_NAMES = _words("Ahmad Budi Citra Dewi Eko Fajar Gita Hendra Intan Joko Kartika Lestari Mulyadi Nadia Rudi Sari")
LAST_NAMES = _words("Santoso Wibowo Hidayat Saputra Kusuma Pratama Nugroho Siregar Lubis Harahap Wijaya Setiawan")
SYNONYMS = {
    "menunjukkan": "memperlihatkan", "sangat": "amat", "meningkatkan": "memperkuat", "tujuan": "sasaran",
    "kendala": "hambatan", "kedepannya": "di masa mendatang", "pembangunan": "pengembangan", "terlihat": "tampak",
    "diharapkan": "diupayakan", "melihat": "menilai", "memperhatikan": "mencermati", "dilaksanakan": "dijalankan",
    "kenyataan": "fakta", "kemungkinan": "peluang", "menghadapi": "mengalami", "disepakati": "disetujui",
    "prioritas": "utama", "baik": "positif", "besar": "signifikan", "mampu": "dapat",
}
FILLERS = [
    "Hal ini sejalan dengan program {t1} yang dijalankan oleh Dinas {t2} Kota {a} sejak tahun {y}.",
    "Menurut data Badan Pusat Statistik tahun {y}, sektor {t1} menyumbang {n} persen terhadap perekonomian Kota {a}.",
    "Wawancara dengan pejabat Bagian Kerjasama Kota {a} menegaskan pentingnya forum {t1} bagi kedua kota.",
    "Konsep {t1} dalam kajian paradiplomasi menjelaskan peran aktor subnasional seperti Kota {a} dan {b}.",
    "Sebanyak {n} peserta dari {b} mengikuti kegiatan {t2} yang diselenggarakan di Kota {a} pada {d}.",
    "Dokumen rencana aksi {t1} memuat {n} butir kegiatan yang disepakati oleh kedua pihak.",
    "Penelitian {p} ({y}) menemukan bahwa kerjasama {t2} bergantung pada komitmen kepala daerah.",
    "Indikator {t1} digunakan untuk menilai capaian kerjasama antara {a} dan {b} secara berkala.",
]
_SYLLABLES = _words("""ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re
ri ro ru sa se si so su ta te ti to tu wa we wi ya yo ja jo ga go ha ho pa pe pi po pu""")


@dataclass(frozen=True)
class CorpusStats:
    """What a generated corpus holds."""

    size: int  # multiple of the real chapter
    seed: int
    files: int
    bytes: int
    chapters: int
    sections: int
    paragraphs: int
    version: str = GENERATOR_VERSION


def source_sentences(path: Path = REAL_CHAPTER) -> list[list[str]]:
    """The real chapter's paragraphs as lists of sentences (parsed by the project's own parser)."""
    from ingest.parse import parse_file

    document = parse_file(path)
    return [[s.text for s in p.sentences] for section in document.sections for p in section.paragraphs]


def corpus_dir(cache: Path, size: int) -> Path:
    """Where the corpus of a given size lives in the cache."""
    return cache / f"corpus-{size}x"


def ensure_corpus(cache: Path, size: int, seed: int = 0) -> tuple[Path, CorpusStats]:
    """The corpus of ``size`` x the real chapter under ``cache``, generated only when missing or stale."""
    out = corpus_dir(cache, size)
    stamp = out / STAMP
    if stamp.is_file():
        try:
            stats = CorpusStats(**json.loads(stamp.read_text()))
            if stats.version == GENERATOR_VERSION and stats.seed == seed and stats.size == size:
                return out, stats
        except (ValueError, TypeError):
            pass
    return out, generate(size, out, seed)


def generate(size: int, out: Path, seed: int = 0, source: Path = REAL_CHAPTER) -> CorpusStats:
    """Write a corpus of about ``size`` x the real chapter's bytes into ``out`` (replacing it)."""
    if size < 1:
        raise ValueError("size must be at least 1 (the real chapter)")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copyfile(source, out / source.name)
    unit = source.stat().st_size
    target = size * unit
    total, files, chapters, sections, paragraphs = unit, 1, 1, 2, 5
    pool = source_sentences(source)
    rng = random.Random(f"thesis-bench:{seed}:{size}")
    number = FIRST_CHAPTER
    thesis = 0
    while target - total >= 3000:
        thesis += 1
        world = _World.make(rng, thesis)
        for kind, (title, section_titles) in enumerate(CHAPTER_KINDS):
            budget = min(rng.randint(20_000, 40_000), target - total)
            if budget < 3000:
                break
            if number > MAX_CHAPTER:
                raise ValueError(f"size {size} needs more than {MAX_CHAPTER - FIRST_CHAPTER + 1} chapters")
            text, counts = _chapter(rng, world, number, kind, title, section_titles, pool, budget)
            folder = out / f"tesis-{thesis:03d}"
            folder.mkdir(exist_ok=True)
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            data = text.encode("utf-8")
            (folder / f"bab-{number:03d}-{slug}.txt").write_bytes(data)
            total += len(data)
            files += 1
            chapters += 1
            sections += counts[0]
            paragraphs += counts[1]
            number += 1
    stats = CorpusStats(size, seed, files, total, chapters, sections, paragraphs)
    (out / STAMP).write_text(json.dumps(asdict(stats), indent=2))
    return stats


def fingerprint(out: Path) -> str:
    """sha256 over every corpus file's path and bytes (for determinism checks)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(path.relative_to(out).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class _World:
    """The entities of one generated thesis: who, where, when, what."""

    city_a: str
    city_b: str
    country_b: str
    person: str
    ministry: str
    ministry2: str
    commodity: str
    fish: str
    concept: str
    concept2: str
    years: tuple[int, int]
    terms: list[str]

    @classmethod
    def make(cls, rng: random.Random, thesis: int) -> _World:
        city_a = rng.choice(INDONESIAN_CITIES) if rng.random() < 0.6 else _word(rng, 3).capitalize()
        city_b, country = rng.choice(PARTNER_CITIES)
        if rng.random() < 0.3:
            city_b = _word(rng, 3).capitalize()
        ministry, ministry2 = rng.sample(MINISTRIES, 2)
        concept, concept2 = rng.sample(CONCEPTS, 2)
        start = rng.randint(2005, 2019)
        terms = [_word(rng, rng.randint(2, 4)) for _ in range(12)]
        return cls(
            city_a,
            city_b,
            country,
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            ministry,
            ministry2,
            rng.choice(COMMODITIES),
            rng.choice(FISH),
            concept,
            concept2,
            (start, start + rng.randint(1, 4)),
            terms,
        )


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _chapter(
    rng: random.Random,
    world: _World,
    number: int,
    kind: int,
    title: str,
    section_titles: list[str],
    pool: list[list[str]],
    budget: int,
) -> tuple[str, tuple[int, int]]:
    """One chapter file's text of about ``budget`` bytes, and its (sections, paragraphs) counts."""
    if kind == 3:
        title = f"{title} KOTA {world.city_a.upper()} DAN {world.city_b.upper()}"
    parts = [f"BAB {roman(number)}", title]
    titles = [t.format(a=world.city_a, b=world.city_b) for t in section_titles]
    per_section = max(1, budget // len(titles))
    used, sections, paragraphs = 0, 0, 0
    for index, section_title in enumerate(titles, start=1):
        if used >= budget:
            break
        sections += 1
        parts.append(f"{number}.{index} {section_title}")
        goal = min(per_section, budget - used)
        subsections = rng.sample(SUBSECTION_TITLES, rng.randint(2, 3)) if kind == 4 and rng.random() < 0.4 else []
        written = 0
        if subsections:
            for sub_index, sub_title in enumerate(subsections, start=1):
                parts.append(f"{number}.{index}.{sub_index} {sub_title}")
                sections += 1
                share = goal // len(subsections)
                sub_written = 0
                while sub_written < share or sub_written == 0:
                    paragraph = _paragraph(rng, world, pool)
                    parts.append(paragraph)
                    sub_written += len(paragraph.encode()) + 2
                    paragraphs += 1
                written += sub_written
        else:
            while written < goal or written == 0:
                paragraph = _paragraph(rng, world, pool)
                parts.append(paragraph)
                written += len(paragraph.encode()) + 2
                paragraphs += 1
        used += written
    return "\n\n".join(parts) + "\n", (sections, paragraphs)


def _paragraph(rng: random.Random, world: _World, pool: list[list[str]]) -> str:
    """2-6 sentences: a run of one real paragraph, sometimes one from another and a filler, perturbed."""
    source = rng.randrange(len(pool))
    start = rng.randrange(len(pool[source]))
    sentences = pool[source][start : start + rng.randint(2, 4)]
    if len(sentences) < 2:  # a run from the paragraph's end: continue with the next paragraph's opening
        sentences = sentences + pool[(source + 1) % len(pool)][:1]
    if rng.random() < 0.4:
        other = rng.choice(pool)
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(other))
    out = [_perturb(rng, world, s) for s in sentences]
    if rng.random() < 0.5:
        out.insert(rng.randrange(1, len(out) + 1), _filler(rng, world))
    text = " ".join(out)
    return text if text.endswith((".", "!", "?")) else text + "."


_ENTITY_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Kementerian Kehutanan dan Lingkungan Hidup"), "ministry"),
    (re.compile(r"Kementerian Pekerjaan Umum dan Perumahan Rakyat"), "ministry2"),
    (re.compile(r"\b6 Oktober 2016\b"), "date1"),
    (re.compile(r"\b18 November 2016\b"), "date2"),
    (re.compile(r"\b2016\b"), "year"),
    (re.compile(r"\b2 tahun\b"), "duration"),
    (re.compile(r"Bima Arya"), "person"),
    (re.compile(r"\bBogor\b"), "city_a"),
    (re.compile(r"\bKisarazu\b"), "city_b"),
    (re.compile(r"\bJepang\b"), "country_b"),
    (re.compile(r"\bblueberry\b"), "commodity"),
    (re.compile(r"\bikan sidat\b"), "fish"),
    (re.compile(r"Organic City"), "concept"),
    (re.compile(r"Green City"), "concept2"),
]
_EMPHASIZE = re.compile(r"\b(Sister City|Minutes of Meeting|Agreement of Friendship|framework|[A-Z][a-z]+ City)\b")


def _perturb(rng: random.Random, world: _World, sentence: str) -> str:
    """Swap entities for this thesis's, some words for synonyms, and mark English terms as emphasis."""
    values = {
        "ministry": world.ministry,
        "ministry2": world.ministry2,
        "date1": _date(rng, world.years[0]),
        "date2": _date(rng, world.years[0]),
        "year": str(world.years[0]),
        "duration": f"{world.years[1] - world.years[0]} tahun",
        "person": world.person,
        "city_a": world.city_a,
        "city_b": world.city_b,
        "country_b": world.country_b,
        "commodity": world.commodity,
        "fish": world.fish,
        "concept": world.concept,
        "concept2": world.concept2,
    }
    for pattern, key in _ENTITY_PATTERNS:
        sentence = pattern.sub(values[key], sentence)
    words = sentence.split(" ")
    for i, word in enumerate(words):
        bare = word.strip(",.;:()")
        if bare in SYNONYMS and rng.random() < 0.3:
            words[i] = word.replace(bare, SYNONYMS[bare])
    sentence = " ".join(words)
    if rng.random() < 0.5:
        sentence = _EMPHASIZE.sub(r"*\1*", sentence)
    return sentence


def _filler(rng: random.Random, world: _World) -> str:
    template = rng.choice(FILLERS)
    return template.format(
        t1=rng.choice(world.terms),
        t2=rng.choice(world.terms),
        a=world.city_a,
        b=world.city_b,
        y=rng.randint(world.years[0] - 3, world.years[1]),
        n=rng.randint(2, 95),
        d=_date(rng, world.years[1]),
        p=world.person.split()[-1],
    )


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"
