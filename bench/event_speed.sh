#!/usr/bin/env bash
# Speed of the event coding stage alone, one pinned core (issue 7 goal: >= 20k sentences/s).
# Usage: bench/event_speed.sh   (knobs: CPU=0 REPS=5; corpus from bench/corpus.py, 1 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
CPU=${CPU:-0} REPS=${REPS:-5}
if [ ! -s bench/out/corpus.jsonl ]; then
  mkdir -p bench/out
  python3 bench/corpus.py --mb 1 --out bench/out/corpus.jsonl
fi
cargo build --release -q -p readout-eval --example event_speed
taskset -c "$CPU" target/release/examples/event_speed bench/out/corpus.jsonl "$REPS"
