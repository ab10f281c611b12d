"""Resolution times: distributions per complexity against the objectives, percentiles, weekly trend.

The measured time is what the SLA counts (customer waits left out, on the metric's calendar); the
wall-clock time is what the customer lived through.
"""

from __future__ import annotations

import pandas as pd

from analytics.reports.compliance import report
from analytics.reports.filters import Filters
from analytics.sla.facts import Facts
from analytics.sla.policy import Policy
from analytics.vocabulary import COMPLEXITIES

__all__ = ["SHARES", "ecdf", "objectives", "percentiles", "weekly"]

SHARES = [i / 100 for i in range(101)]


def objectives(policy: Policy) -> pd.DataFrame:
    """The resolution objective per complexity (ticket channel, no team rule): ``complexity, target_seconds``.

    ``target_seconds`` is missing where the objective is the ticket's own estimate (custom requests).
    """
    t = policy.target_table()
    t = t[
        (t["metric"] == "resolution")
        & (t["channel"] == "ticket")
        & (t["team"] == "")
        & (t["complexity"].isin(COMPLEXITIES))
    ]
    return pd.DataFrame(
        {
            "complexity": t["complexity"].to_numpy(),
            "target_seconds": t["target_seconds"].where(~t["use_estimate"]).to_numpy(),
        }
    )


def percentiles(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Per complexity and overall: cycles, p50/p75/p90/p95 measured, p50/p90 wall-clock, % within objective."""
    df = report(facts, "resolution_percentiles", filters)
    order = {c: i for i, c in enumerate((*COMPLEXITIES, "(none)", "all"))}
    return df.sort_values("complexity", key=lambda s: s.map(order)).reset_index(drop=True)


def ecdf(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """The distribution per complexity as 101 quantiles: ``complexity, cycles, share, seconds``."""
    return report(facts, "resolution_ecdf", filters, params={"shares": SHARES})


def weekly(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Median and p90 measured resolution time per week and complexity."""
    return report(facts, "resolution_weekly", filters)
