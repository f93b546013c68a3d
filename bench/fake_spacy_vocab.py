"""Writes a small spaCy-format `vocab` folder (vectors .npy, key2row MessagePack,
strings.json) of invented words and seeded random vectors, so that `readout train ner
--vectors DIR` can be checked without downloading the real table. No third-party data.

Usage: python3 bench/fake_spacy_vocab.py DIR
"""
import json
import random
import struct
import sys
from pathlib import Path

M, MASK = 0xC6A4A7935BD1E995, (1 << 64) - 1


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """spaCy's string key: MurmurHash64A with seed 1."""
    h = (seed ^ (len(data) * M)) & MASK
    blocks = len(data) // 8
    for i in range(blocks):
        k = (int.from_bytes(data[8 * i : 8 * i + 8], "little") * M) & MASK
        k = ((k ^ (k >> 47)) * M) & MASK
        h = ((h ^ k) * M) & MASK
    tail = data[8 * blocks :]
    if tail:
        for i, b in enumerate(tail):
            h ^= b << (8 * i)
        h = (h * M) & MASK
    h = ((h ^ (h >> 47)) * M) & MASK
    return h ^ (h >> 47)


def main(out: Path) -> None:
    assert murmurhash64a(b"the") == 0x670E66A635739A92
    rng = random.Random(5)
    syllables = ["ka", "lo", "mer", "vin", "tas", "dor", "pel", "rin", "zu", "bo", "sen", "tar"]
    words = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(3000)}
    words = sorted(words)
    words = sorted(set(words + [w.capitalize() for w in words[:500]] + ["the", "Monday", "PARIS"]))
    rows, cols = 1500, 20
    values = [rng.gauss(0, 1) for _ in range(rows * cols)]
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (rows, cols)
    header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / "vectors").write_bytes(
        b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()
        + struct.pack("<%df" % len(values), *values)
    )
    key2row = b"\xdf" + struct.pack(">I", len(words))
    for i, w in enumerate(words):
        key2row += b"\xcf" + struct.pack(">Q", murmurhash64a(w.encode()))
        key2row += b"\xcd" + struct.pack(">H", i % rows)
    (out / "key2row").write_bytes(key2row)
    (out / "strings.json").write_text(json.dumps(words))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
