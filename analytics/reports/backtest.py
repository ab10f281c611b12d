"""What a backtest compares, per replication (a history is replication 0): compliance counts, resolution
percentiles, hand-offs and weekly volumes, all over the cached clock facts of one dataset."""

from __future__ import annotations

import pandas as pd

from analytics.reports.compliance import compliance_of, report
from analytics.reports.filters import Filters
from analytics.sla.facts import Facts

__all__ = ["backtest_measures"]


def backtest_measures(facts: Facts, filters: Filters | None = None) -> dict[str, pd.DataFrame]:
    """The per-replication figures a backtest compares.

    Parameters
    ----------
    facts : Facts
    filters : Filters, optional
        Usually only the period (start and end day).

    Returns
    -------
    dict of pandas.DataFrame
        ``compliance`` (metric, team, week, replication, met, breached, pending), ``resolution``
        (replication, team, cycles, p50_seconds, p90_seconds), ``handoffs`` (replication, from_team,
        to_team, kind, reason, handoffs, tickets) and ``volume`` (replication, week, channel, tickets).
    """
    comp = compliance_of(facts, ["metric", "team", "week", "replication"], filters)
    comp["replication"] = comp["replication"].fillna(0).astype(int)
    comp["team"] = comp["team"].fillna("(none)")
    return {
        "compliance": comp.drop(columns=["compliance_pct"]),
        "resolution": report(facts, "backtest_resolution", filters),
        "handoffs": report(facts, "backtest_handoffs", filters, scope="tickets"),
        "volume": report(facts, "backtest_volume", filters, scope="tickets"),
    }
