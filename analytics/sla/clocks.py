"""The SLA engine: compute every clock of a dataset under a policy, as of an instant (DESIGN §5).

The work happens in DuckDB (``analytics/sql/clocks``, applied in file order as temporary tables of
the caller's cursor): spans per metric, targets and calendars from the policy, then elapsed open
time. Business calendars enter as a small table of open intervals with cumulative open time, so
business time is two ASOF look-ups per piece, never a loop over rows. Re-running with another
policy recomputes everything from the stored events; nothing is migrated.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from analytics.sla.policy import Policy, load_policy
from analytics.store.database import fetch_one
from analytics.store.datasets import dataset_id
from analytics.store.sqlfiles import bound, filled, layer, sql

__all__ = ["CLOCK_COLUMNS", "EmptyDataset", "calendar_intervals", "compute_clocks", "prepare_clocks"]

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


def _as_datetime(value) -> datetime | None:
    if value is None:
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        raise ValueError(f"as-of time {value!r} has no UTC offset; write e.g. 2026-03-02T18:00:00+01:00")
    return ts.to_pydatetime()


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


def prepare_clocks(con: duckdb.DuckDBPyConnection, dataset: str, policy: Policy | None = None, as_of=None) -> datetime:
    """Build the temporary ``clocks`` and ``clock_facts`` relations on ``con``; return the as-of used.

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
    datetime
        The as-of instant the clocks were read at.

    Raises
    ------
    DatasetNotFound
        No dataset of that name.
    EmptyDataset
        The dataset has no events, or none before ``as_of``.
    ValueError
        ``as_of`` has no UTC offset.
    """
    policy = policy or load_policy()
    ds = dataset_id(con, dataset)
    first, last = fetch_one(con, sql("sla/event_span"), [ds])
    if first is None:
        raise EmptyDataset(f"dataset {dataset!r} has no events")
    as_of_dt = _as_datetime(as_of) or last
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
    return as_of_dt


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
