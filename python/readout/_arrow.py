"""Records as Arrow: the declared schema of :func:`readout.analyze_arrow` and the conversion of
records into its rows. Needs ``pyarrow`` (``pip install pyarrow``)."""

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, List, Optional

import pyarrow as pa

from . import _readout

_SPAN = [("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]

ENTITY = pa.struct(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("aliases", pa.list_(pa.string())),
        ("mentions", pa.int32()),
        ("role", pa.string()),
        ("affiliation", pa.string()),
        ("kb", pa.string()),
    ]
)
EVENT = pa.struct(
    [
        ("id", pa.string()),
        ("code", pa.string()),
        ("label", pa.string()),
        ("plover", pa.string()),
        ("plover_mode", pa.string()),
        ("actor_name", pa.string()),
        ("actor_code", pa.string()),
        ("recipient_name", pa.string()),
        ("recipient_code", pa.string()),
        ("date", pa.date32()),
        ("negated", pa.bool_()),
        ("hypothetical", pa.bool_()),
        ("confidence", pa.float64()),
        *_SPAN,
    ]
)
QUOTE = pa.struct(
    [
        *_SPAN,
        ("kind", pa.string()),
        ("speaker", pa.string()),
        ("speaker_entity", pa.string()),
        ("cue", pa.string()),
    ]
)
COUNT = pa.struct(
    [
        *_SPAN,
        ("value", pa.float64()),
        ("value_max", pa.float64()),
        ("qualifier", pa.string()),
        ("category", pa.string()),
        ("object", pa.string()),
    ]
)
TIME = pa.struct([*_SPAN, ("type", pa.string()), ("value", pa.string())])

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("entities", pa.list_(ENTITY)),
        ("events", pa.list_(EVENT)),
        ("quotes", pa.list_(QUOTE)),
        ("counts", pa.list_(COUNT)),
        ("times", pa.list_(TIME)),
        ("record", pa.string()),
        ("error", pa.string()),
    ]
)


def _date(value: Optional[str]) -> Optional[datetime.date]:
    """A calendar date from a record's ``YYYY-MM-DD`` (times and event dates may be coarser,
    ``2026-03`` or ``2026-W10``: those have no single day and stay null here; the record
    column keeps them)."""
    if not value or len(value) != 10:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _span_text(value: Optional[Dict[str, Any]]) -> Optional[str]:
    return value.get("text") if value else None


def _party(parties: List[Dict[str, Any]], names: Dict[str, str]):
    """Name and code of the first actor (or recipient): the resolved entity's name when the
    phrase is linked to one, else the phrase."""
    if not parties:
        return None, None
    first = parties[0]
    return names.get(first.get("entity") or "", first.get("text")), first.get("code")


def record_row(record: Dict[str, Any], record_json: str) -> Dict[str, Any]:
    """One output row from a record (and its JSON text)."""
    names = {e["id"]: e["name"] for e in record.get("entities", [])}
    events = []
    for v in record.get("events", []):
        actor, actor_code = _party(v.get("actors", []), names)
        recipient, recipient_code = _party(v.get("recipients", []), names)
        plover = v.get("plover") or {}
        events.append(
            {
                "id": v["id"],
                "code": v["code"],
                "label": v.get("label"),
                "plover": plover.get("category"),
                "plover_mode": plover.get("mode"),
                "actor_name": actor,
                "actor_code": actor_code,
                "recipient_name": recipient,
                "recipient_code": recipient_code,
                "date": _date(v.get("date")),
                "negated": v.get("negated"),
                "hypothetical": v.get("hypothetical"),
                "confidence": v.get("confidence"),
                "start": v["start"],
                "end": v["end"],
                "text": v["text"],
            }
        )
    entities = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": e["type"],
            "aliases": e.get("aliases", []),
            "mentions": len(e.get("mentions", [])),
            "role": e.get("role"),
            "affiliation": e.get("affiliation"),
            "kb": e.get("kb"),
        }
        for e in record.get("entities", [])
    ]
    quotes = [
        {
            "start": q["start"],
            "end": q["end"],
            "text": q["text"],
            "kind": q.get("kind"),
            "speaker": names.get(q.get("speaker") or "", _span_text(q.get("speaker_text"))),
            "speaker_entity": q.get("speaker"),
            "cue": _span_text(q.get("cue")),
        }
        for q in record.get("quotes", [])
    ]
    counts = [
        {k: c.get(k) for k in ("start", "end", "text", "value", "value_max", "qualifier", "category", "object")}
        for c in record.get("counts", [])
    ]
    times = [
        {k: t.get(k) for k in ("start", "end", "text", "type", "value")}
        for t in record.get("times", [])
    ]
    return {
        "id": record["id"],
        "title": record.get("title"),
        "published": _date(record.get("published")),
        "url": record.get("url"),
        "source": record.get("source"),
        "entities": entities,
        "events": events,
        "quotes": quotes,
        "counts": counts,
        "times": times,
        "record": record_json,
        "error": None,
    }


def _column(table: Any, name: str) -> Optional[List[Any]]:
    if name and name in table.schema.names:
        return table.column(name).to_pylist()
    return None


def _published_text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def analyze_table(table: Any, *, text: str, published: str, id: str, threads: Optional[int]) -> pa.Table:
    """See :func:`readout.analyze_arrow`."""
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise ValueError(f"analyze_arrow takes a pyarrow.Table or RecordBatch, not {type(table).__name__}")
    texts = _column(table, text)
    if texts is None:
        raise ValueError(
            f"the table has no column {text!r} (its columns: {', '.join(table.schema.names)}); "
            "name the text column with text=..."
        )
    ids = _column(table, id) or [None] * len(texts)
    dates = _column(table, published) or [None] * len(texts)
    items = []
    row_ids = []
    for n, (body, ident, date) in enumerate(zip(texts, ids, dates)):
        row_id = str(ident) if ident is not None else f"row:{n}"
        row_ids.append(row_id)
        # A null text becomes a record without text: the extension reports it like the CLI.
        item: Dict[str, Any] = {"id": row_id}
        if body is not None:
            item["text"] = body
        if date is not None:
            item["published"] = _published_text(date)
        items.append(json.dumps(item).encode("utf-8"))
    results = _readout.analyze_many_json(items, threads=threads or 0, published=None)
    rows = []
    for row_id, (record_json, error) in zip(row_ids, results):
        if error is not None:
            row = {name: None for name in SCHEMA.names}
            row["id"] = row_id
            row["error"] = error
            rows.append(row)
        else:
            rows.append(record_row(json.loads(record_json), record_json))
    return pa.Table.from_pylist(rows, schema=SCHEMA)
