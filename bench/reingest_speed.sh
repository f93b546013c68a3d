#!/usr/bin/env bash
# Re-ingesting an unchanged corpus against ingesting it the first time (issue 17): an
# article already stored with the same id, text and model version is recognised before
# analysis, so a second run costs a read and a hash per article. Synthetic articles of our
# own template text.
#
# Usage: bench/reingest_speed.sh        N=3000 articles
#        N=10000 BIN=path/to/readout bench/reingest_speed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-3000}
OUT=${OUT:-bench/out/reingest}
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p readout
  BIN=target/release/readout
fi
python3 - "$N" "$OUT/corpus.jsonl" <<'PY'
import json, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(17)
first = "Ilse Tomas Renata Oskar Mirela Anton Lidia Pavel Greta Milan".split()
last = "Marrow Quill Brannick Vetrova Holm Ashdown Kessler Strand Lazarov".split()
towns = ["Port Vell", "Kastelburg", "Nordhaven", "Emberfield", "Saltmarsh"]
with open(path, "w") as f:
    for i in range(n):
        who, town = f"{rng.choice(first)} {rng.choice(last)}", rng.choice(towns)
        text = (f"Council in {town} approves plan {i}\n\nThe council of {town} approved plan "
                f"number {i} on Tuesday, chair {who} said. \"We waited {rng.randint(2, 9)} years "
                f"for this,\" {who.split()[1]} told reporters. Police arrested "
                f"{rng.randint(2, 40)} protesters near the harbour, officials said.\n\n"
                f"Minister {rng.choice(first)} {rng.choice(last)} met {who} in {town} on Monday. "
                f"At least {rng.randint(2, 30)} people were injured in a fire last week.")
        f.write(json.dumps({"id": f"a{i}", "text": text, "published": f"2024-03-0{1 + i % 9}"}) + "\n")
PY
rm -f "$OUT"/r.db*
t0=$(date +%s.%N)
"$BIN" ingest --db "$OUT/r.db" "$OUT/corpus.jsonl"
t1=$(date +%s.%N)
"$BIN" ingest --db "$OUT/r.db" "$OUT/corpus.jsonl"
t2=$(date +%s.%N)
python3 -c "import sys; a, b, c = map(float, sys.argv[1:]); print(f'first ingest {b-a:.2f} s, re-ingest {c-b:.2f} s: {(b-a)/(c-b):.0f}x faster')" "$t0" "$t1" "$t2"
