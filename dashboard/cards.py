"""KPI cards: compliance per metric (coloured against the goal, with the change against the previous
period) and volume figures. Presentation only; the numbers come from the analytics API."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import api
from dashboard.tables import counts_text, metric_label, pct_text

__all__ = ["compliance_cards", "target_text", "volume_cards"]

_BADGE = {
    "good": ("on goal", "green"),
    "close": ("just below goal", "orange"),
    "bad": ("below goal", "red"),
    "none": ("nothing decided yet", "gray"),
}


def target_text(policy: api.Policy, metric: str) -> str:
    """The default target of a metric, readable (``"10 min"``), or ``"see policy"``."""
    m = policy.metrics.get(metric)
    return api.format_duration(m.target_seconds) if m and m.target_seconds is not None else "see policy"


def compliance_cards(kpis: pd.DataFrame, policy: api.Policy, goal: float, key: str = "") -> None:
    """Six cards, three per row: compliance %, change in points vs. the previous period, goal badge."""
    cards = [c for _ in range(2) for c in st.columns(3)]
    for card, row in zip(cards, kpis.itertuples(), strict=False):
        metric = policy.metrics.get(row.metric)
        about = metric.description if metric and metric.description else ""
        counts = counts_text(row.met, row.breached, row.pending)
        change = getattr(row, "change_pts", float("nan"))
        delta = None if change is None or pd.isna(change) else f"{change:+.1f} pts"
        verdict, colour = _BADGE[api.rating(row.compliance_pct, goal)]
        with card.container(border=True):
            st.metric(
                metric_label(row.metric),
                pct_text(row.compliance_pct),
                delta=delta,
                delta_description="vs. the previous period" if delta else None,
                help=f"{about}\n\nDefault target: {target_text(policy, row.metric)}. Goal: {goal:g} % of "
                f"clocks within target. {counts}.",
            )
            st.badge(verdict, color=colour)
            st.caption(counts)


def volume_cards(volume: pd.Series, tz_note: str = "") -> None:
    """Open backlog, tickets per day, median and p90 resolution time."""
    a, b, c, d = st.columns(4)
    oldest = volume.get("oldest_open_seconds")
    a.metric(
        "Open backlog",
        f"{int(volume['open_tickets']):,}",
        border=True,
        help="Tickets with a resolution cycle still running at the as-of instant, whenever they came in."
        + (f" Oldest open: {api.format_duration(oldest)}." if pd.notna(oldest) else ""),
    )
    b.metric(
        "Tickets per day",
        f"{float(volume['tickets_per_day']):,.1f}",
        border=True,
        help=f"{int(volume['tickets']):,} tickets created over {int(volume['days'])} days{tz_note}.",
    )
    med, p90 = volume["median_resolution_seconds"], volume["p90_resolution_seconds"]
    c.metric(
        "Median resolution",
        api.format_duration(med) if pd.notna(med) else "n/a",
        border=True,
        help=f"Half of the {int(volume['resolved_cycles']):,} resolved cycles took less. Customer waits "
        "are left out, as the SLA counts them.",
    )
    d.metric(
        "p90 resolution",
        api.format_duration(p90) if pd.notna(p90) else "n/a",
        border=True,
        help="Nine in ten resolved cycles took less than this.",
    )
