"""Shape API results for reading: metric names in words, percentages, durations and local times.

Presentation only: every count and percentage comes from :mod:`analytics.api` unchanged.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from analytics import api


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
    return api.per_metric(compliance)


def ticket_link(dataset: str, ticket_id: str) -> str:
    """Relative address of a ticket's timeline on the Ticket explorer page (a shareable link)."""
    return "tickets?" + urlencode({"dataset": dataset, "ticket": ticket_id})


def table_height(rows: int, max_rows: int = 20) -> int:
    """Pixel height that shows up to ``max_rows`` rows without an inner scroll bar."""
    return 38 + 35 * max(1, min(rows, max_rows))


def when_text(ts: object, tz: str) -> str:
    """An instant as wall-clock time in ``tz`` (``"2026-03-02 10:00"``); ``""`` when missing."""
    return "" if ts is None or pd.isna(ts) else f"{pd.Timestamp(ts).tz_convert(tz):%Y-%m-%d %H:%M}"


def _target(seconds: object) -> str:
    return "not set" if seconds is None or pd.isna(seconds) else api.format_duration(float(seconds))


def _metric_order(series: pd.Series) -> pd.Series:
    return series.map({m: i for i, m in enumerate(api.METRICS)}).fillna(len(api.METRICS))


def team_table(compliance: pd.DataFrame, policy: api.Policy) -> pd.DataFrame:
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


def breach_table(breaches: pd.DataFrame, tz: str, dataset: str | None = None) -> pd.DataFrame:
    """Breached clocks as the API orders them (latest first), durations and times readable.

    With ``dataset``, a last column ``Timeline`` links each row to its ticket's timeline.
    """
    out = pd.DataFrame({
        "Ticket": breaches["ticket_id"],
        "Timeline": [ticket_link(dataset, t) for t in breaches["ticket_id"]] if dataset else None,
        "Metric": breaches["metric"].map(metric_label),
        "Target": breaches["target_seconds"].map(_target),
        "Elapsed": breaches["elapsed_seconds"].map(api.format_duration),
        f"Breached at ({tz})": breaches["breached_at"].map(lambda t: when_text(t, tz)),
        "Team": breaches["team"],
        "Reason": breaches["note"].fillna(""),
    }).reset_index(drop=True)
    return out if dataset else out.drop(columns="Timeline")


def pending_table(clocks: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Clocks still running at the as-of instant, the longest-running first."""
    df = clocks[clocks["status"] == "pending"].sort_values("started_at") if "status" in clocks else clocks
    return pd.DataFrame({
        "Ticket": df["ticket_id"],
        "Metric": df["metric"].map(metric_label),
        "Team": df["team"],
        "Target": df["target_seconds"].map(_target),
        "Elapsed so far": df["elapsed_seconds"].map(api.format_duration),
        f"Started at ({tz})": df["started_at"].map(lambda t: when_text(t, tz)),
    }).reset_index(drop=True)


def breakdown_table(compliance: pd.DataFrame, dim: str, label: str) -> pd.DataFrame:
    """Compliance by metric and one dimension (channel, complexity, week...), metrics in policy order."""
    df = compliance.assign(_order=_metric_order(compliance["metric"])).sort_values(["_order", dim])
    values = df[dim].map(lambda v: "(none)" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
    return pd.DataFrame({
        "Metric": df["metric"].map(metric_label),
        label: values,
        "Met": df["met"],
        "Breached": df["breached"],
        "Pending": df["pending"],
        "Compliance %": df["compliance_pct"],
    }).reset_index(drop=True)


def target_text(seconds: object) -> str:
    """An objective: ``"30 min"``, or ``"its estimate"`` where the ticket's own estimate is the target."""
    return "its estimate" if seconds is None or pd.isna(seconds) else api.format_duration(float(seconds))


def percentile_table(pct: pd.DataFrame, objectives: pd.DataFrame) -> pd.DataFrame:
    """Resolution percentiles per complexity, readable, with each complexity's objective."""
    goal = dict(zip(objectives["complexity"], objectives["target_seconds"], strict=True))
    return pd.DataFrame({
        "Complexity": pct["complexity"],
        "Objective": pct["complexity"].map(lambda c: target_text(goal.get(c)) if c in goal else ""),
        "Cycles": pct["cycles"].astype("int64"),
        "p50": pct["p50_seconds"].map(api.format_duration),
        "p75": pct["p75_seconds"].map(api.format_duration),
        "p90": pct["p90_seconds"].map(api.format_duration),
        "p95": pct["p95_seconds"].map(api.format_duration),
        "p50 wall-clock": pct["wall_p50_seconds"].map(api.format_duration),
        "p90 wall-clock": pct["wall_p90_seconds"].map(api.format_duration),
        "Within objective %": pct["within_objective_pct"],
    })


def share_text(part: object, whole: object) -> str:
    """``"6 (46.2%)"``; just the count when ``whole`` is zero."""
    part, whole = int(part), int(whole)
    return f"{part:,} ({100 * part / whole:.1f}%)" if whole else f"{part:,}"


def handoff_team_table(by_team: pd.DataFrame) -> pd.DataFrame:
    """Hand-offs per receiving team, kind and reason."""
    return pd.DataFrame({
        "Receiving team": by_team["to_team"],
        "Kind": by_team["kind"].map({"escalated": "escalation", "approval_requested": "approval request"}),
        "Reason": by_team["reason"],
        "Hand-offs": by_team["handoffs"].astype("int64"),
        "Tickets": by_team["tickets"].astype("int64"),
        "% of tickets": by_team["ticket_share_pct"],
    })


def pickup_table(pickup: pd.DataFrame) -> pd.DataFrame:
    """Pickup times per receiving team, readable."""
    return pd.DataFrame({
        "Receiving team": pickup["to_team"],
        "Hand-offs": pickup["handoffs"].astype("int64"),
        "Still waiting": pickup["waiting"].astype("int64"),
        "Target": pickup["target_seconds"].map(_target),
        "Median (team hours)": pickup["p50_seconds"].map(api.format_duration),
        "p90 (team hours)": pickup["p90_seconds"].map(api.format_duration),
        "Median (wall-clock)": pickup["wall_p50_seconds"].map(api.format_duration),
        "p90 (wall-clock)": pickup["wall_p90_seconds"].map(api.format_duration),
        "Compliance %": pickup["compliance_pct"],
    })


STATUS = {True: "open", False: "resolved"}  # a ticket's ``is_open``, in words


def finding_table(found: pd.DataFrame, tz: str, dataset: str) -> pd.DataFrame:
    """Bounced / skipped-L1 tickets with their path between teams and a timeline link."""
    return pd.DataFrame({
        "Ticket": found["ticket_id"],
        f"Created ({tz})": found["created_at"].map(lambda t: when_text(t, tz)),
        "Taken in by": found["intake_team"],
        "Path": found["path"].fillna(""),
        "Escalations": found["escalations"].astype("int64"),
        "Status": found["is_open"].map(STATUS),
        "Timeline": [ticket_link(dataset, t) for t in found["ticket_id"]],
    })
