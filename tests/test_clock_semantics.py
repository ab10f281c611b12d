"""SLA semantics on constructed tickets: pauses on business calendars, reopen rules, running clocks."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, write_events

from analytics.ingest import import_file
from analytics.sla.clocks import compute_clocks
from analytics.sla.policy import parse_policy

DEFAULT = (ROOT / "sample_data" / "policy.toml").read_text()


def ev(tid, at, kind, **kw):
    return {"ticket_id": tid, "at": at, "kind": kind, **kw}


def created(tid, at, complexity="standard", channel="ticket"):
    return ev(tid, at, "created", team="L1", channel=channel, complexity=complexity)


def clocks_for(store, tmp_path, rows, policy_text=DEFAULT, as_of=None):
    import_file(store, write_events(tmp_path / "t.csv", rows), name="t")
    return compute_clocks(store.reader(), "t", parse_policy(policy_text, "p.toml"), as_of)


def one(df, tid, metric, cycle=1):
    r = df[(df.ticket_id == tid) & (df.metric == metric) & (df.cycle == cycle)]
    assert len(r) == 1
    return r.iloc[0]


def test_pause_on_a_business_calendar(store, tmp_path):
    # Resolution measured in SYSADMIN hours (Mon-Fri 08:00-22:00 Amsterdam), pauses excluded.
    policy = DEFAULT.replace('target = "2h"\npauses = true', 'target = "2h"\npauses = true\ncalendar = "SYSADMIN"')
    rows = [
        created("P", "2026-03-06T21:00:00+01:00"),  # Fri 21:00: 1 h open until 22:00
        ev("P", "2026-03-06T21:30:00+01:00", "paused", team="L1"),
        ev("P", "2026-03-09T08:30:00+01:00", "resumed", team="L1"),  # Mon 08:30 (pause covered 08:00-08:30)
        ev("P", "2026-03-09T10:00:00+01:00", "resolved", team="L1"),
    ]
    df = clocks_for(store, tmp_path, rows, policy)
    r = one(df, "P", "resolution")
    # open & running: Fri 21:00-21:30 (30 min) + Mon 08:30-10:00 (90 min) = 2 h = target: met
    assert (r.status, r.elapsed_seconds, r.calendar) == ("met", 7200.0, "SYSADMIN")
    rows[-1]["at"] = "2026-03-09T10:15:00+01:00"
    store.path.unlink()
    r = one(clocks_for(store, tmp_path, rows, policy), "P", "resolution")
    # target ran out at Mon 10:00 CET = 09:00Z
    assert (r.status, r.elapsed_seconds, r.breached_at) == ("breached", 8100.0, pd.Timestamp("2026-03-09T09:00:00Z"))


def test_pause_still_open_at_as_of(store, tmp_path):
    rows = [
        created("W", "2026-03-02T10:00:00+01:00", complexity="simple"),
        ev("W", "2026-03-02T10:02:00+01:00", "agent_reply", team="L1"),
        ev("W", "2026-03-02T10:10:00+01:00", "paused", team="L1"),
        ev("W", "2026-03-05T10:10:00+01:00", "internal_note", team="L1"),  # the dataset's last event
    ]
    df = clocks_for(store, tmp_path, rows)
    r = one(df, "W", "resolution")
    assert (r.status, r.elapsed_seconds) == ("pending", 600.0)  # 10 min before the pause, none since
    s = one(df, "W", "status_update")
    assert (s.status, s.elapsed_seconds) == ("pending", 480.0)


def test_reopen_rules(store, tmp_path):
    rows = [
        created("R", "2026-03-02T10:00:00+01:00", complexity="simple"),
        ev("R", "2026-03-02T10:01:00+01:00", "reopened", team="L1"),  # reopen while open: no new cycle
        ev("R", "2026-03-02T10:10:00+01:00", "resolved", team="L1"),
        ev("R", "2026-03-02T10:11:00+01:00", "closed", team="L1"),  # closing a resolved ticket: no stop
        ev("R", "2026-03-02T11:00:00+01:00", "reopened", team="L1"),
        ev("R", "2026-03-02T11:05:00+01:00", "agent_reply", team="L1"),
        ev("R", "2026-03-02T13:00:00+01:00", "internal_note", team="L1"),
    ]
    df = clocks_for(store, tmp_path, rows)
    res = df[df.metric == "resolution"].sort_values("cycle")
    assert list(res.cycle) == [1, 2]
    assert (res.iloc[0].status, res.iloc[0].elapsed_seconds) == ("met", 600.0)
    c2 = res.iloc[1]
    assert (c2.status, c2.note) == ("breached", "still running past the target")
    assert c2.breached_at == pd.Timestamp("2026-03-02T10:30:00Z")  # 11:00 CET + 30 min
    fr = one(df, "R", "first_response")
    assert (fr.status, fr.elapsed_seconds) == ("breached", 65 * 60.0)  # only the reply after reopening


def test_escalation_without_notice_and_bounce(store, tmp_path):
    rows = [
        created("B", "2026-03-03T10:00:00+01:00"),
        ev("B", "2026-03-03T10:05:00+01:00", "agent_reply", team="L1"),
        ev("B", "2026-03-03T10:10:00+01:00", "escalated", team="L1", to_team="BILLING", reason="complex"),
        ev("B", "2026-03-03T10:20:00+01:00", "escalated", team="BILLING", to_team="L1", reason="volume"),
        ev("B", "2026-03-03T10:40:00+01:00", "internal_note", team="L1"),
        ev("B", "2026-03-03T10:45:00+01:00", "agent_reply", team="L1"),
    ]
    df = clocks_for(store, tmp_path, rows)
    h1, h2 = one(df, "B", "handoff_pickup", 1), one(df, "B", "handoff_pickup", 2)
    # BILLING's own escalation back counts as its action; L1 picks the bounce up with its note
    assert (h1.team, h1.elapsed_seconds, h1.status) == ("BILLING", 600.0, "met")
    assert (h2.team, h2.elapsed_seconds, h2.status, h2.calendar) == ("L1", 1200.0, "met", "24/7")
    n1, n2 = one(df, "B", "escalation_notice", 1), one(df, "B", "escalation_notice", 2)
    assert (n1.elapsed_seconds, n1.status, n1.team) == (35 * 60.0, "breached", "L1")
    assert (n2.elapsed_seconds, n2.status, n2.team) == (25 * 60.0, "breached", "BILLING")
    assert n1.breached_at == pd.Timestamp("2026-03-03T09:20:00Z")


@pytest.mark.parametrize(
    "as_of, status",
    [
        ("2026-03-02T10:09:59+01:00", "pending"),
        ("2026-03-02T10:10:00+01:00", "pending"),  # exactly at the target: not yet late
        ("2026-03-02T10:10:01+01:00", "breached"),
    ],
)
def test_first_response_boundary_at_as_of(store, tmp_path, as_of, status):
    rows = [created("F", "2026-03-02T10:00:00+01:00"), ev("F", "2026-03-02T12:00:00+01:00", "agent_reply", team="L1")]
    r = one(clocks_for(store, tmp_path, rows, as_of=as_of), "F", "first_response")
    assert r.status == status and pd.isna(r.stopped_at)


def test_targets_by_receiving_team_and_channel(store, tmp_path):
    policy = DEFAULT.replace(
        'team = "MGMT"\ntarget = "8h"',
        'team = "MGMT"\ntarget = "8h"\n[[metrics.handoff_pickup.targets]]\nteam = "BILLING"\ntarget = "1h"',
    )
    rows = [
        created("C", "2026-03-03T10:00:00+01:00", channel="chat"),
        ev("C", "2026-03-03T10:10:00+01:00", "escalated", team="L1", to_team="BILLING", reason="complex"),
        ev("C", "2026-03-03T10:55:00+01:00", "assigned", team="BILLING"),
    ]
    df = clocks_for(store, tmp_path, rows, policy)
    assert (one(df, "C", "handoff_pickup").target_seconds, one(df, "C", "handoff_pickup").status) == (3600.0, "met")
    assert one(df, "C", "acknowledgement").target_seconds == 60.0
    assert one(df, "C", "acknowledgement").status == "breached"  # never acknowledged, 55 min running


def test_metrics_the_source_cannot_measure_get_no_clocks(store, tmp_path):
    rows = [created("U", "2026-03-02T10:00:00+01:00"), ev("U", "2026-03-02T12:00:00+01:00", "resolved", team="L1")]
    import_file(store, write_events(tmp_path / "t.csv", rows), name="t")
    with store.writer() as con:
        con.execute("INSERT INTO metric_scope VALUES (1, 'acknowledgement', false, 'no acknowledgements', 'test')")
    df = compute_clocks(store.reader(), "t", parse_policy(DEFAULT, "p.toml"))
    assert "acknowledgement" not in set(df.metric)  # not applicable, rather than a breach
    assert one(df, "U", "first_response").status == "breached"  # still measured
