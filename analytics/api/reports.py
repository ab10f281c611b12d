"""Reports the dashboard, the command line and scripts call: a store plus filters in, DataFrames out.

Functions open a fresh cursor per call (safe across Streamlit sessions and threads), bind every value
as a parameter (filters included: see :mod:`analytics.reports.filters`), and never import Streamlit.
Everything but :func:`clocks` and :func:`datasets` reads the clock facts cached per database file
version, policy, dataset and as-of instant (:mod:`analytics.sla.facts`), so the expensive clock
computation runs once and every chart is a small aggregate in DuckDB.
"""

from __future__ import annotations

import pandas as pd

from analytics.reports import breaches as _breaches
from analytics.reports import escalations as _esc
from analytics.reports import overview
from analytics.reports import resolution as _res
from analytics.reports import tickets as _tickets
from analytics.reports.backtest import backtest_measures as _backtest_measures
from analytics.reports.breaches import SHOWN_ROWS
from analytics.reports.compliance import DIMENSIONS, compliance_of, parse_dimensions
from analytics.reports.filters import Filters
from analytics.reports.overview import per_metric
from analytics.reports.tickets import STATUSES, Timeline
from analytics.sla import facts as factcache
from analytics.sla.clocks import CLOCK_COLUMNS, compute_clocks
from analytics.sla.policy import Policy, load_policy
from analytics.store.database import Store
from analytics.store.sqlfiles import sql

__all__ = [
    "CLOCK_COLUMNS",
    "DIMENSIONS",
    "SHOWN_ROWS",
    "STATUSES",
    "Filters",
    "Timeline",
    "backlog_and_volume",
    "backtest_measures",
    "breach_hour_of_week",
    "breach_reasons",
    "breaches",
    "clocks",
    "compliance",
    "data_notes",
    "escalation_by_team",
    "escalation_findings",
    "escalation_flows",
    "escalation_rate",
    "facts",
    "filter_options",
    "finding_tickets",
    "kpis",
    "pending",
    "per_metric",
    "pickup_times",
    "resolution_distribution",
    "resolution_percentiles",
    "resolution_weekly",
    "status_counts",
    "ticket_search",
    "ticket_timeline",
    "weekly_compliance",
]


def facts(store: Store, dataset: str, policy: Policy | None = None, as_of=None) -> factcache.Facts:
    """The cached clock facts of a dataset (built on first use; see :mod:`analytics.sla.facts`)."""
    return factcache.facts(store, dataset, policy or load_policy(), as_of)


def data_notes(store: Store, dataset: str, policy: Policy | None = None, as_of=None, **_ignored) -> tuple[str, ...]:
    """What a reader of the dataset's figures must know about its data (e.g. tickets left out for an
    instant outside the plausible window), one line each; empty for clean data."""
    return facts(store, dataset, policy, as_of).notes


def clocks(store: Store, dataset: str, policy: Policy | None = None, as_of=None) -> pd.DataFrame:
    """All clocks of a dataset, one row per (ticket, metric, cycle), columns :data:`CLOCK_COLUMNS`."""
    return compute_clocks(store.reader(), dataset, policy or load_policy(), as_of)


