"""Escalations: rates by reason and team, flows between tiers, pickup times, bounces, skipped L1."""

from __future__ import annotations

import pandas as pd

from analytics.reports.compliance import report
from analytics.reports.filters import Filters
from analytics.sla.facts import Facts

__all__ = ["FINDINGS", "by_team", "finding_counts", "finding_tickets", "flows", "pickup_times", "weekly_rate"]

FINDINGS = ("bounced", "skipped_l1")


def weekly_rate(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Per week of creation and reason: escalated tickets, tickets created and the rate in %."""
    return report(facts, "escalation_weekly", filters, "tickets")


def by_team(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Hand-offs per receiving team, kind and reason, with the share of tickets they concern."""
    return report(facts, "escalation_by_team", filters, "tickets")


def flows(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Hand-offs per (from_team, to_team, kind), with how many of them were bounces."""
    return report(facts, "escalation_flows", filters, "handoffs")


def pickup_times(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Per receiving team: hand-offs, still waiting, p50/p90 in team hours and wall-clock, compliance."""
    return report(facts, "pickup_times", filters, "handoffs")


def finding_counts(facts: Facts, filters: Filters | None = None) -> pd.Series:
    """Tickets, escalated, bounced and skipped-L1 counts under the filters."""
    return report(facts, "finding_counts", filters, "tickets").iloc[0]


def finding_tickets(facts: Facts, finding: str, filters: Filters | None = None, limit: int = 200) -> pd.DataFrame:
    """Tickets with a finding (``"bounced"`` or ``"skipped_l1"``), most hand-offs first."""
    if finding not in FINDINGS:
        raise ValueError(f"unknown finding {finding!r}; expected one of {FINDINGS}")
    return report(facts, "ticket_findings", filters, "tickets", {"finding": finding, "limit": int(limit)})
