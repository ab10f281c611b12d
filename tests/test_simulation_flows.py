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


# -- routing flows ----------------------------------------------------------------------------

FLOWS = """
[[routing.flows]]
from = "SYSADMIN"
category = "vps"
to = "DC-NL"
reason = "onsite"
p = 0.3

[[routing.flows]]
from = "SYSADMIN"
to = "L1"
reason = "complex"
p = 0.1

[[routing.flows]]
from = "DC-NL"
to = "SYSADMIN"
reason = "server"
p = 0.5
"""


def _parse(policy, extra: str, days: float = 14):
    from simulation.scenario_parse import parse_scenario

    s = parse_scenario(default_scenario_path().read_text() + extra, policy, "scenario.toml")
    return replace(s, horizon=replace(s.horizon, days=days))


def _decisions(result, arrivals, cats):
    """(team, category) -> Counter of what the team did after its work: ('to', team) or 'resolved'."""
    from collections import Counter, defaultdict

    out = defaultdict(Counter)
    for i, _t, kind, team, _a, to, _reason, *_ in result.events:
        if kind in ("escalated", "resolved") and team != "L1":
            out[(team, cats[arrivals.category[i]])][to if kind == "escalated" else "resolved"] += 1
    return out


def test_flows_hand_on_with_the_given_shares_and_bounce(policy):
    s = _parse(policy, FLOWS)
    assert s.flows is not None and len(s.flows.flows) == 3
    r = run_replication(s, policy, np.random.SeedSequence(8), 1)
    cats = list(s.categories)
    d = _decisions(r, r.arrivals, cats)

    def share(team, cat, to):
        c = d[(team, cat)]
        n = sum(c.values())
        return c[to] / n, n

    for team, cat, to, p in (
        ("SYSADMIN", "vps", "DC-NL", 0.3),
        ("SYSADMIN", "dedicated", "L1", 0.1),
        ("SYSADMIN", "network", "L1", 0.1),
        ("DC-NL", "vps", "SYSADMIN", 0.5),
    ):
        got, n = share(team, cat, to)
        assert n >= 40, (team, cat, n)
        assert abs(got - p) <= 4 * np.sqrt(p * (1 - p) / n), (team, cat, to, got, p, n)
    # The most specific rows win: vps tickets never bounce from SYSADMIN to L1.
    assert d[("SYSADMIN", "vps")]["L1"] == 0
    # Bounces: a ticket comes back to a team that already had it (L1, and SYSADMIN after DC-NL).
    path: dict[int, list] = {}
    for i, _t, kind, team, _a, to, *_ in sorted(r.events, key=lambda e: (e[0], e[1])):
        if kind == "escalated":
            path.setdefault(i, [team]).append(to)
    assert sum(1 for p in path.values() if p[-1] == "L1") > 10
    assert sum(1 for p in path.values() if p[1:].count("SYSADMIN") >= 2) > 5
    # L1 resolves bounced tickets; every hand-off is picked up by the receiving team.
    assigned = {(e[0], e[3]) for e in r.events if e[2] == "assigned"}
    handed = {(e[0], e[5]) for e in r.events if e[2] == "escalated" and e[5] != "L1"}
    assert len(handed - assigned) <= r.stats["open_at_end"]


def test_flows_end_at_max_hops(policy):
    ping_pong = """
[[routing.flows]]
from = "SYSADMIN"
to = "BILLING"
reason = "complex"
p = 1.0

[[routing.flows]]
from = "BILLING"
to = "SYSADMIN"
reason = "server"
p = 1.0
"""
    s = _parse(policy, ping_pong, days=7)
    s = replace(s, flows=replace(s.flows, max_hops=3))
    r = run_replication(s, policy, np.random.SeedSequence(9), 1)
    path: dict[int, list] = {}
    for e in sorted(r.events, key=lambda e: (e[0], e[1])):
        if e[2] == "escalated":
            path.setdefault(e[0], []).append(e[5])
    assert max(len(p) for p in path.values()) == 3
    resolved = {e[0] for e in r.events if e[2] == "resolved"}
    ping = [p for i, p in path.items() if i in resolved and p[0] in ("SYSADMIN", "BILLING")]
    # Each would bounce for ever; the third hand-off is the last, and its team resolves the ticket.
    assert len(ping) > 50 and all(len(p) == 3 for p in ping)


