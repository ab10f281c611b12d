"""One replication: draw the arrivals, build the organisation, run SimPy, return columns and statistics.

Randomness is explicit: a replication gets one ``numpy.random.SeedSequence`` (spawned from the run's
seed) and splits it into independent streams for arrival times, ticket attributes, work times and
behaviour. The same seed gives the same events, in any worker process.
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import simpy

from analytics.sla.policy import Policy
from analytics.vocabulary import COMPLEXITIES
from simulation import arrivals as arrivals_mod
from simulation import kernel
from simulation.lifecycle import start_ticket
from simulation.organisation import Organisation, Ticket
from simulation.rosters import duty_steps
from simulation.scenario import Scenario

__all__ = ["STREAMS", "ReplicationResult", "first_response_target", "resolution_targets", "run_replication"]

_US_PER_MIN = 60_000_000
STREAMS = ("times", "attrs", "work", "behaviour", "messages", "routing")  # spawned in this order: add new ones last


@dataclass
class ReplicationResult:
    """What one replication produced: canonical events as column buffers, plus run statistics."""

    replication: int
    arrivals: arrivals_mod.Arrivals
    events: list[tuple]  # (ticket index, minute, kind, team, agent, to_team, reason, due, detail)
    stats: dict = field(default_factory=dict)
    pickups: dict = field(default_factory=dict)  # team -> [(minute, agent index)] of every job started
    duty: dict = field(default_factory=dict)  # team -> (step minutes, headcount)


def resolution_targets(policy: Policy) -> dict[tuple[str, str], float]:
    """Resolution objective in minutes per (channel, complexity), from the policy (NaN: estimate)."""
    tt = policy.target_table()
    tt = tt[(tt["metric"] == "resolution") & (tt["team"] == "")]
    return {(r.channel, r.complexity): r.target_seconds / 60.0 for r in tt.itertuples()}


def first_response_target(policy: Policy) -> float:
    """First-response objective in minutes, from the policy (10 minutes when it sets none)."""
    m = policy.metrics["first_response"]
    return (m.target_seconds or 600.0) / 60.0


def _ack_times(s: Scenario, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Automatic acknowledgements: a small delay, longer when the autoresponder is down."""
    b = s.behaviour
    delay = (
        np.array([b.ack_delay.sample(rng) for _ in range(len(t))])
        if b.ack_delay.kind != "fixed"
        else np.full(len(t), b.ack_delay.mean)
    )
    end = s.horizon.end_minutes
    k = rng.poisson(b.ack_outages_per_week * end / (7 * 1440.0))
    starts = np.sort(rng.random(k) * end)
    stops = starts + np.array([b.ack_outage_duration.sample(rng) for _ in range(k)])
    if k:
        i = np.searchsorted(starts, t, side="right") - 1
        inside = (i >= 0) & (t < stops[np.maximum(i, 0)])
        base = np.where(inside, stops[np.maximum(i, 0)], t)
    else:
        base = t
    return base + delay


class _Calendars(dict):
    """team -> (open intervals in us, origin us), None for 24/7; built on first use (custom estimates only)."""

    def __init__(self, policy: Policy, lo: dt.datetime, hi: dt.datetime, origin_us: int):
        super().__init__()
        self.policy, self.lo, self.hi, self.origin_us = policy, lo, hi, origin_us

    def get(self, team: str, default=None):
        if team not in self:
            t = self.policy.teams.get(team)
            if t is None:
                return default
            cal = t.calendar
            self[team] = (cal.intervals(self.lo, self.hi) if not cal.always_open else None, self.origin_us)
        return self[team]


