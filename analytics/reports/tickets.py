"""Single tickets: search with filters, and one ticket's events, pauses and clocks for its timeline."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.reports.compliance import report
from analytics.reports.filters import Filters
from analytics.sla.facts import Facts
from analytics.store.database import Store
from analytics.store.sqlfiles import sql

__all__ = ["STATUSES", "Timeline", "like_pattern", "search", "timeline"]

STATUSES = ("any", "open", "resolved", "breached")


def like_pattern(text: str) -> str:
    """An ILIKE pattern matching ``text`` anywhere, its ``%``, ``_`` and ``\\`` taken literally.

    Parameters
    ----------
    text : str
        What a person typed.

    Returns
    -------
    str
        The pattern (with ``\\`` as the escape character).
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    facts: Facts, filters: Filters | None = None, text: str = "", status: str = "any", limit: int = 200
) -> pd.DataFrame:
    """Tickets whose id contains ``text`` with the given status, newest first, at most ``limit``.

    Parameters
    ----------
    facts : Facts
        The cached fact set.
    filters : Filters, optional
        The reader's filters (tickets scope).
    text : str
        Part of a ticket id (matched ignoring case).
    status : str
        One of :data:`STATUSES`.
    limit : int
        The most rows returned.

    Returns
    -------
    pandas.DataFrame
        One row per ticket (see ``analytics/sql/reports/ticket_search.sql``).

    Raises
    ------
    ValueError
        An unknown status.
    """
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {STATUSES}")
    return report(
        facts,
        "ticket_search",
        filters,
        "tickets",
        {"pattern": like_pattern(text.strip()), "status": status, "limit": int(limit)},
    )


@dataclass(frozen=True)
class Timeline:
    """Everything a ticket timeline draws: its events, customer-wait pauses and SLA clocks."""

    ticket_id: str
    events: pd.DataFrame
    pauses: pd.DataFrame
    clocks: pd.DataFrame
    summary: pd.Series | None
    as_of: object = None


def timeline(store: Store, facts: Facts, ticket_id: str) -> Timeline:
    """One ticket's history up to the facts' as-of instant; empty frames when there is no such ticket.

    Parameters
    ----------
    store : Store
        The database (events and pauses are read from it).
    facts : Facts
        The cached fact set (clocks and the ticket's summary).
    ticket_id : str
        The ticket.

    Returns
    -------
    Timeline
    """
    params = {"dataset": facts.dataset, "ticket": ticket_id, "as_of": facts.as_of}
    con = store.reader()
    try:
        events = con.execute(sql("reports/ticket_events"), params).fetchdf()
        pauses = con.execute(sql("reports/ticket_pauses"), params).fetchdf()
    finally:
        con.close()
    clocks = report(facts, "ticket_clocks", params={"ticket": ticket_id})
    summary = facts.query(sql("reports/ticket_summary"), {"ticket": ticket_id})
    return Timeline(ticket_id, events, pauses, clocks, summary.iloc[0] if len(summary) else None, facts.as_of)
