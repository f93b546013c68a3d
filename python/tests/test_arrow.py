import datetime
import json

import pytest

pa = pytest.importorskip("pyarrow")

import readout
from conftest import EXAMPLES, own_articles


def test_arrow_output_has_the_declared_typed_schema_and_one_row_per_article():
    texts = own_articles(5)
    table = pa.table({"text": texts, "published": ["2024-05-10"] * 5, "id": [f"doc{i}" for i in range(5)]})
    out = readout.analyze_arrow(table, threads=2)
    assert out.schema == readout.arrow_schema()
    assert out.num_rows == 5
    assert out.column("id").to_pylist() == [f"doc{i}" for i in range(5)]
    assert out.column("published").to_pylist() == [datetime.date(2024, 5, 10)] * 5
    events = out.schema.field("events").type.value_type
    assert events.field("date").type == pa.date32()
    assert events.field("confidence").type == pa.float64()
    assert out.schema.field("counts").type.value_type.field("value").type == pa.float64()
    # The nested columns are the record's, which the JSON column holds in full.
    for row in out.to_pylist():
        record = json.loads(row["record"])
        assert [c["value"] for c in row["counts"]] == [c["value"] for c in record["counts"]]
        assert [e["name"] for e in row["entities"]] == [e["name"] for e in record["entities"]]
        assert row["error"] is None


def test_events_carry_code_plover_actors_and_date():
    text = (EXAMPLES / "ferry-talks.txt").read_text(encoding="utf-8")
    out = readout.analyze_arrow(pa.table({"text": [text], "published": [datetime.date(2026, 3, 11)]}))
    record = json.loads(out.column("record")[0].as_py())
    events = out.column("events")[0].as_py()
    assert len(events) == len(record["events"]) > 0
    names = {e["id"]: e["name"] for e in record["entities"]}
    for got, v in zip(events, record["events"]):
        assert got["code"] == v["code"]
        assert got["plover"] == v["plover"]["category"]
        first = v["actors"][0] if v["actors"] else None
        if first:
            assert got["actor_name"] == names.get(first["entity"], first["text"])
            assert got["actor_code"] == first["code"]
        assert got["date"] == (datetime.date.fromisoformat(v["date"]) if v["date"] and len(v["date"]) == 10 else None)


def test_a_bad_row_gets_an_error_and_the_others_their_records():
    table = pa.table({"text": ["Ferries resumed on Friday.", None, ""], "id": [1, 2, 3]})
    out = readout.analyze_arrow(table)
    errors = out.column("error").to_pylist()
    assert errors[0] is None
    assert "neither `text` nor `html`" in errors[1]
    assert "input is empty" in errors[2]
    assert out.column("id").to_pylist() == ["1", "2", "3"]
    assert out.column("record").to_pylist()[1] is None


def test_a_missing_text_column_is_a_value_error():
    with pytest.raises(ValueError, match="no column 'body'"):
        readout.analyze_arrow(pa.table({"text": ["x"]}), text="body")
    with pytest.raises(ValueError, match="pyarrow.Table"):
        readout.analyze_arrow({"text": ["x"]})
