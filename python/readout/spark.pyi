from typing import Any, Optional

def output_schema() -> Any: ...
def analyze(
    df: Any,
    text: str = "text",
    published: Optional[str] = "published",
    id: Optional[str] = "id",
    threads: Optional[int] = 1,
) -> Any: ...
