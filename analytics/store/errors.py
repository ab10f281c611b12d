"""The store's own error."""

from __future__ import annotations

__all__ = ["StoreError"]


class StoreError(RuntimeError):
    """The database cannot be used (missing, locked, not a DuckDB file, no room, ...)."""
