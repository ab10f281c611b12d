"""Compliance tables: per team, breaches, running clocks, breakdowns, resolution percentiles."""

from __future__ import annotations

import pandas as pd

from analytics import api
from dashboard.tables.text import metric_label, metric_order, policy_target_text, target_text, ticket_link, when_text

__all__ = ["breach_table", "breakdown_table", "pending_table", "percentile_table", "team_table"]


def team_table(compliance: pd.DataFrame, policy: api.Policy) -> pd.DataFrame:
    """Compliance by metric and team, metrics in the policy's order, with the teams' names."""
    df = compliance.assign(_order=metric_order(compliance["metric"])).sort_values(["_order", "team"])
    names = {tid: t.name for tid, t in policy.teams.items()}
    return pd.DataFrame(
        {
            "Metric": df["metric"].map(metric_label),
            "Team": df["team"],
            "Team name": df["team"].map(lambda t: names.get(t, "")),
            "Met": df["met"],
            "Breached": df["breached"],
            "Pending": df["pending"],
            "Compliance %": df["compliance_pct"],
        }
    ).reset_index(drop=True)


def breach_table(breaches: pd.DataFrame, tz: str, dataset: str | None = None) -> pd.DataFrame:
    """Breached clocks as the API orders them (latest first), durations and times readable.

    With ``dataset``, a last column ``Timeline`` links each row to its ticket's timeline.
    """
    out = pd.DataFrame(
        {
            "Ticket": breaches["ticket_id"],
            "Timeline": [ticket_link(dataset, t) for t in breaches["ticket_id"]] if dataset else None,
            "Metric": breaches["metric"].map(metric_label),
            "Target": breaches["target_seconds"].map(policy_target_text),
            "Elapsed": breaches["elapsed_seconds"].map(api.format_duration),
            f"Breached at ({tz})": breaches["breached_at"].map(lambda t: when_text(t, tz)),
            "Team": breaches["team"],
            "Reason": breaches["note"].fillna(""),
        }
    ).reset_index(drop=True)
    return out if dataset else out.drop(columns="Timeline")


def pending_table(clocks: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Clocks still running at the as-of instant, the longest-running first."""
    df = clocks[clocks["status"] == "pending"].sort_values("started_at") if "status" in clocks else clocks
    return pd.DataFrame(
        {
            "Ticket": df["ticket_id"],
            "Metric": df["metric"].map(metric_label),
            "Team": df["team"],
            "Target": df["target_seconds"].map(policy_target_text),
            "Elapsed so far": df["elapsed_seconds"].map(api.format_duration),
            f"Started at ({tz})": df["started_at"].map(lambda t: when_text(t, tz)),
        }
    ).reset_index(drop=True)


def breakdown_table(compliance: pd.DataFrame, dim: str, label: str) -> pd.DataFrame:
    """Compliance by metric and one dimension (channel, complexity, week...), metrics in policy order."""
    df = compliance.assign(_order=metric_order(compliance["metric"])).sort_values(["_order", dim])
    values = df[dim].map(lambda v: "(none)" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
    return pd.DataFrame(
        {
            "Metric": df["metric"].map(metric_label),
            label: values,
            "Met": df["met"],
            "Breached": df["breached"],
            "Pending": df["pending"],
            "Compliance %": df["compliance_pct"],
        }
    ).reset_index(drop=True)


def percentile_table(pct: pd.DataFrame, objectives: pd.DataFrame) -> pd.DataFrame:
    """Resolution percentiles per complexity, readable, with each complexity's objective."""
    goal = dict(zip(objectives["complexity"], objectives["target_seconds"], strict=True))
    return pd.DataFrame(
        {
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
        }
    )
