"""Load SQL files from ``analytics/sql`` (one relation per file, applied in file-name order)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


@cache
def sql(name: str) -> str:
    """Text of ``analytics/sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def layer(folder: str) -> list[tuple[str, str]]:
    """``(relation name, SQL text)`` for every file of a folder, in file-name (layer) order."""
    files = sorted((SQL_DIR / folder).glob("*.sql"))
    return [(f.stem.split("_", 1)[-1], f.read_text(encoding="utf-8")) for f in files]