class _Arrivals:
    """The arrival stream: at each arrival time (a :class:`~simulation.kernel.Steps`), the tickets due.

    ``columns`` holds one list per ticket attribute (drawn and derived up front, vectorised). Each
    arrival makes its :class:`Ticket` and queues its intake work, like a process waiting for each
    arrival time would, but without a generator and a ``Timeout`` per ticket.
    """

    __slots__ = ("org", "columns", "tickets")

    def __init__(self, org: Organisation, columns: tuple, tickets: list):
        self.org, self.columns, self.tickets = org, columns, tickets

    def due(self, lo: int, hi: int) -> None:
        """Tickets ``lo`` to ``hi - 1`` arrive now."""
        (
            t_arr,
            acks,
            chans,
            cat_i,
            cx_i,
            cat_names,
            cx_names,
            prio,
            site_i,
            reason,
            first_deadline,
            minutes,
            writing,
            close_after,
            pause_u,
            reopen,
            routes,
            targets,
            deadline,
        ) = self.columns
        org, tickets = self.org, self.tickets
        for i in range(lo, hi):
            tk = Ticket(i, t_arr[i])
            tk.channel, tk.category, tk.complexity = chans[i], cat_i[i], cx_i[i]
            tk.category_name, tk.complexity_name = cat_names[i], cx_names[i]
            tk.priority, tk.site, tk.reason = prio[i], site_i[i], reason[i]
            tk.first_deadline = first_deadline[i]
            tk.intake_minutes, tk.writing, tk.close_after = minutes[i], writing[i], close_after[i]
            tk.pause_u, tk.reopen = pause_u[i], reopen[i]
            tk.routes = routes[i]
            tk.target_minutes = targets[i]
            tk.deadline = deadline[i]
            tickets.append(tk)
            start_ticket(org, tk, acks[i])


