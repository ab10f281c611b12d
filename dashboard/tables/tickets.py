"""Ticket tables: search results, one ticket's summary, clocks and events."""

from __future__ import annotations

import pandas as pd

from analytics import api
from dashboard.markup import plain
from dashboard.tables.text import STATUS, metric_label, when_text

__all__ = ["clock_table", "event_table", "summary_text", "ticket_table"]


def _metrics(values) -> str:
    return ", ".join(metric_label(m) for m in values) if values is not None and len(values) else ""


def ticket_table(found: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Search results, readable: id, created, channel, complexity, status, breaches, path."""
    return pd.DataFrame(
        {
            "Ticket": found["ticket_id"],
            f"Created ({tz})": found["created_at"].map(lambda t: when_text(t, tz)),
            "Channel": found["channel"],
            "Category": found["category"].fillna(""),
            "Complexity": found["complexity"].fillna(""),
            "Status": found["is_open"].map(STATUS),
            "Held by": found["owner"].fillna(""),
            "Breaches": found["breaches"].astype("int64"),
            "Breached metrics": found["breached_metrics"].map(_metrics),
            "Hand-offs": found["path"].fillna(""),
        }
    ).reset_index(drop=True)


def summary_text(row: pd.Series, tz: str) -> str:
    """One Markdown line about a ticket: channel, complexity, status, owner, breaches (its values shown literally)."""
    status = "**open**" if row["is_open"] else "resolved"
    breaches = int(row["breaches"])
    found = (
        f"**{breaches} breach{'es' if breaches != 1 else ''}** ({_metrics(row['breached_metrics'])})"
        if breaches
        else "no breach"
    )
    path = f" · path {plain(row['path'])}" if isinstance(row["path"], str) else ""
    return (
        f"**{plain(row['ticket_id'])}** · {plain(row['channel'])} · {plain(row['category'] or 'no category')} · "
        f"{plain(row['complexity'] or 'no complexity')} · created {when_text(row['created_at'], tz)} ({tz}) · "
        f"{status}, held by {plain(row['owner'])} · {found}{path}"
    )


def clock_table(clocks: pd.DataFrame, tz: str) -> pd.DataFrame:
    """A ticket's clocks: metric, team, status, target, elapsed, wall-clock, start, stop, breach."""
    return pd.DataFrame(
        {
            "Clock": [f"{metric_label(m)} #{int(c)}" for m, c in zip(clocks["metric"], clocks["cycle"], strict=True)],
            "Team": clocks["team"].fillna(""),
            "Status": clocks["status"],
            "Target": clocks["target_seconds"].map(lambda s: "no estimate" if pd.isna(s) else api.format_duration(s)),
            "Elapsed": clocks["elapsed_seconds"].map(api.format_duration),
            "Wall-clock": clocks["wall_seconds"].map(api.format_duration),
            f"Started ({tz})": clocks["started_at"].map(lambda t: when_text(t, tz)),
            f"Stopped ({tz})": clocks["stopped_at"].map(lambda t: when_text(t, tz)),
            f"Breached at ({tz})": clocks["breached_at"].map(lambda t: when_text(t, tz)),
            "Note": clocks["note"].fillna(""),
        }
    )


def event_table(events: pd.DataFrame, tz: str) -> pd.DataFrame:
    """A ticket's events in order: time, kind, team, agent, to team, reason, detail."""

    def text(col):
        return events[col].map(lambda v: v if isinstance(v, str) else "")

    return pd.DataFrame(
        {
            f"Time ({tz})": events["ts"].map(lambda t: when_text(t, tz)),
            "Event": events["kind"].str.replace("_", " "),
            "Team": text("team"),
            "Agent": text("agent"),
            "To team": text("to_team"),
            "Reason": text("reason"),
            f"Promised by ({tz})": events["due_at"].map(lambda t: when_text(t, tz)),
            "Detail": text("detail"),
        }
    )
