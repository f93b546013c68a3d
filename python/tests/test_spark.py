"""readout.spark on a local[2] Spark session. Skips without pyspark or Java unless
READOUT_REQUIRE_SPARK is set (CI sets it)."""

import os
import shutil
import sys

import pytest

import readout
from conftest import own_articles

REQUIRED = bool(os.environ.get("READOUT_REQUIRE_SPARK"))


def spark_session():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if REQUIRED:
            pytest.fail("READOUT_REQUIRE_SPARK is set but pyspark is not installed")
        pytest.skip("pyspark is not installed")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if REQUIRED:
            pytest.fail("READOUT_REQUIRE_SPARK is set but no Java runtime was found")
        pytest.skip("no Java runtime")
    # The Python workers must run this interpreter (the one with readout and pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master("local[2]")
        .appName("readout-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )


@pytest.fixture(scope="module")
def spark():
    session = spark_session()
    yield session
    session.stop()


def test_spark_analyze_gives_one_row_per_article_with_the_records_of_analyze_many(spark):
    texts = own_articles(12)
    rows = [(f"doc{i}", t, "2024-05-10") for i, t in enumerate(texts)]
    df = spark.createDataFrame(rows, ["id", "body", "published"]).repartition(3)
    out = readout.spark.analyze(df, text="body")
    got = {r["id"]: r for r in out.collect()}
    assert sorted(got) == sorted(f"doc{i}" for i in range(12))
    expected = readout.analyze_many(
        [{"id": f"doc{i}", "text": t, "published": "2024-05-10"} for i, t in enumerate(texts)]
    )
    import json

    for record in expected:
        row = got[record["id"]]
        assert row["error"] is None
        assert {k: v for k, v in json.loads(row["record"]).items() if k != "input"} == {
            k: v for k, v in record.items() if k != "input"
        }
        assert [c["value"] for c in row["counts"]] == [c["value"] for c in record["counts"]]
    assert out.schema == readout.spark.output_schema()


def test_spark_analyze_names_a_missing_column(spark):
    df = spark.createDataFrame([("x",)], ["text"])
    with pytest.raises(ValueError, match="no column 'body'"):
        readout.spark.analyze(df, text="body")
