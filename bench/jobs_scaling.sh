#!/usr/bin/env bash
# `readout analyze -j N` and `readout ingest -j N` against -j 1 on the same corpus: wall time,
# speedup, and a byte comparison of the outputs (analyze's JSONL, and the stored records as
# `export jsonl` prints them). The corpus is built by bench/corpus.py from ../shared/data into
# bench/out/ (ignored by git; never commit it), repeated REPS times.
#
# Usage: bench/jobs_scaling.sh            (REPS=4 MB=1 JOBS="1 2" PRIORITY=0)
set -euo pipefail
cd "$(dirname "$0")/.."
# PRIORITY=1: run as a new session whose scheduling group weighs more (autogroup nice -10,
# root only), so that other sessions' builds on a shared machine do not take the second core.
if [ "${PRIORITY:-0}" = 1 ] && [ -z "${BENCH_SESSION:-}" ]; then
    BENCH_SESSION=1 exec setsid "$0" "$@"
fi
[ -n "${BENCH_SESSION:-}" ] && { echo -10 > /proc/self/autogroup || echo "autogroup weight refused"; }
REPS=${REPS:-4}
MB=${MB:-1}
JOBS=${JOBS:-"1 2"}
OUT=bench/out
mkdir -p "$OUT"
cargo build --release -q
BIN=target/release/readout
[ -s "$OUT/corpus.jsonl" ] || python3 bench/corpus.py --mb "$MB" --out "$OUT/corpus.jsonl"
: > "$OUT/jobs.jsonl"
for _ in $(seq "$REPS"); do cat "$OUT/corpus.jsonl" >> "$OUT/jobs.jsonl"; done
WORDS=$(python3 -c 'import json,sys; print(sum(len(json.loads(l).get("text","").split()) for l in open(sys.argv[1])))' "$OUT/jobs.jsonl")
echo "corpus: $(wc -l < "$OUT/jobs.jsonl") articles, $WORDS words, cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"

seconds() { # run a command, print its wall seconds; its CPU share goes to $OUT/cpu
    /usr/bin/time -f "%e %P" -o "$OUT/time" "$@"
    read -r wall cpu < "$OUT/time"
    echo "$cpu" > "$OUT/cpu"
    echo "$wall"
}

base_a=""; base_i=""
for j in $JOBS; do
    a=$(seconds sh -c "$BIN analyze --published 2024-01-01 -j $j $OUT/jobs.jsonl > $OUT/analyze-j$j.jsonl")
    cpu_a=$(cat "$OUT/cpu")
    rm -f "$OUT/ingest-j$j.db"*
    i=$(seconds sh -c "$BIN ingest --published 2024-01-01 --no-stories -j $j --db $OUT/ingest-j$j.db $OUT/jobs.jsonl 2>/dev/null")
    "$BIN" export --format jsonl --db "$OUT/ingest-j$j.db" > "$OUT/export-j$j.jsonl"
    [ -n "$base_a" ] || { base_a=$a; base_i=$i; first=$j; }
    same_a=$(cmp -s "$OUT/analyze-j$first.jsonl" "$OUT/analyze-j$j.jsonl" && echo identical || echo DIFFERENT)
    same_i=$(cmp -s "$OUT/export-j$first.jsonl" "$OUT/export-j$j.jsonl" && echo identical || echo DIFFERENT)
    python3 -c "
a,i,ba,bi,w=$a,$i,$base_a,$base_i,$WORDS
print(f'-j $j  analyze {a:7.2f} s {w/a:9,.0f} words/s x{ba/a:.2f} cpu $cpu_a ($same_a)   ingest {i:7.2f} s {w/i:9,.0f} words/s x{bi/i:.2f} ($same_i)')"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
