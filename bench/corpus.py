#!/usr/bin/env python3
"""Build a plain-text English news corpus (JSONL) for throughput benchmarks.

The text comes from the third-party data sets under ../shared/data (relative to the
repository root). Their licences forbid redistribution, so the corpus is written to
bench/out/ (ignored by git) and nothing from it may be committed.

Sources used (those that actually hold English article text):
  newswcl50      articles/event_*/*.txt       plain text, headline first
  basil          articles/<year>/*.json       title + body-paragraphs
  neus-allsides  raw_crawled/*.jsonl          left/center/right article excerpts
  tempeval3      TBAQ-cleaned, te3-platinum   TimeML XML, tags stripped
  meantime-en    intra-doc_annotation         Wikinews, re-joined from tokens
  polnear        {train,dev,test}/text/*.txt  plain text, title first (2016 campaign news)
Skipped: semeval2022-task8 (URLs and labels only), gdelt-samples (no article bodies).

Usage: python3 bench/corpus.py [--mb 1] [--out bench/out/corpus.jsonl]
"""

import argparse
import glob
import html
import json
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))


def newswcl50():
    for path in sorted(glob.glob(f"{DATA}/newswcl50/articles/event_*/*.txt")):
        with open(path, encoding="utf-8") as f:
            yield "newswcl50/" + os.path.basename(path), f.read()


def basil():
    for path in sorted(glob.glob(f"{DATA}/basil/articles/*/*.json")):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        # Each paragraph is a list of sentences; keep one paragraph per line.
        paras = [" ".join(p) for p in d.get("body-paragraphs", [])]
        yield "basil/" + os.path.basename(path), "\n\n".join([d.get("title", "")] + paras)


def neus_allsides():
    for path in sorted(glob.glob(f"{DATA}/neus-allsides/raw_crawled/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                story = json.loads(line)
                for side, n in sorted(story.get("news", {}).items()):
                    body = n.get("newBody") or []
                    text = "\n\n".join([n.get("newsTitle") or ""] + body)
                    yield f"neus/{story['id']}/{side}", text


def tempeval3():
    paths = glob.glob(f"{DATA}/tempeval3/TBAQ-cleaned/*/*.tml")
    paths += glob.glob(f"{DATA}/tempeval3/te3-platinum/*.tml")
    for path in sorted(paths):
        with open(path, encoding="utf-8") as f:
            xml = f.read()
        # Keep only TITLE (platinum only) and TEXT; annotation tags inside them are dropped.
        parts = re.findall(r"<(TITLE|TEXT)>(.*?)</\1>", xml, re.S)
        text = "\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", body)).strip() for _, body in parts)
        yield "tempeval3/" + os.path.basename(path), text


# MEANTIME stores tokens only; re-join them with the usual English spacing so the text
# reads like prose (no space before closing punctuation, none after opening brackets).
NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")
TOKEN = re.compile(r'<token [^>]*sentence="(\d+)"[^>]*>(.*?)</token>', re.S)


def meantime_en():
    for path in sorted(glob.glob(f"{DATA}/meantime-en/intra-doc_annotation/*/*.xml")):
        with open(path, encoding="utf-8") as f:
            xml = f.read()
        sentences = {}
        for sent, tok in TOKEN.findall(xml):
            sentences.setdefault(int(sent), []).append(html.unescape(tok))
        lines = []
        for _, toks in sorted(sentences.items()):
            s = NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", " ".join(toks)))
            lines.append(s)
        yield "meantime/" + os.path.basename(path), "\n".join(lines)


def polnear():
    for path in sorted(glob.glob(f"{DATA}/polnear/*/text/*.txt")):
        with open(path, encoding="utf-8") as f:
            yield "polnear/" + os.path.basename(path), f.read()


SOURCES = [newswcl50, basil, neus_allsides, tempeval3, meantime_en, polnear]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=None,
                    help="stop once the article texts reach this many MB (10^6 bytes of UTF-8); "
                         "default: all available text (about 7.9 MB)")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "out", "corpus.jsonl"))
    ap.add_argument("--seed", type=int, default=1, help="shuffle seed (the order mixes sources)")
    args = ap.parse_args()

    if not os.path.isdir(DATA):
        sys.exit(f"corpus.py: data folder {DATA} not found. It holds the third-party news data "
                 "sets (expected at ../shared/data next to the repository); cannot build a corpus.")

    articles, seen = [], set()
    for source in SOURCES:
        n = 0
        for doc_id, text in source():
            text = text.strip()
            # Drop empties and exact duplicates (the same excerpt can appear twice).
            if len(text.split()) < 20 or text in seen:
                continue
            seen.add(text)
            articles.append((doc_id, text))
            n += 1
        print(f"corpus.py: {source.__name__}: {n} articles", file=sys.stderr)
    if not articles:
        sys.exit(f"corpus.py: no article text found under {DATA}")

    # Shuffle with a fixed seed so a small --mb still mixes all sources, and runs repeat exactly.
    random.Random(args.seed).shuffle(articles)

    limit = int(args.mb * 1_000_000) if args.mb else float("inf")
    total = words = count = 0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for doc_id, text in articles:
            if total >= limit:
                break
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
            total += len(text.encode("utf-8"))
            words += len(text.split())
            count += 1
    if args.mb and total < limit:
        print(f"corpus.py: warning: only {total / 1e6:.2f} MB of text available "
              f"(asked for {args.mb} MB)", file=sys.stderr)
    print(f"corpus.py: wrote {args.out}: {count} articles, {words} words, {total / 1e6:.2f} MB of text",
          file=sys.stderr)


if __name__ == "__main__":
    main()
