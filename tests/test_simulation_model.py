"""The default organisation simulated: canonical events, rosters, hours, escalation shares, datasets.

One short run of ``sample_data/scenario.toml`` (fixed seed) is shared by the checks; the dataset
tests write it through the store and read it back with the SLA engine, unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from analytics import api
from analytics.vocabulary import COMPLEXITIES, EVENT_KINDS
from simulation.columns import to_arrow
from simulation.engine import run_replication
from simulation.rosters import duty_steps, roster_from_spec
from simulation.runner import simulate
from simulation.scenario import REASONS_DRAWN
from simulation.scenario_parse import default_scenario_path, load_scenario

DAYS = 14


@pytest.fixture(scope="module")
def scenario(policy):
    s = load_scenario(default_scenario_path(), policy)
    return replace(s, horizon=replace(s.horizon, days=DAYS))


@pytest.fixture(scope="module")
def run(scenario, policy):
    return run_replication(scenario, policy, np.random.SeedSequence(42), 1)


@pytest.fixture(scope="module")
def events(run, scenario):
    tickets, events = to_arrow(run, scenario)
    return tickets.to_pandas(), events.to_pandas()


def test_default_scenario_volume_matches_its_assumed_volumes(events):
    tickets, _ = events
    per_day = tickets.groupby("channel").size() / DAYS
    assert 130 <= per_day["ticket"] <= 185  # the scenario's assumed ~150 tickets, 45 chats a day (not the guide's)
    assert 35 <= per_day["chat"] <= 60
    local = tickets["created_at"].dt.tz_convert("Europe/Amsterdam")
    office = (local.dt.day_of_week < 5) & local.dt.hour.between(9, 16)
    assert office.mean() > 0.4  # busier on weekday office hours (24 % of the week's hours)


def test_canonical_events_only_and_in_order(events):
    tickets, ev = events
    assert set(ev["kind"]) <= set(EVENT_KINDS)
    assert {
        "created",
        "acknowledged",
        "agent_reply",
        "escalated",
        "assigned",
        "paused",
        "resumed",
        "approval_requested",
        "approval_granted",
        "estimate",
        "resolved",
        "reopened",
        "closed",
    } <= set(ev["kind"])
    assert ev["ticket_id"].str.match(r"^r01-\d{6}$").all()
    first = ev[ev["seq"] == 1]
    assert (first["kind"] == "created").all() and len(first) == len(tickets)
    assert (ev.groupby("ticket_id")["ts"].apply(lambda s: s.is_monotonic_increasing)).all()
    esc = ev[ev["kind"] == "escalated"]
    assert esc["to_team"].notna().all() and esc["reason"].isin((*REASONS_DRAWN, "volume")).all()
    est = ev[ev["kind"] == "estimate"]
    assert est["due_at"].notna().all() and (est["due_at"] > est["ts"]).all()
    custom = set(tickets.loc[tickets["complexity"] == "custom", "ticket_id"])
    assert set(est["ticket_id"]) <= custom


def test_escalation_is_followed_by_notice_and_pickup_by_receiving_team(events):
    _, ev = events
    ev = ev.sort_values(["ticket_id", "seq"])
    checked = 0
    for tid, group in ev[ev["ticket_id"].isin(ev.loc[ev["kind"] == "escalated", "ticket_id"].unique()[:300])].groupby(
        "ticket_id"
    ):
        rows = group.reset_index(drop=True)
        i = rows.index[rows["kind"] == "escalated"][0]
        to_team = rows.loc[i, "to_team"]
        after = rows.iloc[i + 1 :]
        assert "agent_reply" in set(after["kind"]), tid  # the customer is told
        pickup = after[(after["kind"] == "assigned") & (after["team"] == to_team)]
        if len(pickup):
            checked += 1
    assert checked > 200


def test_conservation(run, events):
    tickets, ev = events
    assert run.stats["arrived"] == run.stats["resolved"] + run.stats["open_at_end"]
    last = ev[ev["kind"].isin(["resolved", "reopened"])].sort_values("seq").groupby("ticket_id")["kind"].last()
    resolved = int((last == "resolved").sum())
    still_open = len(tickets) - resolved
    assert still_open == run.stats["open_at_end_recorded"]
    assert resolved + still_open == len(tickets)


def _on_duty_at(duty, t):
    times, counts = duty
    i = np.searchsorted(times, t, side="right") - 1
    before = np.searchsorted(times, t, side="left") - 1  # a step at the very same instant
    return np.maximum(counts[i], counts[np.maximum(before, 0)])


def test_nobody_works_off_shift(run):
    teams_checked = 0
    for team, picks in run.pickups.items():
        if not picks:
            continue
        t = np.array([p[0] for p in picks])
        k = np.array([p[1] for p in picks])
        assert (k < _on_duty_at(run.duty[team], t)).all(), f"{team}: work picked up by an agent off duty"
        teams_checked += 1
    assert teams_checked >= 5


def test_agents_finish_the_ticket_in_hand(run, events):
    _, ev = events
    # SYSADMIN's late shift ends at 22:00: some work picked up before then ends after it.
    done = ev[(ev["kind"] == "resolved") & (ev["team"] == "SYSADMIN")]
    local = done["ts"].dt.tz_convert("Europe/Amsterdam")
    assert ((local.dt.hour >= 22) & (local.dt.hour < 24)).any()


def test_specialists_pick_up_work_only_in_their_hours(run, scenario, policy):
    origin = scenario.horizon.origin
    for team in ("SYSADMIN", "BILLING", "MGMT", "DC-NL", "DC-US", "DC-CA"):
        picks = run.pickups.get(team, [])
        assert picks, team
        cal = policy.teams[team].calendar
        table = cal.intervals(origin, origin + dt.timedelta(days=DAYS + 5))
        us = np.array([int((origin + dt.timedelta(minutes=p[0])).timestamp() * 1e6) for p in picks])
        i = np.searchsorted(table.starts, us, side="right") - 1
        inside = (i >= 0) & (us < table.ends[np.maximum(i, 0)])
        assert inside.all(), f"{team} picked up work outside its hours"


def test_escalation_shares_reproduce_configuration(scenario, policy):
    longer = replace(scenario, horizon=replace(scenario.horizon, days=28))
    r = run_replication(longer, policy, np.random.SeedSequence(5), 1)
    arr = r.arrivals
    first_reason = {}
    for i, _t, kind, _team, _agent, _to, reason, *_ in r.events:
        if kind in ("escalated", "approval_requested") and i not in first_reason:
            first_reason[i] = reason
    cats = list(longer.categories)
    checked = 0
    for ci, cname in enumerate(cats):
        for xi, cx in enumerate(COMPLEXITIES):
            probs = longer.categories[cname].escalation.get(cx, {})
            # Volume hand-offs replace "L1 resolves it", never a drawn reason: leave them out.
            idx = [
                i
                for i in np.flatnonzero((arr.category == ci) & (arr.complexity == xi)).tolist()
                if first_reason.get(i) != "volume"
            ]
            n = len(idx)
            if n < 80:
                continue
            seen = Counter(first_reason.get(i) for i in idx)
            for reason in REASONS_DRAWN:
                p = probs.get(reason, 0.0)
                share = seen.get(reason, 0) / n
                sd = max(np.sqrt(p * (1 - p) / n), 1e-9)
                assert abs(share - p) <= 4 * sd + 0.02 * (p == 0), (cname, cx, reason, share, p, n)
                checked += 1
    assert checked >= 20


def test_same_seed_same_events_other_seed_other_events(scenario, policy):
    short = replace(scenario, horizon=replace(scenario.horizon, days=3))
    a = to_arrow(run_replication(short, policy, np.random.SeedSequence(3), 1), short)[1]
    b = to_arrow(run_replication(short, policy, np.random.SeedSequence(3), 1), short)[1]
    c = to_arrow(run_replication(short, policy, np.random.SeedSequence(4), 1), short)[1]
    assert a.equals(b)
    assert not a.equals(c)


def test_roster_follows_dst_in_the_teams_timezone(policy):
    roster = roster_from_spec({"agents": 1}, policy.teams["DC-CA"])  # Mon-Fri 08:00-17:00 Toronto
    origin = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)  # US/Canada DST starts 2026-03-08
    times, counts = duty_steps(roster, policy.teams["DC-CA"], origin, 14 * 1440)
    starts = [origin + dt.timedelta(minutes=float(t)) for t, c in zip(times, counts) if c == 1]
    assert starts[0] == dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.UTC)  # 08:00 EST
    assert starts[5] == dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC)  # 08:00 EDT
    nl = roster_from_spec({"agents": 2}, policy.teams["DC-NL"])
    o = dt.datetime(2026, 4, 2, tzinfo=dt.UTC)
    t2, c2 = duty_steps(nl, policy.teams["DC-NL"], o, 7 * 1440)
    days_on = {(o + dt.timedelta(minutes=float(t))).date() for t, c in zip(t2, c2) if c > 0}
    assert dt.date(2026, 4, 6) not in days_on  # Easter Monday: a public holiday
    assert dt.date(2026, 4, 7) in days_on


def test_run_is_a_dataset_every_clock_works_on(tmp_path, scenario, policy):
    from analytics.store.database import Store

    store = Store(tmp_path / "sim.duckdb")
    short = replace(scenario, horizon=replace(scenario.horizon, days=4))
    summary = simulate(store, short, policy, name="base", replications=2, seed=9, workers=1)
    assert summary.tickets > 500 and summary.replications == 2
    ds = api.datasets(store).set_index("name").loc["base"]
    assert ds["kind"] == "simulation" and ds["seed"] == 9 and ds["scenario"] == "baseline"
    by_rep = api.compliance(store, "base", by="metric,replication", policy=policy)
    assert set(by_rep["replication"]) == {1, 2}
    assert set(by_rep["metric"]) == {
        "acknowledgement",
        "first_response",
        "status_update",
        "escalation_notice",
        "handoff_pickup",
        "resolution",
    }
    with pytest.raises(ValueError, match="already exists"):
        simulate(store, short, policy, name="base", replications=1, seed=9, workers=1)
    simulate(store, short, policy, name="base", replications=1, seed=9, workers=1, replace=True)
    assert set(api.compliance(store, "base", by="replication", policy=policy)["replication"]) == {1}
    store.close()
