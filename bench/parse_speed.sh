#!/usr/bin/env bash
# Tagger + parser speed on one core: `readout parse --conllu` over UD English EWT train
# (204,577 words, gold tokenization), REPS times pinned to one CPU. Prints the median rate
# with the model load excluded (a one-sentence file is timed apart: that is the load time),
# the load time itself, and the peak RSS. On a shared machine compare builds in one sitting
# (BIN=..., one run right after the other) rather than against a figure from another day.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-../shared/data/ud-english}
REPS=${REPS:-5}
CPU=${CPU:-0}
FILE=$DATA/en_ewt-ud-train.conllu
[ -f "$FILE" ] || { echo "parse_speed: $FILE not found (third-party gold data is kept outside the repository)" >&2; exit 1; }
# BIN=path/to/readout times another build (a before/after comparison in one sitting).
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p readout
  BIN=target/release/readout
fi
TINY=$(mktemp)
trap 'rm -f "$TINY"' EXIT
printf '1\tShips\t_\t_\t_\t_\t_\t_\t_\t_\n2\tsailed\t_\t_\t_\t_\t_\t_\t_\t_\n\n' > "$TINY"
words=$(grep -cP '^\d+\t' "$FILE")
now() { date +%s.%N; }
loads=(); runs=()
for _ in $(seq "$REPS"); do
  a=$(now); taskset -c "$CPU" "$BIN" parse --conllu "$TINY" >/dev/null; b=$(now)
  taskset -c "$CPU" "$BIN" parse --conllu "$FILE" >/dev/null; c=$(now)
  loads+=("$(awk "BEGIN {print $b - $a}")"); runs+=("$(awk "BEGIN {print $c - $b}")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
load=$(median "${loads[@]}"); run=$(median "${runs[@]}")
rate=$(awk "BEGIN {print $words / ($run - $load)}")
rss=n/a
if [ -x /usr/bin/time ]; then
  rss=$( { /usr/bin/time -v taskset -c "$CPU" "$BIN" parse --conllu "$FILE" >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); printf "%.1f MB", $2/1024}')
fi
printf 'tag + parse, one core (CPU %s), EWT train %s words: median %.0f words/s over %s runs (load excluded); process with model load %.3f s; peak RSS %s\n' "$CPU" "$words" "$rate" "$REPS" "$load" "$rss"
