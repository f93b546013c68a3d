#!/usr/bin/env python3
"""Words/s of the Python package against the CLI, and Spark local[1] against local[2].

Runs with a Python that has readout installed (pip install ./python) and, for the Spark part,
pyarrow and pyspark. bench/python_speed.sh sets that up; see BENCHMARKS.md.

Usage: python bench/python_speed.py CORPUS.jsonl READOUT_BIN [--spark]
"""

import json
import os
import subprocess
import sys
import time

import readout


def timed(f):
    t = time.perf_counter()
    result = f()
    return time.perf_counter() - t, result


def main():
    corpus, binary = sys.argv[1], sys.argv[2]
    items = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    for item in items:
        item["published"] = "2024-01-01"
    words = sum(len(i.get("text", "").split()) for i in items)
    print(f"corpus: {len(items)} articles, {words} words, load {os.getloadavg()[0]:.2f}")

    def cli(j):
        with open(os.devnull, "wb") as null:
            subprocess.run([binary, "analyze", "-j", str(j), corpus], stdout=null, check=True)

    rows = []
    for j in (1, 2):
        secs, _ = timed(lambda: cli(j))
        rows.append((f"CLI analyze -j {j}", j, secs))
        secs, recs = timed(lambda: readout.analyze_many(items, threads=j))
        rows.append((f"Python analyze_many(threads={j})", j, secs))
    try:
        import pyarrow as pa

        table = pa.table({"id": [i.get("id") for i in items], "text": [i.get("text") for i in items],
                          "published": ["2024-01-01"] * len(items)})
        secs, _ = timed(lambda: readout.analyze_arrow(table, threads=1))
        rows.append(("Python analyze_arrow(threads=1)", 1, secs))
    except ImportError:
        pass
    for name, threads, secs in rows:
        print(f"{name:34s} {secs:7.2f} s {words / secs:10,.0f} words/s {words / secs / threads:10,.0f} per thread")

    if "--spark" in sys.argv:
        spark_rates(corpus, words)


def spark_rates(corpus, words):
    from pyspark.sql import SparkSession

    import readout.spark

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for cores in (1, 2):
        spark = (SparkSession.builder.master(f"local[{cores}]").appName("readout-bench")
                 .config("spark.ui.enabled", "false").getOrCreate())
        df = spark.read.json(corpus).select("id", "text").repartition(4).cache()
        df.count()
        out = readout.spark.analyze(df, published=None)
        secs, _ = timed(lambda: out.write.format("noop").mode("overwrite").save())
        print(f"Spark local[{cores}] readout.spark.analyze  {secs:7.2f} s {words / secs:10,.0f} words/s")
        spark.stop()


if __name__ == "__main__":
    main()
