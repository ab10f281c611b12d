"""Errors an import can end with; their text is shown to people as is, with any control or invisible
character from a file written as an escape (:func:`analytics.escape.shown`)."""

from __future__ import annotations

import pandas as pd

from analytics.escape import shown

__all__ = ["ImportRefused"]


class ImportRefused(ValueError):
    """The file as a whole cannot be imported; the database was not changed.

    ``rejects`` holds the refused rows (source_line, ticket_id, raw, reason) when there are any, and
    ``rejects_path`` where they were saved for inspection. The message quotes file names, column
    names and values from the file, so it is escaped here, once for every refusal.
    """

    def __init__(self, message: str, rejects: pd.DataFrame | None = None, rejects_path: str | None = None):
        super().__init__(shown(message))
        self.rejects = rejects
        self.rejects_path = rejects_path
