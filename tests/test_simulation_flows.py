"""Routing flows and agent time for messages: volume hand-offs to available experts, notices and
status updates that take agent time, multi-hop routing matrices (docs/scenarios.md)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from simulation.engine import run_replication
from simulation.rosters import roster_from_spec
from simulation.scenario_parse import default_scenario_path, load_scenario


@pytest.fixture(scope="module")
def base(policy):
    s = load_scenario(default_scenario_path(), policy)
    return replace(s, horizon=replace(s.horizon, days=7, warmup_days=1.0))


def _on_duty(result, team: str, t: float) -> int:
    times, counts = result.duty[team]
    i = int(np.searchsorted(times, t, side="right")) - 1
    return int(counts[i]) if i >= 0 else 0


def test_volume_hand_offs_only_reach_teams_on_duty(base, policy):
    # One L1 agent around the clock: its queue is long day and night, also while specialists are off.
    rosters = {**base.rosters, "L1": roster_from_spec({"agents": 1}, policy.teams["L1"])}
    s = replace(base, rosters=rosters, behaviour=replace(base.behaviour, volume_threshold=2, volume_share=1.0))
    r = run_replication(s, policy, np.random.SeedSequence(11), 1)
    volume = [(e[1], e[5]) for e in r.events if e[2] == "escalated" and e[6] == "volume"]
    assert len(volume) > 50
    assert all(_on_duty(r, to, t) > 0 for t, to in volume), "a volume hand-off reached a team off duty"
    # The check means something: L1's queue was long while SYSADMIN was off duty.
    long_off = [
        t
        for t, q in zip(r.stats["backlog_t"], r.stats["backlog_queues"]["L1"])
        if q > 2 and _on_duty(r, "SYSADMIN", t) == 0
    ]
    assert long_off


def _messages(result):
    """Per ticket: escalation -> its notice delay; status update -> minutes since the previous reply."""
    by_ticket: dict[int, list] = {}
    for e in sorted(result.events, key=lambda e: (e[0], e[1])):
        by_ticket.setdefault(e[0], []).append(e)
    notices, gaps = [], []
    for evs in by_ticket.values():
        escalated_at, last_reply = None, None
        for _i, t, kind, _team, _agent, _to, _reason, _due, detail in evs:
            if kind == "escalated":
                escalated_at = t
            elif kind == "agent_reply":
                if detail and detail.startswith("passed to") and escalated_at is not None:
                    notices.append(t - escalated_at)
                if detail == "status update" and last_reply is not None:
                    gaps.append(t - last_reply)
                last_reply = t
            elif kind in ("paused", "resolved"):
                last_reply = None
    return np.array(notices), np.array(gaps)


def _with_messages(base, policy, l1_agents: int, notice_work: str, status_work: str):
    from simulation.distributions import parse_dist

    b = replace(
        base.behaviour,
        notice_work=parse_dist(notice_work, "t") if notice_work != "0s" else None,
        status_work=parse_dist(status_work, "t") if status_work != "0s" else None,
        notice_delay=parse_dist("1min", "t"),
        status_every=parse_dist("1h", "t"),
        volume_share=0.0,
    )
    rosters = {**base.rosters, "L1": roster_from_spec({"agents": l1_agents}, policy.teams["L1"])}
    horizon = replace(base.horizon, days=3, warmup_days=0.5)
    return replace(base, behaviour=b, rosters=rosters, horizon=horizon)


def test_notices_and_status_updates_wait_for_a_free_agent(base, policy):
    seed = np.random.SeedSequence(21)
    free = run_replication(_with_messages(base, policy, 2, "0s", "0s"), policy, seed, 1)
    few = run_replication(_with_messages(base, policy, 2, "3min", "3min"), policy, np.random.SeedSequence(21), 1)
    many = run_replication(_with_messages(base, policy, 8, "3min", "3min"), policy, np.random.SeedSequence(21), 1)
    n_free, g_free = _messages(free)
    n_few, g_few = _messages(few)
    n_many, g_many = _messages(many)
    assert len(n_free) > 50 and len(n_few) > 50 and len(n_many) > 50
    assert np.allclose(n_free, 1.0)  # free notices: exactly the notice delay
    # Understaffed: the notice waits behind the queue; with more agents it is soon written.
    assert np.mean(n_few) > np.mean(n_many) + 5
    assert np.mean(n_many) < 1.0 + 3 * 3.0
    assert np.min(n_many) >= 1.0
    assert np.mean(g_few) > np.mean(g_many)
    assert np.mean(g_free) == pytest.approx(60.0, abs=1.0)


def test_messages_take_agent_time(base, policy):
    free = run_replication(_with_messages(base, policy, 3, "0s", "0s"), policy, np.random.SeedSequence(4), 1)
    paid = run_replication(_with_messages(base, policy, 3, "3min", "3min"), policy, np.random.SeedSequence(4), 1)
    assert paid.stats["teams"]["L1"]["busy_minutes"] > free.stats["teams"]["L1"]["busy_minutes"] + 100
    assert paid.stats["arrived"] == free.stats["arrived"]  # the same customers (common random numbers)
