"""Property test: the SQL clock engine agrees with a brute-force Python oracle on random tickets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from clock_oracle import Ev, oracle_clocks
from conftest import write_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.ingest import import_file
from analytics.sla.clocks import compute_clocks
from analytics.store.database import Store

TEAMS = ["L1", "SYSADMIN", "BILLING", "MGMT", "DC-CA"]
KINDS = [
    "acknowledged",
    "agent_reply",
    "customer_reply",
    "internal_note",
    "assigned",
    "escalated",
    "approval_requested",
    "approval_granted",
    "estimate",
    "paused",
    "resumed",
    "resolved",
    "reopened",
    "closed",
]
BASE = datetime(2026, 3, 5, 18, 0, tzinfo=UTC)  # Thursday evening: spans cross nights, a weekend, DST (8 Mar)


@st.composite
def tickets(draw):
    n = draw(st.integers(1, 4))
    out = []
    for t in range(n):
        start = BASE + timedelta(minutes=draw(st.integers(0, 3000)))
        complexity = draw(st.sampled_from(["simple", "standard", "complex", "custom", None]))
        channel = draw(st.sampled_from(["ticket", "chat"]))
        events = [dict(kind="created", team="L1", at=start, channel=channel, complexity=complexity)]
        at = start
        for _ in range(draw(st.integers(0, 9))):
            at = at + timedelta(minutes=draw(st.integers(0, 400)))
            kind = draw(st.sampled_from(KINDS))
            e = dict(kind=kind, at=at, team=draw(st.sampled_from([*TEAMS, None])))
            if kind in ("escalated", "approval_requested"):
                e["to_team"] = draw(st.sampled_from(TEAMS))
            if kind == "estimate":
                e["due_at"] = at + timedelta(minutes=draw(st.integers(0, 600)))
            events.append(e)
        out.append((f"T{t}", channel, complexity, events))
    return out


def _fmt(x):
    return x.isoformat() if isinstance(x, datetime) else x


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=tickets(), as_of_shift=st.integers(-600, 600))
def test_engine_matches_oracle(tmp_path_factory, policy, data, as_of_shift):
    tmp = tmp_path_factory.mktemp("oracle")
    rows = []
    for tid, _channel, _complexity, events in data:
        for e in events:
            rows.append({"ticket_id": tid, **{k: _fmt(v) for k, v in e.items()}})
    store = Store(tmp / "db.duckdb")
    import_file(store, write_events(tmp / "t.csv", rows), name="t", policy=policy)
    last = max(e["at"] for _, _, _, evs in data for e in evs)
    first = min(e["at"] for _, _, _, evs in data for e in evs)
    as_of = max(first, last + timedelta(minutes=as_of_shift))
    got = compute_clocks(store.reader(), "t", policy, as_of)
    store.close()
    expected = {}
    for tid, channel, complexity, events in data:
        evs = [
            Ev(i + 1, e["at"], e["kind"], e.get("team"), e.get("to_team"), e.get("due_at"))
            for i, e in enumerate(events)
        ]
        if evs[0].ts > as_of:
            continue
        for key, value in oracle_clocks(policy, evs, channel, complexity, as_of).items():
            expected[(tid, *key)] = value
    got_keys = {(r.ticket_id, r.metric, r.cycle) for r in got.itertuples()}
    assert got_keys == set(expected)
    for r in got.itertuples():
        exp = expected[(r.ticket_id, r.metric, r.cycle)]
        ctx = f"{r.ticket_id} {r.metric} {r.cycle}: got {r._asdict()} expected {exp}"
        assert r.status == exp["status"], ctx
        assert abs(r.elapsed_seconds - exp["elapsed_seconds"]) < 1e-6, ctx
        assert (r.team if pd.notna(r.team) else None) == exp["team"], ctx
        if exp["breached_at"] is None:
            assert pd.isna(r.breached_at), ctx
        else:
            assert r.breached_at == pd.Timestamp(exp["breached_at"]), ctx
