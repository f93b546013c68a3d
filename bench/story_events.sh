#!/usr/bin/env bash
# Events are not reports (issue 20 part 3): NewsWCL50's 50 articles (10 events x 5 outlets)
# ingested into a fresh store; per story, the event reports (one per coded event of each
# article) against the real-world events `readout events --story` groups them into.
# Usage: bench/story_events.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}/newswcl50
if [ ! -d "$DATA/articles" ]; then
  echo "bench/story_events.sh: $DATA/articles not found; give the shared data folder" >&2
  exit 2
fi
cargo build --release -q -p readout
OUT=bench/out/story_events
rm -rf "$OUT" && mkdir -p "$OUT"
# One JSONL article per file: headline, paragraphs, outlet, date from the URL when it has one.
python3 - "$DATA" "$OUT/articles.jsonl" <<'PY'
import csv, json, sys
data, out = sys.argv[1], sys.argv[2]
with open(f"{data}/derived_manifest.tsv") as f, open(out, "w") as w:
    for r in csv.DictReader(f, delimiter="\t"):
        lines = [l.strip() for l in open(f"{data}/{r['file']}") if l.strip()]
        rec = {"id": r["file"].split("/")[-1][:-4], "source": r["outlet"],
               "title": lines[0], "text": "\n\n".join(lines), "url": r["url"]}
        if r["url_date"]:
            rec["published"] = r["url_date"]
        w.write(json.dumps(rec) + "\n")
PY
R=target/release/readout
$R ingest -j 2 --db "$OUT/store.db" "$OUT/articles.jsonl" 2>/dev/null
for id in $(seq 1 40); do
  $R events --db "$OUT/store.db" --story "$id" --format json > "$OUT/story-$id.json" 2>/dev/null \
    || { rm -f "$OUT/story-$id.json"; break; }
done
python3 - "$OUT" <<'PY'
import glob, json, sys
tot = {"stories": 0, "reports": 0, "events": 0, "multi": 0, "disputed": 0}
print("story  reports  events  reports/event  events in 2+ articles  largest (articles)  disputed")
for path in sorted(glob.glob(f"{sys.argv[1]}/story-*.json"), key=lambda p: int(p.split("-")[-1][:-5])):
    events = json.load(open(path))
    reports = sum(len(e["reports"]) for e in events)
    arts = [len({r["article_id"] for r in e["reports"]}) for e in events]
    multi = sum(a >= 2 for a in arts)
    disputed = sum(e["disputed"] for e in events)
    story = path.split("-")[-1][:-5]
    print(f"{story:>5}  {reports:>7}  {len(events):>6}  {reports / max(1, len(events)):>13.2f}  "
          f"{multi:>21}  {max(arts, default=0):>18}  {disputed:>8}")
    tot["stories"] += 1; tot["reports"] += reports; tot["events"] += len(events)
    tot["multi"] += multi; tot["disputed"] += disputed
print(f"all {tot['stories']} stories: {tot['reports']} reports -> {tot['events']} events "
      f"({tot['reports'] / max(1, tot['events']):.2f} reports per event), "
      f"{tot['multi']} events reported by 2+ articles, {tot['disputed']} disputed")
PY
