#!/usr/bin/env python3
"""Sample events readout codes on real article bodies, for judging by hand (issue 19).

Reads the gold bodies of ../shared/data/article-extraction-benchmark (ground-truth.json), or
with --set newswcl50 the 50 articles of ../shared/data/newswcl50/articles (a second set, never
tuned on), runs `readout analyze` on them (JSON Lines in, records out), and draws a fixed-seed random
sample of the events. Writes a judging sheet with the sentence of each event (for the judge's
eyes, under bench/out/, never committed) and prints the sampled ids. The verdicts go to
bench/event_judgements.tsv: event key and four yes/no levels, no article text.

Usage: bench/event_sample.py [--readout PATH] [--n 100] [--seed 19] [--out bench/out/events]
                             [--set benchmark|newswcl50]
"""
import argparse
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "data")
DATA = os.path.join(SHARED, "article-extraction-benchmark")


def benchmark_bodies():
    """(id, text) of the article-extraction benchmark's gold bodies."""
    truth_path = os.path.join(DATA, "ground-truth.json")
    if not os.path.exists(truth_path):
        sys.exit(f"no {truth_path}: the shared data folder is needed for this check")
    truth = json.load(open(truth_path, encoding="utf-8"))
    return [(k, r["articleBody"]) for k, r in sorted(truth.items()) if r.get("articleBody")]


def newswcl50_bodies():
    """(id, text) of the NewsWCL50 articles: event folder and outlet file ("3_L")."""
    root = os.path.join(SHARED, "newswcl50", "articles")
    if not os.path.isdir(root):
        sys.exit(f"no {root}: the shared data folder is needed for this check")
    out = []
    for event in sorted(os.listdir(root)):
        folder = os.path.join(root, event)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read()
                out.append((name[:-4], text))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--readout", default=os.path.join(HERE, "..", "target", "release", "readout"))
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--out", default=os.path.join(HERE, "out", "events"))
    ap.add_argument("--set", default="benchmark", choices=["benchmark", "newswcl50"])
    args = ap.parse_args()
    bodies = benchmark_bodies() if args.set == "benchmark" else newswcl50_bodies()
    lines = [json.dumps({"id": doc_id, "text": text}) for doc_id, text in bodies]
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
