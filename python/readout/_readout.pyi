from typing import Any, List, Optional, Sequence, Tuple, Union

__version__: str

def analyze_json(
    text: str,
    *,
    published: Optional[str] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    url: Optional[str] = None,
    html: bool = False,
) -> str: ...
def analyze_many_json(
    items: Sequence[Union[str, bytes]], *, threads: int = 0, published: Optional[str] = None
) -> List[Tuple[Optional[str], Optional[str]]]: ...
def compare_json(items: Sequence[Union[str, bytes]], *, published: Optional[str] = None) -> str: ...
def default_threads() -> int: ...
