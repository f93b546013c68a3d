#!/usr/bin/env python3
"""Sample events readout codes on real article bodies, for judging by hand (issue 19).

Reads the gold bodies of ../shared/data/article-extraction-benchmark (ground-truth.json),
runs `readout analyze` on them (JSON Lines in, records out), and draws a fixed-seed random
sample of the events. Writes a judging sheet with the sentence of each event (for the judge's
eyes, under bench/out/, never committed) and prints the sampled ids. The verdicts go to
bench/event_judgements.tsv: event key and four yes/no levels, no article text.

Usage: bench/event_sample.py [--readout PATH] [--n 100] [--seed 19] [--out bench/out/events]
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data", "article-extraction-benchmark")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--readout", default=os.path.join(HERE, "..", "target", "release", "readout"))
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--out", default=os.path.join(HERE, "out", "events"))
    args = ap.parse_args()
    truth_path = os.path.join(DATA, "ground-truth.json")
    if not os.path.exists(truth_path):
        sys.exit(f"no {truth_path}: the shared data folder is needed for this check")
    truth = json.load(open(truth_path, encoding="utf-8"))
    lines = [
        json.dumps({"id": doc_id, "text": rec["articleBody"]})
        for doc_id, rec in sorted(truth.items())
        if rec.get("articleBody")
    ]
    run = subprocess.run(
        [args.readout, "analyze", "--input-format", "jsonl", "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    events = []
    for line in run.stdout.splitlines():
        rec = json.loads(line)
        for e in rec.get("events", []):
            events.append((rec["id"], e))
    # The key names an event by its place, not by readout's output: article id and the
    # trigger's byte span, so a sample drawn from one version can be judged in another.
    events.sort(key=lambda x: (x[0], x[1]["trigger"]["start"]))
    rng = random.Random(args.seed)
    sample = rng.sample(events, min(args.n, len(events)))
    os.makedirs(args.out, exist_ok=True)
    sheet = os.path.join(args.out, "sheet.tsv")
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("key\tcode\tlabel\tactor\trecipient\ttrigger\tflags\tsentence\n")
        for doc_id, e in sample:
            key = f"{doc_id[:12]}:{e['trigger']['start']}"
            side = lambda xs: "; ".join(
                f"{a.get('text', '')} [{a.get('code') or '-'}]" for a in xs
            )
            flags = ",".join(
                k for k in ("negated", "hypothetical") if e.get(k)
            )
            f.write(
                "\t".join(
                    [
                        key,
                        e["code"],
                        e.get("label", ""),
                        side(e["actors"]),
                        side(e["recipients"]),
                        e["trigger"]["text"],
                        flags,
                        e["text"].replace("\t", " ").replace("\n", " "),
                    ]
                )
                + "\n"
            )
    print(f"{len(events)} events in {len(lines)} articles; {len(sample)} sampled -> {sheet}")


if __name__ == "__main__":
    main()
