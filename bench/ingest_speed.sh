#!/usr/bin/env bash
# `readout ingest` against `readout analyze` alone, on synthetic articles generated here (our
# own template text, no third-party data):
#   * throughput: articles/s of both on the same JSONL file, median of REPS runs, both pinned to
#     one CPU (what storing costs) and unpinned (ingest analyzes and stores on two threads);
#   * memory: peak RSS (/usr/bin/time -v) of ingest at N articles and at FLAT_N articles; equal
#     figures mean memory stays flat however many articles are stored.
#
# Usage: bench/ingest_speed.sh            N=2000 articles, REPS=3, FLAT_N=0 (skip)
#        N=2000 FLAT_N=100000 bench/ingest_speed.sh
# Environment: N, REPS, FLAT_N, CPU (core to pin to, default 0), OUT (work folder), BIN (a
# readout binary to time instead of building this tree), INGEST_FLAGS (extra ingest flags,
# e.g. --no-stories to time storing alone, without placing the articles into stories).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
REPS=${REPS:-3}
FLAT_N=${FLAT_N:-0}
CPU=${CPU:-0}
OUT=${OUT:-bench/out/ingest}
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p readout
  BIN=target/release/readout
fi
read -r -a IFLAGS <<< "${INGEST_FLAGS:-}"

# Synthetic articles: a headline and three paragraphs from word lists; every article differs.
gen() { # gen COUNT FILE
  python3 - "$1" "$2" <<'PY'
import json, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(8)
first = "Ilse Tomas Renata Oskar Mirela Anton Lidia Pavel Greta Milan Sabine Teodor Ines Ruben".split()
last = "Marrow Quill Delacroix Brannick Vetrova Holm Ashdown Kessler Oyelaran Fennimore Strand Lazarov".split()
towns = ["Port Vell", "Kastelburg", "Nordhaven", "Emberfield", "Saltmarsh", "Greywater", "Lindqvist Bay"]
lands = ["Norland", "Vesteria", "Ostland", "Caldera", "Sundmark"]
things = ["ferry crossing", "grain terminal", "river bridge", "rail depot", "water plant", "power line"]
days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
with open(path, "w") as f:
    for i in range(n):
        a, b, c, d = rng.choice(first), rng.choice(last), rng.choice(first), rng.choice(last)
        t, t2, l, l2 = rng.choice(towns), rng.choice(towns), rng.choice(lands), rng.choice(lands)
        th, day, k, m = rng.choice(things), rng.choice(days), rng.randint(2, 400), rng.randint(2, 60)
        text = (
            f"{l} and {l2} agree to reopen the {th} near {t}\n\n"
            f"{l}'s Foreign Minister {a} {b} met her {l2} counterpart {c} {d} in {t} on {day}, "
            f"and the two agreed to reopen the {th} within {m} days. \"We have waited long enough,\" "
            f"{b} told reporters after the meeting. {d} said the talks had been difficult but useful.\n\n"
            f"At least {k} people were displaced when floods closed the {th} last month, according to "
            f"a statement from the {t} council. Officials in {t2} said {m} workers were injured during "
            f"repairs, including three engineers.\n\n"
            f"{l} accused {l2} of delaying the repairs, and {l2} rejected the claim on {day}. "
            f"The ministers will meet again in {t2} next week, {b}'s office said (report {i})."
        )
        f.write(json.dumps({"id": f"syn{i:06d}", "published": "2030-01-15", "text": text}) + "\n")
PY
}

