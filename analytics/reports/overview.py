"""The manager's overview: compliance per metric against the previous period, volume, backlog,
resolution times, the weekly trend and the most frequent breaches. Aggregated in DuckDB."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.reports.compliance import compliance_of, report
from analytics.reports.filters import Filters
from analytics.sla.facts import Facts
from analytics.vocabulary import METRICS

__all__ = ["breach_reasons", "kpis", "per_metric", "period", "volume", "weekly_trend"]


def per_metric(compliance: pd.DataFrame) -> pd.DataFrame:
    """Compliance by metric with one row per known metric, in the canonical order (zeros when unused)."""
    df = compliance.set_index("metric").reindex(list(METRICS))
    for col in ("met", "breached", "pending"):
        df[col] = df[col].fillna(0).astype("int64")
    return df.reset_index()


def kpis(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Compliance per metric in the filtered period and in the equally long period before it.

    Returns
    -------
    DataFrame
        ``metric, met, breached, pending, compliance_pct, previous_pct, change_pts``; the last two
        are missing without a date range or without decided clocks in the previous period.
    """
    now = per_metric(compliance_of(facts, "metric", filters))
    before = filters.previous_period() if filters else None
    if before is None:
        now["previous_pct"] = float("nan")
    else:
        prev = per_metric(compliance_of(facts, "metric", before)).set_index("metric")["compliance_pct"]
        now["previous_pct"] = now["metric"].map(prev).astype("float64")
    now["compliance_pct"] = now["compliance_pct"].astype("float64")
    now["change_pts"] = (now["compliance_pct"] - now["previous_pct"]).round(2)
    return now


def period(facts: Facts, filters: Filters | None) -> tuple[date | None, date | None]:
    """First and last day of the filtered period: the date range, or the data's own span."""
    span = report(facts, "day_span").iloc[0]
    first = filters.start if filters and filters.start else span["first_day"]
    last = filters.end if filters and filters.end else span["last_day"]
    return (
        None if pd.isna(first) else pd.Timestamp(first).date(),
        None if pd.isna(last) else pd.Timestamp(last).date(),
    )


def volume(facts: Facts, filters: Filters | None = None) -> pd.Series:
    """Tickets, tickets per day, median / p90 resolution (s), open backlog and the oldest open ticket.

    The backlog ignores the date range: it is what is open at the as-of instant, whenever it came in.
    """
    first, last = period(facts, filters)
    row = report(facts, "volume", filters, "tickets", {"first_day": first, "last_day": last}, cwhere="clocks").iloc[0]
    backlog = report(
        facts, "backlog", filters.without_dates() if filters else None, "tickets", {"as_of": facts.as_of}
    ).iloc[0]
    return pd.concat([row, backlog])


def weekly_trend(facts: Facts, filters: Filters | None = None) -> pd.DataFrame:
    """Compliance per metric and week (Monday of the clock's start): ``metric, week, met, ... pct``."""
    return compliance_of(facts, "metric,week", filters)


def breach_reasons(facts: Facts, filters: Filters | None = None, limit: int = 5) -> pd.DataFrame:
    """The ``limit`` most frequent (metric, team, reason) combinations of breaches, with counts."""
    return report(facts, "breach_reasons", filters, params={"limit": int(limit)})
