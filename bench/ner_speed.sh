#!/usr/bin/env bash
# Entity-tagger speed and memory on one core: tags CoNLL-2003 eng.train + eng.testa + eng.testb
# (301,418 tokens, about a second of tagging per run: eng.testb alone takes 0.2 s, too short
# to time on a shared machine) with the built-in model, REPS times, pinned to one CPU, and
# prints the median tagging rate (model loading excluded, reported apart) and the peak RSS of
# the whole process.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data}
REPS=${REPS:-7}
CPU=${CPU:-0}
for f in eng.train eng.testa eng.testb; do
  [ -f "$DATA/conll2003-en/$f" ] || { echo "ner_speed: $DATA/conll2003-en/$f not found (third-party gold data is kept outside the repository)" >&2; exit 1; }
done
FILE=$(mktemp)
trap 'rm -f "$FILE"' EXIT
cat "$DATA"/conll2003-en/eng.{train,testa,testb} > "$FILE"
cargo build --release -q -p readout
BIN=target/release/readout
rates=()
for _ in $(seq "$REPS"); do
  rates+=("$(taskset -c "$CPU" "$BIN" eval ner --json "$FILE" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens_per_second"])')")
done
median=$(printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
rss=n/a
if [ -x /usr/bin/time ]; then
  rss=$( { /usr/bin/time -v taskset -c "$CPU" "$BIN" eval ner "$FILE" >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); printf "%.1f MB", $2/1024}')
fi
printf 'entity tagging, one core (CPU %s), CoNLL-2003 train+dev+test: median %.0f tokens/s over %s runs; peak RSS %s\n' "$CPU" "$median" "$REPS" "$rss"
