"""`readout export parquet` opens in pyarrow and DuckDB with the CSV export's fields."""

import csv
import io
import subprocess

import pytest

from conftest import EXAMPLES

pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def exported(cli, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    db = tmp / "news.db"
    subprocess.run([cli, "ingest", "--db", str(db), str(EXAMPLES)], check=True, capture_output=True)
    out = tmp / "parquet"
    subprocess.run([cli, "export", "parquet", "--db", str(db), "--out", str(out)], check=True, capture_output=True)
    events_csv = subprocess.run(
        [cli, "export", "csv", "--db", str(db)], check=True, capture_output=True, text=True
    ).stdout
    return out, list(csv.reader(io.StringIO(events_csv)))


def test_events_table_has_the_csv_columns_and_values(exported):
    out, rows = exported
    table = pq.read_table(out / "events.parquet")
    assert table.schema.names == rows[0]
    assert table.num_rows == len(rows) - 1 > 0
    as_text = [
        ["" if v is None else (str(v).lower() if isinstance(v, bool) else str(v)) for v in row.values()]
        for row in table.to_pylist()
    ]
    assert as_text == rows[1:]


def test_every_table_opens_in_duckdb(exported):
    duckdb = pytest.importorskip("duckdb")
    out, _ = exported
    counts = {
        t: duckdb.sql(f"select count(*) from '{out / (t + '.parquet')}'").fetchall()[0][0]
        for t in ("articles", "entities", "events", "quotes", "counts")
    }
    assert counts["articles"] == len(list(EXAMPLES.glob("*.txt")))
    assert all(n > 0 for n in counts.values()), counts
    joined = duckdb.sql(
        f"select a.doc_id, count(*) from '{out / 'events.parquet'}' e "
        f"join '{out / 'articles.parquet'}' a using (article_id) group by 1 order by 1"
    ).fetchall()
    assert [doc for doc, _ in joined] == sorted(p.stem for p in EXAMPLES.glob("*.txt"))
