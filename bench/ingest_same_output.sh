#!/usr/bin/env bash
# Checks that two readout binaries ingest alike: `readout ingest` (examples and 50 benchmark
# articles; -j 1/2/3, --batch, --no-stories, re-ingest, a replaced version, failures) and
# `stats`, `export jsonl`, `events`, `stories` on the databases they write. Output is
# compared byte for byte, stdout and stderr, with the timings blanked out.
#
# Usage: bench/ingest_same_output.sh BEFORE_BINARY AFTER_BINARY
# (e.g. build main, copy target/release/readout to /tmp/readout-main, then build the branch.)
set -euo pipefail
before=$1 after=$2
bench=../shared/data/article-extraction-benchmark
if [ ! -f "$bench/ground-truth.json" ]; then
    echo "skipped: $bench is absent (the 50 articles come from its ground-truth.json)" >&2
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
python3 - "$bench/ground-truth.json" "$work/in" <<'PY'
import json, sys
gold = json.load(open(sys.argv[1]))
for key, rec in sorted(gold.items())[:50]:
    open(f"{sys.argv[2]}/{key[:16]}.txt", "w").write(rec["articleBody"] or "")
PY
record() { # BINARY OUT
    local bin=$1 out=$2
    mkdir -p "$out"
    run() {
        local name=$1
        shift
        local rc=0
        # Paths under $out differ between the two runs: write them as OUT.
        "$bin" "$@" >"$out/$name.out" 2>"$out/$name.raw" || rc=$?
        sed -E "s#$out#OUT#g; s/ in [0-9.]+ s \([0-9.]+ articles\/s\)/ in T/; s/updated in [0-9.]+ s/updated in T/" \
            "$out/$name.raw" >"$out/$name.err"
        rm "$out/$name.raw"
        echo "rc=$rc" >>"$out/$name.err"
    }
    run ex ingest --db "$out/r.db" -v examples
    run a50 ingest --db "$out/r.db" -v -j 2 --published 2026-01-05 "$work/in"
    run again ingest --db "$out/r.db" -v -j 2 --published 2026-01-05 "$work/in" examples
    run replaced ingest --db "$out/r.db" -v --model-version other --batch 3 --no-stories examples
    run stats stats --db "$out/r.db"
    run export export jsonl --db "$out/r.db"
    run events events --db "$out/r.db"
    run stories stories --db "$out/r.db"
    run j1 ingest --db "$out/j1.db" -v -j 1 "$work/in"
    run j3 ingest --db "$out/j3.db" -v -j 3 --batch 5 "$work/in"
    run stats3 stats --db "$out/j3.db"
    run fail ingest --db "$out/f.db" -v --max-bytes 2000 examples "$work/in"
    rm -f "$out"/*.db*
}
record "$before" "$work/before"
record "$after" "$work/after"
if diff -r "$work/before" "$work/after"; then
    echo "same output: $(ls "$work/before" | wc -l) files compared"
else
    echo "output differs (above)" >&2
    exit 1
fi
