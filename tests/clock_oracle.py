"""A brute-force, per-ticket Python restatement of the SLA semantics (README "SLA semantics"), used
only by tests to check the SQL engine. Slow and obvious on purpose: business time is walked minute by
minute, pauses are subtracted interval by interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from analytics.sla.policy import Policy

MINUTE = timedelta(minutes=1)
ACTIONS = {
    "agent_reply",
    "internal_note",
    "assigned",
    "escalated",
    "estimate",
    "approval_granted",
    "approval_denied",
    "resolved",
    "closed",
}


@dataclass
class Ev:
    seq: int
    ts: datetime
    kind: str
    team: str | None = None
    to_team: str | None = None
    due_at: datetime | None = None


def pauses(events: list[Ev], as_of: datetime) -> list[tuple[datetime, datetime]]:
    out, start = [], None
    for e in events:
        if e.kind == "paused" and start is None:
            start = e.ts
        elif e.kind in ("resumed", "resolved", "closed", "reopened") and start is not None:
            out.append((start, e.ts))
            start = None
    if start is not None:
        out.append((start, as_of))
    return out


def spans(events: list[Ev]) -> list[tuple[str, int, str | None, datetime, datetime | None, datetime | None]]:
    """(metric, cycle, team, start, stop, due_at) for every clock of one ticket."""
    created = events[0]
    out = []
    ack = next((e.ts for e in events if e.kind == "acknowledged"), None)
    reply = next((e.ts for e in events if e.kind == "agent_reply"), None)
    out.append(("acknowledgement", 1, created.team, created.ts, ack, None))
    out.append(("first_response", 1, created.team, created.ts, reply, None))
    # status updates
    state, n = "created", 0
    for i, e in enumerate(events):
        if e.kind == "agent_reply" and state in ("created", "reopened"):
            stop = next((x.ts for x in events[i + 1 :] if x.kind in ("agent_reply", "resolved", "closed")), None)
            n += 1
            out.append(("status_update", n, e.team, e.ts, stop, None))
        if e.kind in ("created", "reopened", "resolved", "closed"):
            state = e.kind
    # escalation notices and hand-offs
    n_esc = n_hand = 0
    for i, e in enumerate(events):
        later = events[i + 1 :]
        if e.kind == "escalated":
            n_esc += 1
            stop = next((x.ts for x in later if x.kind in ("agent_reply", "resolved", "closed")), None)
            out.append(("escalation_notice", n_esc, e.team, e.ts, stop, None))
        if e.kind in ("escalated", "approval_requested"):
            n_hand += 1
            stop = next(
                (
                    x.ts
                    for x in later
                    if (x.team == e.to_team and x.kind in ACTIONS) or x.kind in ("resolved", "closed")
                ),
                None,
            )
            out.append(("handoff_pickup", n_hand, e.to_team, e.ts, stop, None))
    # resolution cycles
    owner, prev, cycle, start, start_i = created.team, None, 0, None, None
    for i, e in enumerate(events):
        if e.kind == "created" or (e.kind == "reopened" and prev in ("resolved", "closed")):
            cycle, start, start_i = cycle + 1, e.ts, i
        elif e.kind in ("resolved", "closed") and prev in ("created", "reopened") and start is not None:
            est = next((x for x in events[start_i + 1 : i] if x.kind == "estimate"), None)
            out.append(("resolution", cycle, e.team or owner, start, e.ts, est.due_at if est else None))
            start = None
        if e.kind in ("created", "reopened", "resolved", "closed"):
            prev = e.kind
        if e.kind in ("created", "assigned") and e.team is not None:  # an assignment within the team keeps it
            owner = e.team
        elif e.kind == "escalated":
            owner = e.to_team
    if start is not None:
        est = next((x for x in events[start_i + 1 :] if x.kind == "estimate"), None)
        out.append(("resolution", cycle, owner, start, None, est.due_at if est else None))
    return out


_TARGETS: dict[int, dict] = {}


def _target(policy: Policy, metric: str, channel: str, complexity: str | None, team: str | None):
    if id(policy) not in _TARGETS:
        t = policy.target_table()
        _TARGETS[id(policy)] = {
            (r.metric, r.channel, r.complexity, r.team): (None if r.use_estimate else float(r.target_seconds))
            for r in t.itertuples()
        }
    return _TARGETS[id(policy)][(metric, channel, complexity or "", team or "")]


def _open_minutes(policy: Policy, calendar: str, start: datetime, end: datetime) -> np.ndarray:
    """Open-ness of each minute [m, m+1) from start to end, walking the calendar's interval table."""
    n = int((end - start) / MINUTE)
    if calendar == "24/7":
        return np.ones(n, dtype=bool)
    table = policy.teams[calendar].calendar.intervals(start - timedelta(days=1), end + timedelta(days=1))
    m = np.datetime64(start.replace(tzinfo=None), "us") + np.arange(n) * np.timedelta64(60, "s")
    return table.open_between(m, m + np.timedelta64(60, "s")) == 60_000_000


def measure(policy: Policy, calendar: str, paused: list, start: datetime, end: datetime, target):
    """(elapsed seconds, breach instant or None) walking minute by minute (all inputs on whole minutes)."""
    open_ = _open_minutes(policy, calendar, start, end)
    minutes = [start + i * MINUTE for i in range(len(open_))]
    running = np.array([o and not any(p0 <= m < p1 for p0, p1 in paused) for m, o in zip(minutes, open_)], dtype=bool)
    elapsed = float(running.sum() * 60)
    breach = None
    if target is not None and elapsed > target:
        # the first running minute after `target` seconds have run
        k = int(target // 60)
        breach = minutes[int(np.flatnonzero(running)[k])]
    return elapsed, breach


def oracle_clocks(policy: Policy, events: list[Ev], channel: str, complexity: str | None, as_of: datetime):
    """Clocks of one ticket as dicts keyed like the engine's output."""
    seen, unique = set(), []
    for e in events:  # the importer refuses exact duplicate rows
        key = (e.ts, e.kind, e.team, e.to_team, e.due_at)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    events = [e for e in unique if e.ts <= as_of]
    metrics = policy.metrics
    out = {}
    for metric, cycle, team, start, stop, due in spans(events):
        m = metrics[metric]
        if m.calendar == "24/7":
            calendar = "24/7"
        elif m.calendar in ("team", "receiving_team"):
            calendar = team if team in policy.teams and not policy.teams[team].calendar.always_open else "24/7"
        else:
            calendar = m.calendar if not policy.teams[m.calendar].calendar.always_open else "24/7"
        target = _target(policy, metric, channel, complexity, team)
        if target is None and due is not None:
            target = max(0.0, (due - start).total_seconds())
        end = stop or as_of
        paused = pauses(events, as_of) if m.pauses else []
        elapsed, breach = measure(policy, calendar, paused, start, end, target)
        if target is None:
            status, breach = "breached", start
        elif elapsed > target:
            status = "breached"
        else:
            status = "met" if stop is not None else "pending"
            breach = None
        out[(metric, cycle)] = {
            "team": team,
            "started_at": start,
            "stopped_at": stop,
            "elapsed_seconds": elapsed,
            "status": status,
            "breached_at": breach,
            "target_seconds": target,
        }
    return out
