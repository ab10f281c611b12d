"""The errors a front reports as one readable line (their messages say what to do), never as a traceback,
and :func:`shown`, which makes any text from a file safe to print (control characters escaped)."""

from __future__ import annotations

import duckdb

from analytics.escape import shown
from analytics.ingest import ImportRefused
from analytics.sla.clocks import EmptyDataset, LeftOutTickets
from analytics.sla.policy import PolicyError
from analytics.store.database import StoreError
from analytics.store.datasets import DatasetNotFound

__all__ = [
    "EXPECTED_ERRORS",
    "EXPECTED_WARNINGS",
    "DatasetNotFound",
    "EmptyDataset",
    "ImportRefused",
    "LeftOutTickets",
    "PolicyError",
    "StoreError",
    "shown",
]

#: What the command line prints as ``sla: error: ...`` and the dashboard as one ``st.error`` line.
EXPECTED_ERRORS = (
    ImportRefused,
    PolicyError,
    StoreError,
    DatasetNotFound,
    EmptyDataset,
    ValueError,
    OSError,
    duckdb.Error,
)

#: Warnings about the data that a front shows as one line (``sla: warning: ...``, ``st.warning``).
EXPECTED_WARNINGS = (LeftOutTickets,)
