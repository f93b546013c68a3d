"""readout from Python: news articles to a verifiable record (entities, quotes, times, counts,
CAMEO/PLOVER events), the same records as the ``readout`` command line.

The work runs in Rust (the ``readout._readout`` extension); :func:`analyze_many` releases the
GIL and uses every core. Bad input raises :class:`ValueError` with the message the command
line prints for it.

>>> import readout
>>> rec = readout.analyze("Ferries resumed on Friday.", published="2024-05-10")
>>> rec["published"]
'2024-05-10'
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from . import _readout

__all__ = [
    "analyze",
    "analyze_many",
    "compare",
    "analyze_arrow",
    "arrow_schema",
    "default_threads",
    "__version__",
]

__version__: str = _readout.__version__

Item = Union[str, Mapping[str, Any]]


def default_threads() -> int:
    """The number of threads :func:`analyze_many` uses by default: every core."""
    return _readout.default_threads()


def analyze(
    text: str,
    *,
    published: Optional[str] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
    html: bool = False,
) -> Dict[str, Any]:
    """Analyze one article and return its record, the dict ``readout analyze`` prints as JSON.

    :param text: the article text (or the HTML page when ``html`` is true).
    :param published: publication date ``YYYY-MM-DD`` (or an ISO 8601 date-time), the anchor
        for relative dates such as "on Tuesday"; like the CLI's ``--published``.
    :param id: the record's ``id`` (default ``"text"``).
    :param title: the title, instead of the one found in the text.
    :param url: the article's URL.
    :param html: ``text`` is an HTML page: its main text is extracted first.
    :raises ValueError: bad input (empty text, a bad date, HTML without article text), with
        the command line's message.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str (the article), not {type(text).__name__}")
    return json.loads(
        _readout.analyze_json(
            text, published=published, id=id, title=title, url=url, html=html
        )
    )


def _encode_items(items: Iterable[Item]) -> List[Union[str, bytes, Any]]:
    """Strings stay text; dicts become their JSON text (as ``bytes``), read by the extension
    exactly as ``readout analyze`` reads a JSONL line. Anything else is passed on and refused
    there with the item's index."""
    out: List[Union[str, bytes, Any]] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(json.dumps(dict(item), default=str).encode("utf-8"))
        else:
            out.append(item)
    return out


def analyze_many(
    items: Iterable[Item],
    *,
    threads: Optional[int] = None,
    published: Optional[str] = None,
    errors: str = "raise",
) -> List[Optional[Dict[str, Any]]]:
    """Analyze many articles on every core (the GIL is released) and return their records in
    the order of ``items``.

    :param items: strings (article texts, ids ``item:0``, ``item:1``…) or dicts with the JSONL
        fields: ``text`` or ``html``, and optional ``id``, ``title``, ``url``, ``published``,
        ``source``.
    :param threads: threads to use (default: every core); the records are the same whatever
        the number.
    :param published: a publication date for every item (like ``--published``), overriding
        their own.
    :param errors: ``"raise"`` (default): the first bad item raises :class:`ValueError` naming
        it (``item N: …``) after all are analyzed; ``"none"``: a bad item's record is ``None``.
    :raises ValueError: a bad item (with ``errors="raise"``), a bad ``published`` or
        ``threads``.
    """
    if errors not in ("raise", "none"):
        raise ValueError(f'errors must be "raise" or "none", not {errors!r}')
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ValueError(f"threads must be a positive integer, not {threads!r}")
    results = _readout.analyze_many_json(
        _encode_items(items), threads=threads or 0, published=published
    )
    records: List[Optional[Dict[str, Any]]] = []
    for index, (record, error) in enumerate(results):
        if error is not None:
            if errors == "raise":
                raise ValueError(error if error.startswith("item ") else f"item {index}: {error}")
            records.append(None)
        else:
            records.append(json.loads(record))
    return records


def compare(items: Iterable[Item], *, published: Optional[str] = None) -> Dict[str, Any]:
    """Compare two or more accounts of one event claim by claim: the report that
    ``readout compare --format json`` prints (agree, wording, conflict, only_in items, terms
    each side uses, how each side names the same actor).

    :param items: two or more articles, as for :func:`analyze_many`.
    :param published: publication date anchoring relative dates, like ``--published``.
    :raises ValueError: fewer than two items, or a bad item.
    """
    return json.loads(_readout.compare_json(_encode_items(items), published=published))


def analyze_arrow(table: Any, *, text: str = "text", published: str = "published", id: str = "id",
                  threads: Optional[int] = None) -> Any:
    """Analyze the articles of a ``pyarrow.Table`` (or ``RecordBatch``): one output row per
    input row, with ``id``, ``title``, ``published`` (date), typed nested columns
    (``entities``, ``events``, ``quotes``, ``counts``, ``times``), the full record as JSON
    text (``record``) and ``error`` (the message for a row that could not be analyzed, whose
    other columns are then null). See :func:`arrow_schema`.

    :param text: the column holding the article text.
    :param published: the column holding publication dates (string or date); optional.
    :param id: the column holding ids (string or integer); optional (default ``row:N``).
    """
    from ._arrow import analyze_table

    return analyze_table(table, text=text, published=published, id=id, threads=threads)


def arrow_schema() -> Any:
    """The ``pyarrow.Schema`` of :func:`analyze_arrow`'s output."""
    from ._arrow import SCHEMA

    return SCHEMA


from . import spark  # noqa: E402  (pyspark itself is imported only when used)