def compliance(
    store: Store,
    dataset: str,
    by: str | list[str] | None = None,
    policy: Policy | None = None,
    as_of=None,
    *,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """Met / breached / pending and compliance % per group (default: per metric)."""
    return compliance_of(facts(store, dataset, policy, as_of), parse_dimensions(by), filters)


def breaches(
    store: Store,
    dataset: str,
    policy: Policy | None = None,
    as_of=None,
    *,
    filters: Filters | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Breached clocks, latest first, with the reason: what management must see (all, or ``limit``)."""
    df = _breaches.breach_list(
        facts(store, dataset, policy, as_of), filters, _breaches.DOWNLOAD_LIMIT if limit is None else limit
    )
    return df.reset_index(drop=True)


def pending(
    store: Store,
    dataset: str,
    policy: Policy | None = None,
    as_of=None,
    *,
    filters: Filters | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Clocks still running within target at as-of, the longest-running first (all, or ``limit``)."""
    return _breaches.pending_list(
        facts(store, dataset, policy, as_of), filters, _breaches.DOWNLOAD_LIMIT if limit is None else limit
    )


def status_counts(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.Series:
    """Number of breached and pending clocks under the filters."""
    return _breaches.status_counts(facts(store, dataset, policy, as_of), filters)


def breach_hour_of_week(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Breaches per weekday and hour (reporting timezone), a full 7 × 24 grid."""
    return _breaches.hour_of_week(facts(store, dataset, policy, as_of), filters)


def kpis(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Compliance per metric with the change against the previous period of equal length."""
    return overview.kpis(facts(store, dataset, policy, as_of), filters)


def backlog_and_volume(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.Series:
    """Tickets, tickets per day, median / p90 resolution, open backlog, oldest open ticket."""
    return overview.volume(facts(store, dataset, policy, as_of), filters)


def weekly_compliance(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Compliance per metric and week."""
    return overview.weekly_trend(facts(store, dataset, policy, as_of), filters)


def breach_reasons(store, dataset, policy=None, as_of=None, *, filters=None, limit: int = 5) -> pd.DataFrame:
    """The most frequent (metric, team, reason) combinations of breaches."""
    return overview.breach_reasons(facts(store, dataset, policy, as_of), filters, limit)


def backtest_measures(store, dataset, policy=None, as_of=None, *, filters=None) -> dict[str, pd.DataFrame]:
    """Per replication: compliance counts by metric, team and week; resolution p50/p90; hand-offs; volumes."""
    return _backtest_measures(facts(store, dataset, policy, as_of), filters)


def resolution_percentiles(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Resolution time percentiles per complexity (measured and wall-clock) and % within objective."""
    return _res.percentiles(facts(store, dataset, policy, as_of), filters)


def resolution_distribution(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Resolution time distribution per complexity as 101 quantiles (for an ECDF)."""
    return _res.ecdf(facts(store, dataset, policy, as_of), filters)


def resolution_weekly(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Median and p90 resolution time per week and complexity."""
    return _res.weekly(facts(store, dataset, policy, as_of), filters)


def escalation_rate(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Escalated share of the tickets created each week, per reason."""
    return _esc.weekly_rate(facts(store, dataset, policy, as_of), filters)


def escalation_by_team(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Hand-offs per receiving team, kind and reason."""
    return _esc.by_team(facts(store, dataset, policy, as_of), filters)


def escalation_flows(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Hand-offs per (from team, to team, kind)."""
    return _esc.flows(facts(store, dataset, policy, as_of), filters)


def pickup_times(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.DataFrame:
    """Hand-off pickup times per receiving team, in team hours and wall-clock."""
    return _esc.pickup_times(facts(store, dataset, policy, as_of), filters)


def escalation_findings(store, dataset, policy=None, as_of=None, *, filters=None) -> pd.Series:
    """Tickets, escalated, bounced and skipped-L1 counts."""
    return _esc.finding_counts(facts(store, dataset, policy, as_of), filters)


def finding_tickets(
    store, dataset, finding: str, policy=None, as_of=None, *, filters=None, limit: int = 200
) -> pd.DataFrame:
    """Tickets that bounced between teams or skipped L1."""
    return _esc.finding_tickets(facts(store, dataset, policy, as_of), finding, filters, limit)


def ticket_search(
    store, dataset, policy=None, as_of=None, *, filters=None, text: str = "", status: str = "any", limit: int = 200
) -> pd.DataFrame:
    """Tickets matching the filters, an id search text and a status, newest first."""
    return _tickets.search(facts(store, dataset, policy, as_of), filters, text, status, limit)


def ticket_timeline(store, dataset, ticket_id: str, policy=None, as_of=None) -> _tickets.Timeline:
    """One ticket's events, pauses and clocks."""
    return _tickets.timeline(store, facts(store, dataset, policy, as_of), ticket_id)


def filter_options(store: Store, dataset: str) -> list[str]:
    """The categories present in a dataset (for the category filter)."""
    con = store.reader()
    try:
        return [r[0] for r in con.execute(sql("reports/filter_options"), {"dataset": dataset}).fetchall()]
    finally:
        con.close()
