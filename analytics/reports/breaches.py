"""Breached and running clocks: capped lists for tables, counts, and breaches by hour of week."""

from __future__ import annotations

import pandas as pd

from analytics.reports.compliance import report
from analytics.reports.filters import Filters
from analytics.sla.facts import Facts

__all__ = ["DOWNLOAD_LIMIT", "SHOWN_ROWS", "breach_list", "hour_of_week", "pending_list", "status_counts"]

# Rows a page shows at most; the download holds everything (DOWNLOAD_LIMIT guards memory).
SHOWN_ROWS = 500
DOWNLOAD_LIMIT = 1_000_000


def breach_list(facts: Facts, filters: Filters | None = None, limit: int = SHOWN_ROWS) -> pd.DataFrame:
    """Breached clocks, latest breach first, at most ``limit`` rows."""
    return report(facts, "breach_list", filters, params={"limit": int(limit)})


def pending_list(facts: Facts, filters: Filters | None = None, limit: int = SHOWN_ROWS) -> pd.DataFrame:
    """Clocks still running within target, the longest-running first, at most ``limit`` rows."""
    return report(facts, "pending_list", filters, params={"limit": int(limit)})


def status_counts(facts: Facts, filters: Filters | None = None) -> pd.Series:
    """``breached`` and ``pending`` clock counts under the filters (for "showing N of M")."""
    return report(facts, "status_counts", filters).iloc[0]


def hour_of_week(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Breaches per weekday (1 = Monday) and hour of the reporting timezone: a full 7 × 24 grid."""
    found = report(facts, "breach_heatmap", filters)
    grid = pd.MultiIndex.from_product([range(1, 8), range(24)], names=["weekday", "hour"]).to_frame(index=False)
    out = grid.merge(found, on=["weekday", "hour"], how="left")
    out["breaches"] = out["breaches"].fillna(0).astype("int64")
    out["metrics"] = out["metrics"].fillna("")
    return out
