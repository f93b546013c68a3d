import json
import subprocess

import pytest

import readout
from conftest import EXAMPLES, own_articles

EXAMPLE_DATES = {"ferry-talks": "2026-03-11", "call-oslo": "2031-03-05", "call-jakarta": "2031-03-05"}


def cli_record(cli, path, published):
    out = subprocess.run(
        [cli, "analyze", "--published", published, str(path)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


@pytest.mark.parametrize("name", sorted(EXAMPLE_DATES))
def test_record_equals_the_clis_for_the_bundled_examples(cli, name):
    path = EXAMPLES / f"{name}.txt"
    expected = cli_record(cli, path, EXAMPLE_DATES[name])
    got = readout.analyze(path.read_text(encoding="utf-8"), published=EXAMPLE_DATES[name], id=name)
    # `input` says how the article was read (a file there, a string here); all else is equal.
    assert expected.pop("input")["path"] == str(path)
    assert got.pop("input")["path"] is None
    assert got == expected
    assert got["events"], "the example has events"


def test_analyze_many_keeps_order_and_gives_the_same_records_whatever_the_threads():
    texts = own_articles(40)
    one = readout.analyze_many(texts, threads=1, published="2024-05-10")
    four = readout.analyze_many(texts, threads=4, published="2024-05-10")
    default = readout.analyze_many(texts, published="2024-05-10")
    assert one == four == default
    assert [r["id"] for r in one] == [f"item:{i}" for i in range(40)]
    # Each record is the one for its own text: the mayor's number is in its text.
    for i, record in enumerate(one):
        assert f"Ana Berg{i}," in record["text"]
    # And equals analyzing the item alone.
    alone = readout.analyze(texts[7], published="2024-05-10", id="item:7")
    assert {k: v for k, v in alone.items() if k != "input"} == {
        k: v for k, v in one[7].items() if k != "input"
    }


def test_analyze_many_takes_dicts_with_the_jsonl_fields():
    texts = own_articles(3)
    items = [
        {"text": texts[0], "id": "a", "published": "2024-02-01", "title": "Given title", "source": "Wire"},
        {"text": texts[1], "id": 17},
        texts[2],
    ]
    records = readout.analyze_many(items, threads=2)
    assert [r["id"] for r in records] == ["a", "17", "item:2"]
    assert records[0]["published"] == "2024-02-01" and records[0]["published_source"] == "input"
    assert records[0]["title"] == "Given title" and records[0]["source"] == "Wire"
    assert records[1]["published"] is None


def test_bad_input_raises_value_error_with_the_clis_message():
    with pytest.raises(ValueError, match="input is empty"):
        readout.analyze("   ")
    with pytest.raises(ValueError, match="is not a date; write it as YYYY-MM-DD"):
        readout.analyze("Ferries resumed.", published="2024-13-40")
    with pytest.raises(ValueError, match=r"item 1: malformed JSONL record: the record has neither `text` nor `html`"):
        readout.analyze_many(["Ferries resumed.", {"title": "no text"}])
    with pytest.raises(ValueError, match=r"item 0: .*publication date \"May 3\" is not a date"):
        readout.analyze_many([{"text": "Ferries resumed.", "published": "May 3"}])
    with pytest.raises(ValueError, match="item 0: an item is a string"):
        readout.analyze_many([42])
    with pytest.raises(ValueError, match="threads must be a positive integer"):
        readout.analyze_many(["x"], threads=0)
    with pytest.raises(ValueError, match="at least two articles"):
        readout.compare(["Only one account."])
    with pytest.raises(ValueError, match="must be a str"):
        readout.analyze(b"bytes")


def test_errors_none_gives_none_for_bad_items_and_keeps_the_rest():
    records = readout.analyze_many(["", "Ferries resumed on Friday.", {"id": "x"}], errors="none")
    assert records[0] is None and records[2] is None
    assert records[1]["id"] == "item:1"


def test_html_input_is_extracted():
    page = (
        "<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
        "<p>The port of Valletta reopened on Tuesday after a week of strikes, the harbour "
        "authority said. Dockworkers returned to work in the morning and the first ferry left "
        "at noon, carrying about 300 passengers to the mainland.</p></article></body></html>"
    )
    record = readout.analyze(page, html=True, published="2024-05-10")
    assert "Valletta reopened" in record["text"]
    assert "<p>" not in record["text"]


def test_compare_lines_up_the_bundled_pair(cli):
    texts = [(EXAMPLES / f"{n}.txt").read_text(encoding="utf-8") for n in ("call-oslo", "call-jakarta")]
    report = readout.compare(texts, published="2031-03-05")
    expected = json.loads(
        subprocess.run(
            [cli, "compare", "--format", "json", "--published", "2031-03-05",
             str(EXAMPLES / "call-oslo.txt"), str(EXAMPLES / "call-jakarta.txt")],
            check=True, capture_output=True, text=True,
        ).stdout
    )
    # Same claims and labels; ids differ (item:N here, file names there).
    def labels(r):
        return sorted(item["label"] for pair in r["pairs"] for item in pair["items"])

    assert labels(report) == labels(expected)
    assert len(labels(report)) > 0
