"""The SLA engine: compute every clock of a dataset under a policy, as of an instant (DESIGN §5).

The work happens in DuckDB (``analytics/sql/clocks``, applied in file order as temporary tables of
the caller's cursor): spans per metric, targets and calendars from the policy, then elapsed open
time. Business calendars enter as a small table of open intervals with cumulative open time, so
business time is two ASOF look-ups per piece, never a loop over rows. Re-running with another
policy recomputes everything from the stored events; nothing is migrated.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from analytics.instants import InstantWindow, instant_window
from analytics.sla.policy import Policy, load_policy
from analytics.store.database import fetch_one
from analytics.store.datasets import dataset_id
from analytics.store.sqlfiles import bound, filled, layer, sql

__all__ = [
    "CLOCK_COLUMNS",
    "EmptyDataset",
    "LeftOutTickets",
    "Prepared",
    "build_clocks",
    "calendar_intervals",
    "compute_clocks",
    "prepare_clocks",
]

# The documented contract first (README "sla clocks"), then extra context columns.
CLOCK_COLUMNS = [
    "ticket_id",
    "metric",
    "cycle",
    "team",
    "started_at",
    "stopped_at",
    "target_seconds",
    "elapsed_seconds",
    "status",
    "breached_at",
    "note",
    "channel",
    "complexity",
    "calendar",
    "due_at",
]


class EmptyDataset(ValueError):
    """The dataset has no events (at the as-of instant), so there is nothing to measure."""


class LeftOutTickets(UserWarning):
    """Some tickets of a dataset hold an instant outside the plausible window and have no clocks."""


@dataclass(frozen=True)
class Prepared:
    """What :func:`build_clocks` built the clocks for: the as-of instant, and notes for the reader."""

    as_of: datetime
    notes: tuple[str, ...] = ()


def _as_datetime(value, window: InstantWindow) -> datetime | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"as-of time {value!r} is not an instant; write e.g. 2026-03-02T18:00:00+01:00") from None
    if ts.tzinfo is None:
        raise ValueError(f"as-of time {value!r} has no UTC offset; write e.g. 2026-03-02T18:00:00+01:00")
    dt = ts.to_pydatetime()
    if not window.contains(dt):
        raise ValueError(
            f"as-of time {value!r} lies outside the plausible window {window.describe()}; choose an instant "
            "inside it, or widen the window with SLA_EARLIEST / SLA_LATEST"
        )
    return dt


def _left_out(con: duckdb.DuckDBPyConnection, dataset: str, ds: int, window: InstantWindow) -> str | None:
    """Find the tickets with an instant outside ``window`` (temporary table ``outside_window``); the
    one-line note saying so, or None when there are none."""
    con.execute(sql("sla/outside_window"), {"ds": ds, "earliest": window.earliest, "latest": window.latest})
    count, ticket, instant = fetch_one(con, sql("sla/outside_window_summary"))
    if not count:
        return None
    tickets = "1 ticket" if count == 1 else f"{count} tickets"
    return (
        f"dataset {dataset!r}: {tickets} left out of the clocks, with an instant outside the plausible window "
        f"{window.describe()} (first: ticket {ticket!r} at {instant}); delete the dataset and import its file "
        "again (imports refuse such rows), or widen the window with SLA_EARLIEST / SLA_LATEST"
    )


def calendar_intervals(policy: Policy, start: datetime, end: datetime) -> pd.DataFrame:
    """Open intervals of every business calendar of the policy over ``[start, end]``.

    Parameters
    ----------
    policy : Policy
        The policy in force.
    start, end : datetime
        The span the clocks may need.

    Returns
    -------
    pandas.DataFrame
        ``calendar, start_us, end_us, cum_us`` (microseconds; ``cum_us`` is the open time before each
        interval), empty when the policy has no business calendar.
    """
    frames = [cal.intervals(start, end).to_frame(key) for key, cal in policy.business_calendars().items()]
    if not frames:
        return pd.DataFrame(
            {
                "calendar": pd.Series([], dtype=str),
                "start_us": pd.Series([], dtype="int64"),
                "end_us": pd.Series([], dtype="int64"),
                "cum_us": pd.Series([], dtype="int64"),
            }
        )
    return pd.concat(frames, ignore_index=True)


def _unmeasured(con: duckdb.DuckDBPyConnection, ds: int) -> list[str]:
    """Metrics the dataset's source cannot measure (recorded at import from the mapping)."""
    exists = fetch_one(con, sql("sla/metric_scope_exists"))[0]
    if not exists:  # a database written before the table existed
        return []
    rows = con.execute(sql("sla/unmeasured_metrics"), [ds]).fetchall()
    return [r[0] for r in rows]


