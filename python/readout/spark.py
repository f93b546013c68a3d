"""readout on Spark: analyze a DataFrame of articles on every executor core.

>>> from readout.spark import analyze
>>> out = analyze(spark.read.parquet("articles/"), text="body", published="date", id="url")

Each partition goes through :func:`readout.analyze_arrow` inside ``DataFrame.mapInArrow``, so
the executors need the ``readout`` package (the wheel) and ``pyarrow`` installed in the Python
they run: ``pip install readout-*.whl`` on every node, or pack a virtual environment with
``venv-pack`` and pass it with ``--archives env.tar.gz#env`` and
``PYSPARK_PYTHON=./env/bin/python`` (see the README).
"""

from __future__ import annotations

from typing import Any, Iterator, Optional


def output_schema() -> Any:
    """The Spark ``StructType`` of :func:`analyze`'s output (that of
    :func:`readout.arrow_schema`)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from . import arrow_schema

    return from_arrow_schema(arrow_schema())


def analyze(
    df: Any,
    text: str = "text",
    published: Optional[str] = "published",
    id: Optional[str] = "id",
    threads: Optional[int] = 1,
) -> Any:
    """Analyze every row of ``df`` (a ``pyspark.sql.DataFrame``) and return a DataFrame with
    one row per article, the columns of :func:`readout.analyze_arrow`.

    :param text: the column holding the article text.
    :param published: the column holding publication dates (string or date), if any.
    :param id: the column holding ids, if any (default ``row:N`` within each partition).
    :param threads: threads per Python worker (default 1: Spark already runs one task per
        core; raise it only when tasks get fewer cores than the executor has).
    """
    names = set(df.columns)
    if text not in names:
        raise ValueError(
            f"the DataFrame has no column {text!r} (its columns: {', '.join(df.columns)}); "
            "name the text column with text=..."
        )
    keep = [c for c in (text, published, id) if c and c in names]
    text_column, published_column, id_column = text, published or "", id or ""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        from . import analyze_arrow

        for batch in batches:
            if batch.num_rows == 0:
                continue
            table = analyze_arrow(
                batch, text=text_column, published=published_column, id=id_column, threads=threads
            )
            yield from table.to_batches()

    return df.select(*keep).mapInArrow(run, output_schema())