def run_replication(s: Scenario, policy: Policy, seed: np.random.SeedSequence, replication: int) -> ReplicationResult:
    """Simulate one replication of ``s`` (warm-up included).

    Python's cyclic garbage collector is paused meanwhile: the run allocates an object or two per
    event and keeps most of them (tickets, recorded events), so the collector's passes over the
    growing heap cost about a third of the run and find little (what they would free is freed at
    the next collection after the run).

    Parameters
    ----------
    s : Scenario
    policy : Policy
        Teams' calendars (rosters, business-hours estimates) and the objectives tickets are worked to.
    seed : numpy.random.SeedSequence
        This replication's; split into one stream each for arrival times, attributes, work and behaviour.
    replication : int
        Its number (1-based), carried into the result.

    Returns
    -------
    ReplicationResult
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _run(s, policy, seed, replication)
    finally:
        if paused:
            gc.enable()


def _run(s: Scenario, policy: Policy, seed: np.random.SeedSequence, replication: int) -> ReplicationResult:
    rngs = dict(zip(STREAMS, (np.random.default_rng(c) for c in seed.spawn(len(STREAMS))), strict=True))
    h = s.horizon
    origin = h.origin
    end = h.end_minutes
    arr = arrivals_mod.generate(s, rngs["times"], rngs["attrs"])
    ack = _ack_times(s, arr.t, rngs["behaviour"])

    hours = int(np.ceil(end / 60.0)) + 1
    local = pd.date_range(origin, periods=hours, freq="60min", tz="UTC").tz_convert(policy.reporting_timezone)
    hour_of_week = local.day_of_week.to_numpy() * 24 + local.hour.to_numpy()
    origin_us = int(origin.timestamp() * 1_000_000)
    lo, hi = origin - dt.timedelta(days=2), origin + dt.timedelta(minutes=end) + dt.timedelta(days=90)
    calendars = _Calendars(policy, lo, hi, origin_us)

    env = simpy.Environment()
    org = Organisation(env, s, rngs, hour_of_week, calendars)
    on_duty_minutes, duty = {}, {}
    tickets: list[Ticket] = []
    w0, w1 = h.warmup_minutes, end
    for name, roster in s.rosters.items():
        times, counts = duty_steps(roster, policy.teams[name], origin, end)
        org.desks[name].roster(times, counts)
        duty[name] = (times, counts)
        nxt = np.append(times[1:], end)
        on_duty_minutes[name] = float(np.sum(counts * np.clip(np.minimum(nxt, w1) - np.maximum(times, w0), 0, None)))

    cats = list(s.categories)
    res_targets = resolution_targets(policy)
    first_target = first_response_target(policy)
    sites = list(s.sites)
    backlog: list[tuple] = []
    n = len(arr)
    b = s.behaviour
    # Per-ticket draws that do not depend on the state of the queues, vectorised up front.
    wrng, brng = rngs["work"], rngs["behaviour"]
    intake_minutes = np.zeros(n)
    for ci, cname in enumerate(cats):
        for xi, cx in enumerate(COMPLEXITIES):
            sel = np.flatnonzero((arr.category == ci) & (arr.complexity == xi))
            if len(sel):
                intake_minutes[sel] = s.work_dist(s.intake, cname, cx).sample_n(wrng, len(sel))
    writing = (b.reply_writing.sample_n(brng, n) if b.reply_writing is not None else np.zeros(n)).tolist()
    close_after = b.close_after.sample_n(brng, n).tolist()
    pause_u = np.where(brng.random(n) < b.pause_probability, brng.random(n), -1.0).tolist()
    reopen = (brng.random(n) < b.reopen_probability).tolist()
    routes_cache: dict[tuple[int, int], dict] = {}

    def routes(ci: int, si: int) -> dict:
        key = (ci, si)
        if key not in routes_cache:
            category = s.categories[cats[ci]]
            routes_cache[key] = {
                "server": s.server_team,
                "complex": category.specialist,
                "approval": s.approval_team,
                "volume": category.specialist,
                "onsite": s.site_teams.get(sites[si]),
            }
        return routes_cache[key]

    # Resolution objective per (channel, complexity); custom requests: a day until their estimate.
    target_table = np.full((len(arr.channels), len(COMPLEXITIES)), 120.0)
    for ch, chan in enumerate(arr.channels):
        for xi, cx in enumerate(COMPLEXITIES):
            target = res_targets.get((chan, cx), 120.0)
            target_table[ch, xi] = target if target == target else 24 * 60.0
    target_minutes = target_table[arr.channel, arr.complexity] if n else np.zeros(0)
    route_of = [routes(ci, si) for ci in range(len(cats)) for si in range(len(sites))]
    columns = (
        arr.t.tolist(),
        ack.tolist(),
        arr.channel.tolist(),
        arr.category.tolist(),
        arr.complexity.tolist(),
        [cats[c] for c in arr.category.tolist()],
        [COMPLEXITIES[x] for x in arr.complexity.tolist()],
        arr.priority.tolist(),
        arr.site.tolist(),
        arr.reason.tolist(),
        (arr.t + first_target).tolist(),
        intake_minutes.tolist(),
        writing,
        close_after,
        pause_u,
        reopen,
        [route_of[c * len(sites) + si] for c, si in zip(arr.category.tolist(), arr.site.tolist())],
        target_minutes.tolist(),
        (arr.t + target_minutes).tolist(),
    )
    # Arrivals and the backlog sampler start at 0, like processes would.
    kernel.start(env, kernel.Steps(env, columns[0], _Arrivals(org, columns, tickets).due))

    def sample_backlog() -> None:
        backlog.append((kernel.now(env), org.open_count, *(len(org.desks[n]) for n in names)))

    names = list(org.desks)
    kernel.start(env, kernel.Repeat(env, sample_backlog, 60.0))
    env.run(until=end)

    names = list(org.desks)
    bl = np.array(backlog, dtype=float)
    stats = {
        "arrived": int(org.arrived),
        "resolved": int(org.resolved_count),
        "open_at_end": int(org.open_count),
        "teams": {
            n: {
                "busy_minutes": org.desks[n].busy,
                "on_duty_minutes": on_duty_minutes.get(n, 0.0),
                "jobs": org.desks[n].jobs,
                "wait_sum": list(org.desks[n].wait_sum),
                "wait_n": list(org.desks[n].wait_n),
                "agents": org.desks[n].agents,
            }
            for n in names
        },
        "backlog_t": bl[:, 0].tolist() if len(bl) else [],
        "backlog_open": bl[:, 1].tolist() if len(bl) else [],
        "backlog_queues": {n: bl[:, 2 + k].tolist() for k, n in enumerate(names)} if len(bl) else {},
        "open_at_end_recorded": sum(1 for tk in tickets if tk.open and tk.created >= w0),
        "kernel_events": kernel.events_scheduled(env),
    }
    pickups = {n: desk.pickups for n, desk in org.desks.items()}
    return ReplicationResult(replication, arr, org.events, stats, pickups, duty)
