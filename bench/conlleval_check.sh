#!/usr/bin/env bash
# Cross-check `readout eval ner` with an independent scorer: tags eng.testb and conllpp.testb
# with `readout ner --conll` and scores the output with seqeval (installed from PyPI into
# bench/.venv on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data}
[ -d "$DATA/conll2003-en" ] || { echo "conlleval_check: $DATA/conll2003-en not found" >&2; exit 1; }
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
bench/.venv/bin/python -c 'import seqeval' 2>/dev/null || bench/.venv/bin/pip install -q seqeval
cargo build --release -q -p readout
mkdir -p bench/out
for f in eng.testb conllpp.testb; do
  target/release/readout ner --conll "$DATA/conll2003-en/$f" > "bench/out/$f.pred"
  echo "== $f"
  bench/.venv/bin/python bench/conlleval_check.py "bench/out/$f.pred" | tail -1
done