def test_same_seed_same_events_with_and_without_flows(policy):
    from simulation.scenario_parse import parse_scenario

    plain = _parse(policy, "", days=3)

    text = default_scenario_path().read_text().replace("[routing]\n", "[routing]\nmax_hops = 4\n", 1)
    hops_only = parse_scenario(text, policy, "scenario.toml")
    hops_only = replace(hops_only, horizon=plain.horizon)
    assert hops_only.flows is None
    a = run_replication(plain, policy, np.random.SeedSequence(3), 1).events
    b = run_replication(hops_only, policy, np.random.SeedSequence(3), 1).events
    assert a == b
    flows = _parse(policy, FLOWS, days=3)
    c = run_replication(flows, policy, np.random.SeedSequence(3), 1).events
    d = run_replication(flows, policy, np.random.SeedSequence(3), 1).events
    assert c == d and c != a
    # The customers are the same: flows only change what happens after the first hand-off.
    assert [e for e in a if e[2] == "created"] == [e for e in c if e[2] == "created"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            'from = "SYSADMINS", to = "L1", reason = "complex", p = 0.1',
            "unknown team 'SYSADMINS' (did you mean 'SYSADMIN'?)",
        ),
        ('from = "SYSADMIN", to = "DC-XX", reason = "onsite", p = 0.1', "flows[1].to: unknown team 'DC-XX'"),
        ('from = "SYSADMIN", to = "SYSADMIN", reason = "complex", p = 0.1', "hands tickets to itself"),
        ('from = "SYSADMIN", to = "L1", reason = "approval", p = 0.1', "'approval' is not a hand-off reason"),
        ('from = "SYSADMIN", to = "L1", reason = "complex", p = 1.5', "flows[1].p: 1.5 is not a probability"),
        ('from = "SYSADMIN", to = "L1", reason = "complex", category = "vsp", p = 0.1', "unknown category 'vsp'"),
        ('from = "SYSADMIN", to = "L1", reason = "complex", complexity = "hard", p = 0.1', "unknown complexity 'hard'"),
        ('from = "SYSADMIN", to = "L1", reason = "complex", q = 0.1', "unknown key(s) ['q']"),
        ('from = "SYSADMIN", to = "L1", reason = "complex"', "missing 'p'"),
    ],
)
def test_bad_flows_give_one_line_errors(policy, row, message):
    from simulation.scenario import ScenarioError

    with pytest.raises(ScenarioError) as exc:
        _parse(policy, f"\n[[routing.flows]]\n{_toml_row(row)}")
    text = str(exc.value)
    assert message in text and "\n" not in text and text.startswith("scenario.toml: routing.flows[1]")


def _toml_row(row: str) -> str:
    return "\n".join(part.strip() for part in row.split(","))


def test_flows_summing_above_one_and_bad_max_hops(policy):
    from simulation.scenario import ScenarioError

    two = '\n[[routing.flows]]\nfrom = "DC-NL"\nto = "SYSADMIN"\nreason = "server"\np = 0.7\n'
    two += '\n[[routing.flows]]\nfrom = "DC-NL"\nto = "L1"\nreason = "complex"\np = 0.4\n'
    with pytest.raises(
        ScenarioError, match=r"routing.flows\[2\]: the flows from DC-NL for \*/\* add up to 1.1, more than 1"
    ):
        _parse(policy, two)
    text = default_scenario_path().read_text().replace("[routing]\n", "[routing]\nmax_hops = 0\n", 1)
    from simulation.scenario_parse import parse_scenario

    with pytest.raises(ScenarioError, match=r"routing\.max_hops: 0 must be a whole number from 1 to 100"):
        parse_scenario(text, policy, "scenario.toml")
