"""Escalation tables: hand-offs per receiving team, pickup times, tickets that bounced or skipped L1."""

from __future__ import annotations

import pandas as pd

from analytics import api
from dashboard.tables.text import STATUS, policy_target_text, ticket_link, when_text

__all__ = ["finding_table", "handoff_team_table", "pickup_table"]


def handoff_team_table(by_team: pd.DataFrame) -> pd.DataFrame:
    """Hand-offs per receiving team, kind and reason."""
    return pd.DataFrame(
        {
            "Receiving team": by_team["to_team"],
            "Kind": by_team["kind"].map({"escalated": "escalation", "approval_requested": "approval request"}),
            "Reason": by_team["reason"],
            "Hand-offs": by_team["handoffs"].astype("int64"),
            "Tickets": by_team["tickets"].astype("int64"),
            "% of tickets": by_team["ticket_share_pct"],
        }
    )


def pickup_table(pickup: pd.DataFrame) -> pd.DataFrame:
    """Pickup times per receiving team, readable."""
    return pd.DataFrame(
        {
            "Receiving team": pickup["to_team"],
            "Hand-offs": pickup["handoffs"].astype("int64"),
            "Still waiting": pickup["waiting"].astype("int64"),
            "Target": pickup["target_seconds"].map(policy_target_text),
            "Median (team hours)": pickup["p50_seconds"].map(api.format_duration),
            "p90 (team hours)": pickup["p90_seconds"].map(api.format_duration),
            "Median (wall-clock)": pickup["wall_p50_seconds"].map(api.format_duration),
            "p90 (wall-clock)": pickup["wall_p90_seconds"].map(api.format_duration),
            "Compliance %": pickup["compliance_pct"],
        }
    )


def finding_table(found: pd.DataFrame, tz: str, dataset: str) -> pd.DataFrame:
    """Bounced / skipped-L1 tickets with their path between teams and a timeline link."""
    return pd.DataFrame(
        {
            "Ticket": found["ticket_id"],
            f"Created ({tz})": found["created_at"].map(lambda t: when_text(t, tz)),
            "Taken in by": found["intake_team"],
            "Path": found["path"].fillna(""),
            "Escalations": found["escalations"].astype("int64"),
            "Status": found["is_open"].map(STATUS),
            "Timeline": [ticket_link(dataset, t) for t in found["ticket_id"]],
        }
    )
