#!/usr/bin/env bash
# Analysis time and peak memory against the size of one article (issue 17): each stage must
# stay near-linear in the article's length, so doubling the size should about double both.
# The article is built at run time by concatenating real news bodies from the Zyte
# article-extraction benchmark in ../shared/data (not stored in the repository); without
# it, from the bundled examples/ (fewer distinct names, so a gentler test).
#
# Usage: bench/analysis_scaling.sh                 sizes 100 200 400 800 1600 (KB)
#        SIZES="200 800" BIN=path/to/readout bench/analysis_scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100 200 400 800 1600"}
OUT=${OUT:-bench/out/scaling}
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p readout
  BIN=target/release/readout
fi
TRUTH=../shared/data/article-extraction-benchmark/ground-truth.json
if [ -f "$TRUTH" ]; then
  SOURCE="news bodies from $TRUTH"
else
  echo "($TRUTH not found: building the articles from examples/ instead)" >&2
  TRUTH=""
  SOURCE="examples/*.txt"
fi
for kb in $SIZES; do
  python3 - "$TRUTH" "$kb" "$OUT/article-${kb}k.txt" <<'PY'
import glob, json, sys
truth, kb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if truth:
    bodies = [v["articleBody"] for v in json.load(open(truth)).values() if v.get("articleBody")]
else:
    bodies = [open(p).read() for p in sorted(glob.glob("examples/*.txt"))]
parts, size, i = ["One long article\n\n"], 0, 0
while size < kb * 1000:
    body = bodies[i % len(bodies)] + "\n\n"
    parts.append(body)
    size += len(body.encode())
    i += 1
open(path, "w").write("".join(parts))
PY
done
echo "source: $SOURCE"
printf '%-8s %-10s %-12s %-10s\n' size bytes seconds peak_MB
for kb in $SIZES; do
  f="$OUT/article-${kb}k.txt"
  /usr/bin/time -v "$BIN" analyze --published 2024-01-01 "$f" > /dev/null 2> "$OUT/time-${kb}k.txt"
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$OUT/time-${kb}k.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$OUT/time-${kb}k.txt")
  printf '%-8s %-10s %-12s %-10s\n' "${kb}KB" "$(wc -c < "$f")" "$secs" "$rss"
done
