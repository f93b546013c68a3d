#!/usr/bin/env bash
# Checks that two readout binaries answer alike on the commands the thin-CLI work touched
# (issue 16): every subcommand's --help, analyze/text/parse/compare/stories on the bundled
# examples, ingest into a small database and every query on it (search, entity, events,
# events --story, quotes, stats, stories --db, compare --db/--story, export jsonl/csv/
# --per-event/gdelt/parquet), error paths, and each `readout eval` on ../shared/data (when
# present). stdout, stderr and exit codes are compared byte for byte, with timings,
# timestamps and the scratch folder blanked out.
#
# `eval stories` and `eval events-coref --json` print floats whose last digits vary from run
# to run of one binary (hash-map order in the sums), and the eval timing fields vary: those
# are compared after rounding to 6 digits and dropping `*_seconds`/`*_per_second`.
#
# Usage: bench/cli_same_output.sh BEFORE_BINARY AFTER_BINARY
# (the two must have the same file name, which --help prints: copy one to /tmp/main/readout.)
set -uo pipefail
before=$1 after=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
record() { # BINARY OUT
    local bin=$1 o=$2 ex=examples db=$2/t.db
    mkdir -p "$o"
    r() {
        local name=$1
        shift
        "$@" >"$o/$name.out" 2>"$o/$name.err"
        echo "rc=$?" >>"$o/$name.err"
    }
    for c in analyze text compare stories parse ingest search entity events quotes stats export \
        serve "eval time" "eval quotes" "eval resolve" "eval counts" "eval events" \
        "eval extraction" "eval stories" "eval events-coref" "eval wording" "eval basil" \
        "eval sentences" "eval parse" "train events" "train kb" "train parse"; do
        # shellcheck disable=SC2086
        r "help-${c// /-}" "$bin" $c --help
    done
    r analyze-jsonl "$bin" analyze $ex
    r analyze-json "$bin" analyze --format json $ex
    r analyze-text "$bin" analyze --format text $ex
    r text "$bin" text $ex
    r parse "$bin" parse $ex/call-oslo.txt
    r compare-text "$bin" compare $ex/call-oslo.txt $ex/call-jakarta.txt
    r compare-sent "$bin" compare --view sentences $ex/call-oslo.txt $ex/call-jakarta.txt
    r compare-json "$bin" compare --format json $ex/call-oslo.txt $ex/call-jakarta.txt $ex/ferry-talks.txt
    r compare-one "$bin" compare $ex/call-oslo.txt
    r compare-emb "$bin" compare --embeddings /nonexistent $ex/call-oslo.txt $ex/call-jakarta.txt
    r stories-files "$bin" stories --format json $ex
    r ingest "$bin" ingest -v --db "$db" -j 2 $ex
    r ingest2 "$bin" ingest -v --db "$db" $ex
    r stories-db "$bin" stories --db "$db" --min-articles 1
    r stories-db-json "$bin" stories --db "$db" --min-articles 1 --format json
    r stats "$bin" stats --db "$db"
    for f in table json csv; do
        r "search-$f" "$bin" search --db "$db" --format $f call
        r "searchq-$f" "$bin" search --db "$db" --quotes --format $f said
        r "entity-$f" "$bin" entity --db "$db" --format $f Norway
        r "events-$f" "$bin" events --db "$db" --format $f
        r "eventsst-$f" "$bin" events --db "$db" --story 1 --format $f
        r "quotes-$f" "$bin" quotes --db "$db" --format $f
    done
    r entity-none "$bin" entity --db "$db" nobodyatall
    r eventsst-none "$bin" events --db "$db" --story 999
    r export-jsonl "$bin" export --db "$db"
    r export-csv "$bin" export csv --db "$db"
    r export-csv-pe "$bin" export csv --per-event --db "$db"
    r export-gdelt "$bin" export gdelt --db "$db"
    r export-parquet "$bin" export parquet --db "$db" --out "$o/pq"
    r compare-db "$bin" compare --db "$db" 1 doc:call-oslo
    r compare-story "$bin" compare --story 1 --db "$db" --format json
    r compare-db-bad "$bin" compare --db "$db" 1 xyz
    r eval-sentences-v "$bin" eval sentences --verbose
    if [ -d ../shared/data ]; then
        for e in sentences time counts events resolve quotes extraction stories events-coref \
            wording basil parse; do
            r "eval-$e" "$bin" eval $e
        done
        r eval-extraction-json "$bin" eval extraction --json
        r eval-coref-json "$bin" eval events-coref --json
    fi
    rm -rf "$o/pq" "$o"/t.db*
    sed -i -E "s#$o#OUT#g; s/ in [0-9.]+ s \([0-9.]+ articles\/s\)/ in T/; s/updated in [0-9.]+ s/updated in T/;
        s/20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TS/g; s/\t20[0-9]{12}\t/\tTS\t/g;
        /_seconds\"|_per_second\"/d; s/([0-9]\.[0-9]{6})[0-9]+/\1/g" "$o"/*.out "$o"/*.err
}
record "$before" "$work/before"
record "$after" "$work/after"
if diff -r "$work/before" "$work/after"; then
    echo "same output: $(ls "$work/after" | wc -l) files"
else
    echo "outputs differ (above)" >&2
    exit 1
fi
