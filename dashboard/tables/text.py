"""Values as people read them: metric names, percentages, counts, instants, targets, heights of tables."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from analytics import api

__all__ = [
    "NOT_AVAILABLE",
    "STATUS",
    "counts_text",
    "metric_label",
    "metric_order",
    "pct_text",
    "policy_target_text",
    "share_text",
    "table_height",
    "target_text",
    "ticket_link",
    "when_text",
]


NOT_AVAILABLE = "n/a"


def metric_label(metric: str) -> str:
    """``"first_response"`` -> ``"First response"``."""
    return metric.replace("_", " ").capitalize()


def pct_text(value: object) -> str:
    """Compliance % with one decimal (``"92.9%"``), or ``"n/a"`` when nothing was decided yet."""
    return NOT_AVAILABLE if value is None or pd.isna(value) else f"{float(value):.1f}%"


def counts_text(met: int, breached: int, pending: int) -> str:
    """``"13 met · 1 breached · 0 pending"``."""
    return f"{int(met)} met · {int(breached)} breached · {int(pending)} pending"


def ticket_link(dataset: str, ticket_id: str) -> str:
    """Relative address of a ticket's timeline on the Ticket explorer page (a shareable link)."""
    return "tickets?" + urlencode({"dataset": dataset, "ticket": ticket_id})


def table_height(rows: int, max_rows: int = 20) -> int:
    """Pixel height that shows up to ``max_rows`` rows without an inner scroll bar."""
    return 38 + 35 * max(1, min(rows, max_rows))


def when_text(ts: object, tz: str) -> str:
    """An instant as wall-clock time in ``tz`` (``"2026-03-02 10:00"``); ``""`` when missing."""
    return "" if ts is None or pd.isna(ts) else f"{pd.Timestamp(ts).tz_convert(tz):%Y-%m-%d %H:%M}"


def policy_target_text(seconds: object) -> str:
    """A policy target: ``"10 min"``, or ``"not set"``."""
    return "not set" if seconds is None or pd.isna(seconds) else api.format_duration(float(seconds))


def metric_order(series: pd.Series) -> pd.Series:
    """Sort key putting metrics in the policy's order (unknown ones last)."""
    return series.map({m: i for i, m in enumerate(api.METRICS)}).fillna(len(api.METRICS))


def target_text(seconds: object) -> str:
    """An objective: ``"30 min"``, or ``"its estimate"`` where the ticket's own estimate is the target."""
    return "its estimate" if seconds is None or pd.isna(seconds) else api.format_duration(float(seconds))


def share_text(part: object, whole: object) -> str:
    """``"6 (46.2%)"``; just the count when ``whole`` is zero."""
    part, whole = int(part), int(whole)
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else f"{part:,}"


STATUS = {True: "open", False: "resolved"}  # a ticket's ``is_open``, in words