rate() { # rate SECONDS COUNT
  python3 -c "import sys; print(f'{int(sys.argv[2]) / float(sys.argv[1]):.1f}')" "$1" "$2"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { # secs CMD... : wall seconds of one run; its CPU seconds (user + system) go to $OUT/cpu.txt
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$OUT/cpu.txt" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1"
}
cpu() { awk '{print $1 + $2}' "$OUT/cpu.txt"; }
peak_rss() { # peak_rss CMD... : peak RSS in MB
  /usr/bin/time -v -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
  awk -F: '/Maximum resident/ {gsub(/ /,"",$2); printf "%.1f", $2/1024}' "$OUT/time.txt"
}

CORPUS="$OUT/synthetic_$N.jsonl"
[ -f "$CORPUS" ] || gen "$N" "$CORPUS"
DB="$OUT/bench.db"
fresh() { rm -f "$DB" "$DB-wal" "$DB-shm"; }

LOAD0=$(cut -d" " -f1-3 /proc/loadavg)
# Warm-up (page cache, lazily loaded models).
"$BIN" analyze "$CORPUS" >/dev/null
declare -A result
for pin in one-core unpinned; do
  if [ "$pin" = one-core ]; then P=(taskset -c "$CPU"); else P=(); fi
  a=(); s=(); ca=(); cs=()
  for _ in $(seq "$REPS"); do
    a+=("$(secs "${P[@]}" "$BIN" analyze "$CORPUS")"); ca+=("$(cpu)")
    fresh
    s+=("$(secs "${P[@]}" "$BIN" ingest "${IFLAGS[@]}" --db "$DB" "$CORPUS")"); cs+=("$(cpu)")
  done
  ta=$(printf '%s\n' "${a[@]}" | median); ts=$(printf '%s\n' "${s[@]}" | median)
  ra=$(rate "$ta" "$N"); rs=$(rate "$ts" "$N")
  ratio=$(python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]) * 100:.0f}')" "$ra" "$rs")
  result[$pin]="$pin: analyze $ra articles/s, ingest $rs articles/s (ingest = $ratio % of analyze)"
  if [ "$pin" = one-core ]; then
    # On one core, CPU seconds are the work itself: other processes on a shared machine
    # lengthen the wall time of a run, not its CPU time.
    tca=$(printf '%s\n' "${ca[@]}" | median); tcs=$(printf '%s\n' "${cs[@]}" | median)
    cratio=$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]) * 100:.0f}')" "$tca" "$tcs")
    extra=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$tca" "$tcs")
    # 80 % needs the extra to be at most a quarter of analyze's CPU seconds.
    result[cpu]="one-core CPU seconds (user + system): analyze $tca s, ingest $tcs s (ingest throughput = $cratio % of analyze; storing adds $extra s)"
  fi
done
db_mb=$(du -m "$DB" | cut -f1)
arts=$("$BIN" stats --db "$DB" --format json | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["articles"], "articles,", s["entities"], "entities,", s["quotes"], "quotes,", s["events"], "events")')
rss_analyze=$(peak_rss "$BIN" analyze "$CORPUS")
fresh; rss_ingest=$(peak_rss "$BIN" ingest "${IFLAGS[@]}" --db "$DB" "$CORPUS")

echo "corpus: $N synthetic articles ($(du -h "$CORPUS" | cut -f1)), median of $REPS runs, ingest flags: ${INGEST_FLAGS:-none}, load average before: $LOAD0, after: $(cut -d" " -f1-3 /proc/loadavg)"
echo "  ${result[one-core]}"
echo "  ${result[cpu]}"
echo "  ${result[unpinned]}"
echo "  database: $db_mb MB for $arts"
echo "  peak RSS at $N articles: analyze $rss_analyze MB, ingest $rss_ingest MB"

if [ "$FLAT_N" -gt 0 ]; then
  BIG="$OUT/synthetic_$FLAT_N.jsonl"
  [ -f "$BIG" ] || gen "$FLAT_N" "$BIG"
  fresh
  t0=$(date +%s.%N)
  rss_big=$(peak_rss "$BIN" ingest "${IFLAGS[@]}" --db "$DB" "$BIG")
  t1=$(date +%s.%N)
  tb=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1")
  echo "  peak RSS at $FLAT_N articles: ingest $rss_big MB ($(rate "$tb" "$FLAT_N") articles/s, database $(du -m "$DB" | cut -f1) MB)"
fi
fresh
