from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Union

import pyarrow

__version__: str

Item = Union[str, Mapping[str, Any]]

def default_threads() -> int: ...
def analyze(
    text: str,
    *,
    published: Optional[str] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
    html: bool = False,
) -> Dict[str, Any]: ...
def analyze_many(
    items: Iterable[Item],
    *,
    threads: Optional[int] = None,
    published: Optional[str] = None,
    errors: Literal["raise", "none"] = "raise",
) -> List[Optional[Dict[str, Any]]]: ...
def compare(items: Iterable[Item], *, published: Optional[str] = None) -> Dict[str, Any]: ...
def analyze_arrow(
    table: Union[pyarrow.Table, pyarrow.RecordBatch],
    *,
    text: str = "text",
    published: str = "published",
    id: str = "id",
    threads: Optional[int] = None,
) -> pyarrow.Table: ...
def arrow_schema() -> pyarrow.Schema: ...
