"""One replication: draw the arrivals, build the organisation, run SimPy, return columns and statistics.

Randomness is explicit: a replication gets one ``numpy.random.SeedSequence`` (spawned from the run's
seed) and splits it into independent streams for arrival times, ticket attributes, work times and
behaviour. The same seed gives the same events, in any worker process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import simpy

from analytics.policy import Policy
from analytics.vocabulary import COMPLEXITIES
from simulation import arrivals as arrivals_mod
from simulation.lifecycle import start_ticket
from simulation.organisation import Organisation, Ticket
from simulation.rosters import duty_steps
from simulation.scenario import Scenario

_US_PER_MIN = 60_000_000
STREAMS = ("times", "attrs", "work", "behaviour")


@dataclass
class ReplicationResult:
    """What one replication produced: canonical events as column buffers, plus run statistics."""

    replication: int
    arrivals: arrivals_mod.Arrivals
    events: list[tuple]                      # (ticket index, minute, kind, team, agent, to_team, reason, due, detail)
    stats: dict = field(default_factory=dict)
    pickups: dict = field(default_factory=dict)   # team -> [(minute, agent index)] of every job started
    duty: dict = field(default_factory=dict)      # team -> (step minutes, headcount)


def resolution_targets(policy: Policy) -> dict[tuple[str, str], float]:
    """Resolution objective in minutes per (channel, complexity), from the policy (NaN: estimate)."""
    tt = policy.target_table()
    tt = tt[(tt["metric"] == "resolution") & (tt["team"] == "")]
    return {(r.channel, r.complexity): r.target_seconds / 60.0 for r in tt.itertuples()}


def first_response_target(policy: Policy) -> float:
    m = policy.metrics["first_response"]
    return (m.target_seconds or 600.0) / 60.0


def _ack_times(s: Scenario, t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Automatic acknowledgements: a small delay, longer when the autoresponder is down."""
    b = s.behaviour
    delay = np.array([b.ack_delay.sample(rng) for _ in range(len(t))]) if b.ack_delay.kind != "fixed" \
        else np.full(len(t), b.ack_delay.mean)
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


def run_replication(s: Scenario, policy: Policy, seed: np.random.SeedSequence, replication: int) -> ReplicationResult:
    """Simulate one replication of ``s`` (warm-up included); see :class:`ReplicationResult`."""
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
    calendars = {tid: (team.calendar.intervals(lo, hi) if not team.calendar.always_open else None, origin_us)
                 for tid, team in policy.teams.items()}

    env = simpy.Environment()
    org = Organisation(env, s, rngs, hour_of_week, calendars)
    on_duty_minutes, duty = {}, {}
    tickets: list[Ticket] = []
    w0, w1 = h.warmup_minutes, end
    for name, roster in s.rosters.items():
        times, counts = duty_steps(roster, policy.teams[name], origin, end)
        env.process(org.teams[name].roster(times, counts))
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
            routes_cache[key] = {"server": s.server_team, "complex": category.specialist,
                                 "approval": s.approval_team, "volume": category.specialist,
                                 "onsite": s.site_teams.get(sites[si])}
        return routes_cache[key]

    def arrivals_process():
        t_arr = arr.t.tolist()
        chans, cat_i, cx_i = arr.channel.tolist(), arr.category.tolist(), arr.complexity.tolist()
        prio, site_i, reason, acks = arr.priority.tolist(), arr.site.tolist(), arr.reason.tolist(), ack.tolist()
        minutes = intake_minutes.tolist()
        targets = {}
        for i, t in enumerate(t_arr):
            if t > env.now:
                yield env.timeout(t - env.now)
            tk = Ticket(i, t)
            tk.channel, tk.category, tk.complexity = chans[i], cat_i[i], cx_i[i]
            tk.category_name, tk.complexity_name = cats[cat_i[i]], COMPLEXITIES[cx_i[i]]
            tk.priority, tk.site, tk.reason = prio[i], site_i[i], reason[i]
            tk.first_deadline = t + first_target
            tk.intake_minutes, tk.writing, tk.close_after = minutes[i], writing[i], close_after[i]
            tk.pause_u, tk.reopen = pause_u[i], reopen[i]
            tk.routes = routes(cat_i[i], site_i[i])
            key = (chans[i], cx_i[i])
            if key not in targets:
                target = res_targets.get((arr.channels[chans[i]], COMPLEXITIES[cx_i[i]]), 120.0)
                targets[key] = target if target == target else 24 * 60.0   # custom: until its estimate
            tk.target_minutes = targets[key]
            tk.deadline = t + tk.target_minutes
            tickets.append(tk)
            start_ticket(org, tk, acks[i])

    def sampler():
        names = list(org.teams)
        while True:
            backlog.append((env.now, org.open_count, *(len(org.teams[n]) for n in names)))
            yield env.timeout(60.0)

    env.process(arrivals_process())
    env.process(sampler())
    env.run(until=end)

    names = list(org.teams)
    bl = np.array(backlog, dtype=float)
    stats = {
        "arrived": int(org.arrived), "resolved": int(org.resolved_count), "open_at_end": int(org.open_count),
        "teams": {n: {"busy_minutes": org.teams[n].busy, "on_duty_minutes": on_duty_minutes.get(n, 0.0),
                      "jobs": org.teams[n].jobs, "wait_sum": org.teams[n].wait_sum.tolist(),
                      "wait_n": org.teams[n].wait_n.tolist(), "agents": org.teams[n].agents}
                  for n in names},
        "backlog_t": bl[:, 0].tolist() if len(bl) else [],
        "backlog_open": bl[:, 1].tolist() if len(bl) else [],
        "backlog_queues": {n: bl[:, 2 + k].tolist() for k, n in enumerate(names)} if len(bl) else {},
        "open_at_end_recorded": sum(1 for tk in tickets if tk.open and tk.created >= w0),
        "kernel_events": next(env._eid),  # events scheduled so far (SimPy's own counter)
    }
    pickups = {n: tm.pickups for n, tm in org.teams.items()}
    return ReplicationResult(replication, arr, org.events, stats, pickups, duty)
