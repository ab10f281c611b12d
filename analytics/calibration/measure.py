"""Measure a dataset's period: arrivals, mix and routing (``history``), later hops (``flows``), work,
behaviour and rosters (``timing``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np

from analytics.calibration import bursts, flows, history, timing
from analytics.calibration.fit import Fit, fit_duration
from analytics.sla.policy import Policy
from analytics.store.database import Store
from analytics.store.datasets import find_dataset
from analytics.store.sqlfiles import bound, sql

__all__ = ["DENSE_SHARE", "Calibration", "calibrate"]

DENSE_SHARE = 0.10  # the default period starts at the first week with this share of the busiest week's tickets


@dataclass
class Calibration:
    """What a history says about the organisation, ready to be written as a scenario.

    Attributes
    ----------
    dataset : str
    start : datetime.date
        First day (local midnight in ``timezone``).
    days : int
    timezone : str
        The policy's reporting timezone.
    tickets : int
        Tickets created in the period.
    channels : dict
        Channel -> ``{"rates": 168 floats, "n": int, "categories": {category: share}}``.
    trend : float
        Relative growth per year (0 when the data shows none); ``trend_note`` says why.
    bursts : list of dict
        Incidents found (``channel, category, complexity, per_week, tickets, within`` minutes, ``n`` bursts,
        ``members`` tickets), taken out of the hourly rates.
    complexity : dict
        Category -> ``{complexity: share}``; ``category_n`` the tickets behind each.
    escalation : dict
        Category -> complexity -> ``{reason: probability}`` (the intake team's first hand-off).
    specialist : dict
        Category -> team receiving its ``complex`` hand-offs.
    flows : list of dict
        The later hops (``[[routing.flows]]`` rows): ``from``, ``category``, ``complexity`` (``"*"`` when
        pooled), ``to``, ``reason``, ``p``, with ``steps`` (work steps of the group) and ``handed_off``.
    max_hops : int or None
        ``routing.max_hops`` when there are flows; ``notes["max_hops"]`` says why.
    routing : dict
        ``intake``, ``server``, ``approval`` teams (absent when not seen).
    routing_rule : dict
        The load rule of ``volume`` hand-offs when enough were seen: ``volume_threshold``, ``volume_share``,
        ``n`` hand-offs and ``candidates`` (tickets picked up above the threshold).
    work : dict
        Team -> ``{"default": Fit, category: Fit}``; ``complexity_factor`` complexity -> factor.
    behaviour : dict
        Key of ``[behaviour]`` -> :class:`Fit` or ``(share, n)``.
    rosters : dict
        Team -> ``{"headcount": 168 ints, "timezone": str, "method": str}``.
    customers : dict
        ``count``, ``sites`` and ``priority`` shares.
    gaps : list of str
        What the data cannot support, in words.
    notes : dict
        Free provenance by key (e.g. ``"arrivals"``), for the comments.
    """

    dataset: str
    start: dt.date
    days: int
    timezone: str
    tickets: int
    channels: dict = field(default_factory=dict)
    trend: float = 0.0
    trend_note: str = ""
    bursts: list = field(default_factory=list)
    routing_rule: dict = field(default_factory=dict)
    complexity: dict = field(default_factory=dict)
    category_n: dict = field(default_factory=dict)
    escalation: dict = field(default_factory=dict)
    specialist: dict = field(default_factory=dict)
    flows: list[dict] = field(default_factory=list)
    max_hops: int | None = None
    routing: dict = field(default_factory=dict)
    work: dict = field(default_factory=dict)
    complexity_factor: dict = field(default_factory=dict)
    behaviour: dict[str, Fit | tuple] = field(default_factory=dict)
    rosters: dict = field(default_factory=dict)
    customers: dict = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


def _period(first_local: dt.datetime, last_local: dt.datetime, date_from, date_to) -> tuple[dt.date, int]:
    if date_from is not None:
        start = date_from
    else:
        d = first_local.date()
        start = d if d.weekday() == 0 else d + dt.timedelta(days=7 - d.weekday())
    if date_to is not None:
        days = (date_to + dt.timedelta(days=1) - start).days
    else:
        # Whole days of elapsed time (what a scenario's horizon counts) from the start's local midnight
        # to the last ticket, an hour of slack for a daylight-saving change: a run of 28 days across the
        # spring change ends at 01:00 local on the 29th day, and is 28 days, not 29.
        midnight = dt.datetime.combine(start, dt.time(0), tzinfo=first_local.tzinfo).astimezone(dt.UTC)
        elapsed = last_local.astimezone(dt.UTC) - midnight - dt.timedelta(hours=1)
        days = max(math.ceil(elapsed / dt.timedelta(days=1)), 0)
    end = start + dt.timedelta(days=days)
    if days < 7:
        raise ValueError(
            f"the period {start} to {end - dt.timedelta(days=1)} is {max(days, 0)} day(s); calibration needs at "
            "least a week of history (give --from and --to further apart)"
        )
    return start, days


def _serve_handoffs(cal: Calibration, policy: Policy) -> None:
    """Every team the shares send work to needs a work time: a site team without one of its own gets the
    pooled work of the site teams that have one; a hand-off whose receiver has none at all is dropped."""
    sites = {t.site: tid for tid, t in policy.teams.items() if t.site}
    measured = [t for t in sites.values() if t in cal.work]
    missing = [t for t in sites.values() if t not in cal.work]
    steps = cal.notes.get("work_steps")
    if measured and missing and steps is not None:
        pooled = steps[steps["team"].isin(measured) & ~steps["paused"]]["minutes"]
        fit = fit_duration(pooled, f"no step of its own: the work steps of {', '.join(measured)} pooled")
        if fit.method != "none":
            for team in missing:
                cal.work[team] = {"default": fit}
            cal.gaps.append(f"work of {', '.join(missing)}: no step measured; the other site teams' work pooled")
    dropped: dict[str, int] = {}
    for category, cells in cal.escalation.items():
        for cells_key, shares in cells.items():
            for reason in list(shares):
                if reason == "onsite":
                    receivers = list(sites.values())
                elif reason == "server":
                    receivers = [cal.routing.get("server")]
                elif reason == "complex":
                    receivers = [cal.specialist.get(category)]
                else:  # approval: an approver without measured work is written with "0s" work
                    receivers = []
                if any(r is None or r not in cal.work for r in receivers):
                    del shares[reason]
                    dropped[reason] = dropped.get(reason, 0) + 1
            cells[cells_key] = shares
    if dropped:
        parts = ", ".join(f"'{r}' in {n} group(s)" for r, n in sorted(dropped.items()))
        cal.gaps.append(f"hand-off shares dropped because their receiving team has no measured work: {parts}")


def _dense_start(con, dataset_id: int, replication, first_local: dt.datetime, last: dt.datetime):
    """The default first day: the first Monday whose week holds at least :data:`DENSE_SHARE` of the busiest
    week's tickets, and a note when weeks before it are left out.

    An export often holds a few old tickets that stayed open (BPI 2013: two years of a handful a week before
    two busy weeks); averaging the rates over those years would dilute every rate and make the busy weeks
    look like incidents.
    """
    d = first_local.date()
    monday = d if d.weekday() == 0 else d + dt.timedelta(days=7 - d.weekday())
    t0 = dt.datetime.combine(monday, dt.time(), first_local.tzinfo)
    p = {"dataset_id": dataset_id, "replication": replication, "start": t0, "end": last + dt.timedelta(seconds=1)}
    text = sql("calibration/weekly_counts")
    weeks = con.execute(text, bound(text, p)).df().groupby("week")["tickets"].sum()
    if weeks.empty:
        return None, None
    dense = weeks[weeks >= DENSE_SHARE * weeks.max()]
    w = int(dense.index.min())
    if w <= 0:
        return None, None
    start = monday + dt.timedelta(days=7 * w)
    thin = int(weeks[weeks.index < w].sum())
    return start, (
        f"the {w} week(s) from {monday} hold only {thin} tickets (each under {DENSE_SHARE:.0%} of the busiest "
        f"week's {int(weeks.max())}): the period starts at {start}; give --from {monday} to include them"
    )


def calibrate(
    store: Store,
    name: str,
    policy: Policy,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    roster_given: bool = False,
) -> Calibration:
    """Measure dataset ``name`` over its period (or ``date_from``..``date_to``, both days included).

    Parameters
    ----------
    store : Store
    name : str
        Dataset name (a history, or a simulated run: then its first replication).
    policy : Policy
        Gives the reporting timezone, the teams and their timezones.
    date_from, date_to : datetime.date, optional
        First and last day of the period, in the reporting timezone. Default: from the first Monday of
        a week holding :data:`DENSE_SHARE` of the busiest week's tickets to the day of the last ticket.
    roster_given : bool
        The caller has rosters of its own, so none are inferred.

    Returns
    -------
    Calibration

    Raises
    ------
    ValueError
        Unknown dataset, an empty period, or ``date_to`` before ``date_from``.
    """
    con = store.reader()
    info = find_dataset(con, name)
    if info is None:
        raise ValueError(f"unknown dataset {name!r}; see 'sla datasets' for the names")
    if date_from and date_to and date_to < date_from:
        raise ValueError(f"--to {date_to} is before --from {date_from}")
    replication, first, last, n = con.execute(sql("calibration/period"), {"dataset_id": info.id}).fetchone()
    if not n:
        raise ValueError(f"dataset {name!r} has no tickets to calibrate from")
    tzname = policy.reporting_timezone
    tz = ZoneInfo(tzname)
    head_note = None
    if date_from is None:
        date_from, head_note = _dense_start(con, info.id, replication, first.astimezone(tz), last)
    start, days = _period(first.astimezone(tz), last.astimezone(tz), date_from, date_to)
    t0 = dt.datetime.combine(start, dt.time(), tz)
    t1 = dt.datetime.combine(start + dt.timedelta(days=days), dt.time(), tz)
    p = {"dataset_id": info.id, "replication": replication, "start": t0, "end": t1}
    tickets = int(np.sum(history.ticket_mix(con, p)["tickets"]))
    if tickets == 0:
        raise ValueError(f"dataset {name!r} has no tickets created from {start} to {t1.date() - dt.timedelta(days=1)}")
    cal = Calibration(dataset=name, start=start, days=days, timezone=tzname, tickets=tickets)
    if head_note:
        cal.gaps.append(head_note)
    history.measure_arrivals(con, p, tzname, cal)
    bursts.measure_bursts(con, p, tzname, cal)
    history.measure_routing(con, p, policy, cal)
    timing.measure_work(con, p, cal, policy)
    flows.measure_flows(con, p, policy, cal)  # after the work: flows go only to teams with work times
    timing.measure_behaviour(con, p, cal, policy)
    _serve_handoffs(cal, policy)
    timing.measure_rosters(con, p, policy, cal, roster_given)
    timing.measure_reply_writing(con, p, policy, cal)
    return cal
