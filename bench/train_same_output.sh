#!/usr/bin/env bash
# Checks that two readout binaries build the same models: `readout train events`, `train kb`,
# `train ner` (the committed recipe without --vectors, about a minute each; then a short run
# with --reuse-resources and another seed; then a short run with --vectors on an invented
# spaCy table from bench/fake_spacy_vocab.py). Every file written is compared with cmp, and
# the progress lines on stderr with diff. `readout train parse` is left out: it takes far
# longer, and its code is not touched by moving the other trainers.
#
# Usage: bench/train_same_output.sh BEFORE_BINARY AFTER_BINARY
# (e.g. build main, copy target/release/readout to /tmp/readout-main, then build the branch.)
set -euo pipefail
before=$1 after=$2
data=../shared/data
if [ ! -d "$data/conll2003-en" ]; then
    echo "skipped: $data is absent (training needs the shared data)" >&2
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/fake_spacy_vocab.py "$work/vocab"
record() { # BINARY OUT
    local bin=$1 out=$2
    mkdir -p "$out"
    "$bin" train events --data "$data" --out "$out/events" 2>"$out/events.err"
    "$bin" train kb --data "$data" --out "$out/kb" 2>"$out/kb.err"
    "$bin" train ner --data "$data" --out "$out/ner" --epochs 10 --train-on-dev 2>"$out/ner.err"
    mkdir -p "$out/reuse" "$out/vectors"
    cp "$out"/ner/{clusters,gazetteer,vector_clusters}.tsv.gz "$out/reuse/"
    cp "$out"/ner/{clusters,gazetteer}.tsv.gz "$out/vectors/"
    "$bin" train ner --data "$data" --out "$out/reuse" --reuse-resources --epochs 2 \
        --network-epochs 1 --seed 7 2>"$out/reuse.err"
    "$bin" train ner --data "$data" --out "$out/vectors" --reuse-resources --epochs 1 \
        --network-epochs 1 --vectors "$work/vocab" 2>"$out/vectors.err"
    # Paths and the wall-clock time differ between runs.
    sed -i -E "s#$out#OUT#g; s#$work#WORK#g; s/ in [0-9]+ s$/ in T s/" "$out"/*.err
}
record "$before" "$work/before"
record "$after" "$work/after"
status=0
while read -r f; do
    rel=${f#"$work/before/"}
    if cmp -s "$f" "$work/after/$rel"; then
        echo "same: $rel"
    else
        echo "DIFFERENT: $rel"
        status=1
    fi
done < <(find "$work/before" -type f | sort)
exit $status