def build_clocks(con: duckdb.DuckDBPyConnection, dataset: str, policy: Policy | None = None, as_of=None) -> Prepared:
    """Build the temporary ``clocks`` and ``clock_facts`` relations on ``con``.

    Tickets with an instant outside the plausible window (:func:`analytics.instants.instant_window`;
    imports refuse them, an older database may hold them) are left out, and a note says so: they
    would break the date arithmetic, move the as-of instant and expand the business calendars over
    centuries.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A cursor (each cursor has its own temporary tables, so concurrent callers do not collide).
    dataset : str
        Dataset name.
    policy : Policy, optional
        Policy in force (default: the default policy file).
    as_of : str or datetime, optional
        Instant the clocks are read at (default: the dataset's latest event).

    Returns
    -------
    Prepared
        The as-of instant the clocks were read at, and the note on left-out tickets, if any.

    Raises
    ------
    DatasetNotFound
        No dataset of that name.
    EmptyDataset
        The dataset has no events, or none before ``as_of``.
    ValueError
        ``as_of`` has no UTC offset or lies outside the plausible window.
    """
    policy = policy or load_policy()
    window = instant_window()
    ds = dataset_id(con, dataset)
    as_of_given = _as_datetime(as_of, window)
    note = _left_out(con, dataset, ds, window)
    first, last = fetch_one(con, sql("sla/event_span"), [ds])
    if first is None:
        raise EmptyDataset(f"dataset {dataset!r} has no events" + (f" to measure; {note}" if note else ""))
    as_of_dt = as_of_given or last
    if as_of_dt < first:
        raise EmptyDataset(
            f"as-of {as_of_dt.isoformat()} is before the first event of {dataset!r} "
            f"({first.isoformat()}); nothing had happened yet"
        )
    con.register("policy_targets", policy.target_table())
    con.register("policy_metrics", policy.metric_table())
    con.register("policy_teams", policy.team_table())
    con.register(
        "cal_intervals", calendar_intervals(policy, first - timedelta(days=2), max(as_of_dt, last) + timedelta(days=2))
    )
    con.register("policy_settings", pd.DataFrame({"ds": [ds], "report_tz": [policy.reporting_timezone]}))
    con.register("unmeasured_metrics", pd.DataFrame({"metric": pd.Series(_unmeasured(con, ds), dtype=str)}))
    params = {"ds": ds, "as_of": as_of_dt}
    for _name, text in layer("clocks"):
        con.execute(text, bound(text, params))
    return Prepared(as_of_dt, (note,) if note else ())


def prepare_clocks(con: duckdb.DuckDBPyConnection, dataset: str, policy: Policy | None = None, as_of=None) -> datetime:
    """:func:`build_clocks`, warning (:class:`LeftOutTickets`) with each note; return the as-of used.

    Parameters
    ----------
    con, dataset, policy, as_of
        As for :func:`build_clocks`.

    Returns
    -------
    datetime
        The as-of instant the clocks were read at.
    """
    prepared = build_clocks(con, dataset, policy, as_of)
    for note in prepared.notes:
        warnings.warn(note, LeftOutTickets, stacklevel=2)
    return prepared.as_of


def compute_clocks(
    con: duckdb.DuckDBPyConnection, dataset: str, policy: Policy | None = None, as_of=None
) -> pd.DataFrame:
    """All clocks of ``dataset`` ordered by ticket, metric, cycle (see README "sla clocks").

    Parameters
    ----------
    con, dataset, policy, as_of
        As for :func:`prepare_clocks`.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`CLOCK_COLUMNS`.
    """
    prepare_clocks(con, dataset, policy, as_of)
    return con.execute(filled("sla/clock_list", columns=", ".join(CLOCK_COLUMNS))).fetchdf()
