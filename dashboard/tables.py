"""Shape API results for reading: metric names in words, percentages, durations and local times.

Presentation only: every count and percentage comes from :mod:`analytics.api` unchanged.
"""

from __future__ import annotations

import pandas as pd

from analytics.durations import format_duration
from analytics.policy import Policy
from analytics.vocabulary import METRICS

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


def per_metric(compliance: pd.DataFrame) -> pd.DataFrame:
    """Compliance by metric with one row per known metric, in the policy's order.

    A metric no ticket exercised (e.g. no escalations in the dataset) gets zero counts and no
    percentage, so every page shows the same six metrics in the same place.
    """
    df = compliance.set_index("metric").reindex(list(METRICS))
    for col in ("met", "breached", "pending"):
        df[col] = df[col].fillna(0).astype("int64")
    return df.reset_index()


def table_height(rows: int, max_rows: int = 20) -> int:
    """Pixel height that shows up to ``max_rows`` rows without an inner scroll bar."""
    return 38 + 35 * max(1, min(rows, max_rows))


def when_text(ts: object, tz: str) -> str:
    """An instant as wall-clock time in ``tz`` (``"2026-03-02 10:00"``); ``""`` when missing."""
    return "" if ts is None or pd.isna(ts) else f"{pd.Timestamp(ts).tz_convert(tz):%Y-%m-%d %H:%M}"


def _target(seconds: object) -> str:
    return "not set" if seconds is None or pd.isna(seconds) else format_duration(float(seconds))


def _metric_order(series: pd.Series) -> pd.Series:
    return series.map({m: i for i, m in enumerate(METRICS)}).fillna(len(METRICS))


def team_table(compliance: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Compliance by metric and team, metrics in the policy's order, with the teams' names."""
    df = compliance.assign(_order=_metric_order(compliance["metric"])).sort_values(["_order", "team"])
    names = {tid: t.name for tid, t in policy.teams.items()}
    return pd.DataFrame({
        "Metric": df["metric"].map(metric_label),
        "Team": df["team"],
        "Team name": df["team"].map(lambda t: names.get(t, "")),
        "Met": df["met"],
        "Breached": df["breached"],
        "Pending": df["pending"],
        "Compliance %": df["compliance_pct"],
    }).reset_index(drop=True)


def breach_table(breaches: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Breached clocks as the API orders them (latest first), durations and times readable."""
    return pd.DataFrame({
        "Ticket": breaches["ticket_id"],
        "Metric": breaches["metric"].map(metric_label),
        "Team": breaches["team"],
        "Target": breaches["target_seconds"].map(_target),
        "Elapsed": breaches["elapsed_seconds"].map(format_duration),
        f"Breached at ({tz})": breaches["breached_at"].map(lambda t: when_text(t, tz)),
        "Reason": breaches["note"].fillna(""),
    }).reset_index(drop=True)


def pending_table(clocks: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Clocks still running at the as-of instant, the longest-running first."""
    df = clocks[clocks["status"] == "pending"].sort_values("started_at")
    return pd.DataFrame({
        "Ticket": df["ticket_id"],
        "Metric": df["metric"].map(metric_label),
        "Team": df["team"],
        "Target": df["target_seconds"].map(_target),
        "Elapsed so far": df["elapsed_seconds"].map(format_duration),
        f"Started at ({tz})": df["started_at"].map(lambda t: when_text(t, tz)),
    }).reset_index(drop=True)
