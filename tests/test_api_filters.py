"""The analytics API behind the dashboard: filters are bound (never SQL text), numbers agree with a
plain pandas restatement over all clocks, and the fact cache is safe under concurrent use."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pandas as pd
import pytest
from conftest import ticket, write_events

from analytics import api
from analytics.ingest import import_file
from analytics.reports.filters import Filters, where
from analytics.sla import facts as factcache
from analytics.sla.policy import load_policy
from analytics.sla.policy_tables import with_targets
from analytics.store.database import Store

REPORT_TZ = "Europe/Amsterdam"


def _oracle(clocks: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Compliance per metric restated in pandas over every clock of the dataset."""
    day = clocks["started_at"].dt.tz_convert(REPORT_TZ).dt.date
    keep = pd.Series(True, index=clocks.index)
    if f.start:
        keep &= day >= f.start
    if f.end:
        keep &= day <= f.end
    for col, values in (("team", f.teams), ("channel", f.channels), ("complexity", f.complexities)):
        if values:
            keep &= clocks[col].isin(values)
    df = clocks[keep]
    out = df.groupby("metric")["status"].value_counts().unstack(fill_value=0)
    for col in ("met", "breached", "pending"):
        if col not in out:
            out[col] = 0
    out["compliance_pct"] = (100 * out["met"] / (out["met"] + out["breached"]).replace(0, pd.NA)).astype(float).round(2)
    return out[["met", "breached", "pending", "compliance_pct"]]


@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(channels=("chat",)),
        Filters(teams=("SYSADMIN", "DC-CA")),
        Filters(complexities=("standard", "custom")),
        Filters(start=date(2026, 3, 9), end=date(2026, 3, 15)),
        Filters(start=date(2026, 3, 2), end=date(2026, 3, 8), channels=("ticket",), teams=("L1",)),
    ],
    ids=lambda f: f.describe(),
)
def test_filtered_compliance_matches_pandas_oracle(sample_store, f):
    got = api.compliance(sample_store, "sample", filters=f).set_index("metric")
    expected = _oracle(api.clocks(sample_store, "sample"), f)
    assert sorted(got.index) == sorted(expected.index)
    for metric in expected.index:
        assert (
            got.loc[metric, ["met", "breached", "pending"]].tolist()
            == expected.loc[metric, ["met", "breached", "pending"]].tolist()
        )
        a, b = got.loc[metric, "compliance_pct"], expected.loc[metric, "compliance_pct"]
        assert (pd.isna(a) and pd.isna(b)) or a == pytest.approx(b)


def test_cached_compliance_equals_the_engine_without_cache(sample_store):
    from analytics.reports.compliance import compliance

    direct = compliance(sample_store.reader(), "sample", "metric,team")
    cached = api.compliance(sample_store, "sample", by="metric,team")
    pd.testing.assert_frame_equal(direct.reset_index(drop=True), cached.reset_index(drop=True))


def test_filter_values_are_bound_never_spliced():
    evil = "x' OR 1=1 --"
    text, params = where(Filters(teams=(evil,), categories=(evil,)), "clocks")
    assert evil not in text and "'" not in text
    assert params == {"f_teams": [evil], "f_categories": [evil]}


def test_injection_attempt_matches_nothing(sample_store):
    evil = "x' OR 1=1 --"
    assert api.compliance(sample_store, "sample", filters=Filters(teams=(evil,))).empty
    assert api.ticket_search(sample_store, "sample", text="%' OR 1=1 --").empty
    assert len(api.ticket_search(sample_store, "sample", text="_")) == 0  # "_" is literal, not a wildcard
    assert set(api.ticket_search(sample_store, "sample", text="e1")["ticket_id"]) == {
        "E1-friday-night-sysadmin",
        "E10-approval",
        "E11-still-open",
    }


def test_bad_filters_are_refused_with_a_message():
    with pytest.raises(ValueError, match="unknown channel"):
        Filters(channels=("fax",))
    with pytest.raises(ValueError, match="starts"):
        Filters(start=date(2026, 3, 9), end=date(2026, 3, 1))


def test_kpis_compare_with_the_previous_period(sample_store):
    f = Filters(start=date(2026, 3, 9), end=date(2026, 3, 15))
    kpis = api.kpis(sample_store, "sample", filters=f).set_index("metric")
    before = api.compliance(
        sample_store, "sample", filters=Filters(start=date(2026, 3, 2), end=date(2026, 3, 8))
    ).set_index("metric")
    ack = kpis.loc["acknowledgement"]
    assert ack["previous_pct"] == before.loc["acknowledgement", "compliance_pct"] == 100.0
    assert ack["compliance_pct"] == pytest.approx(83.33)
    assert ack["change_pts"] == pytest.approx(-16.67)
    assert api.kpis(sample_store, "sample")["change_pts"].isna().all()  # no range: nothing to compare


def test_volume_and_backlog(sample_store):
    v = api.backlog_and_volume(sample_store, "sample")
    assert v["tickets"] == 14 and v["open_tickets"] == 1  # E11-still-open
    res = api.clocks(sample_store, "sample")
    done = res[(res["metric"] == "resolution") & res["stopped_at"].notna()]["elapsed_seconds"]
    assert v["median_resolution_seconds"] == pytest.approx(done.quantile(0.5))
    assert v["p90_resolution_seconds"] == pytest.approx(done.quantile(0.9))


def test_breach_lists_heatmap_and_reasons_agree(sample_store):
    clocks = api.clocks(sample_store, "sample")
    n = int((clocks["status"] == "breached").sum())
    full = api.breaches(sample_store, "sample")
    assert len(full) == n and full["breached_at"].is_monotonic_decreasing
    assert len(api.breaches(sample_store, "sample", limit=3)) == 3
    grid = api.breach_hour_of_week(sample_store, "sample")
    assert len(grid) == 168 and grid["breaches"].sum() == n
    reasons = api.breach_reasons(sample_store, "sample", limit=100)
    assert reasons["breaches"].sum() == n
    assert api.status_counts(sample_store, "sample")["pending"] == int((clocks["status"] == "pending").sum())


def test_resolution_percentiles_and_distribution(sample_store):
    clocks = api.clocks(sample_store, "sample")
    done = clocks[(clocks["metric"] == "resolution") & clocks["stopped_at"].notna()]
    pct = api.resolution_percentiles(sample_store, "sample").set_index("complexity")
    assert pct.loc["all", "cycles"] == len(done)
    assert pct.loc["all", "p90_seconds"] == pytest.approx(done["elapsed_seconds"].quantile(0.9))
    std = done[done["complexity"] == "standard"]["elapsed_seconds"]
    assert pct.loc["standard", "p50_seconds"] == pytest.approx(std.quantile(0.5))
    ecdf = api.resolution_distribution(sample_store, "sample")
    std_curve = ecdf[ecdf["complexity"] == "standard"]
    assert len(std_curve) == 101 and std_curve["seconds"].is_monotonic_increasing
    assert std_curve["seconds"].iloc[-1] == pytest.approx(std.max())


@pytest.fixture(scope="module")
def bounce_store(tmp_path_factory) -> Store:
    """Three tickets: one bounced L1 -> SYSADMIN -> L1 -> SYSADMIN, one taken in by SYSADMIN, one plain."""
    tmp = tmp_path_factory.mktemp("bounce")
    t0 = pd.Timestamp("2026-03-03T10:00:00+01:00")

    def at(m):
        return (t0 + pd.Timedelta(minutes=m)).isoformat()

    rows = [
        *ticket("B1", at(0), complexity="standard")[:3],
        {"ticket_id": "B1", "at": at(10), "kind": "escalated", "team": "L1", "to_team": "SYSADMIN", "reason": "server"},
        {"ticket_id": "B1", "at": at(12), "kind": "agent_reply", "team": "L1"},
        {"ticket_id": "B1", "at": at(30), "kind": "escalated", "team": "SYSADMIN", "to_team": "L1", "reason": "volume"},
        {"ticket_id": "B1", "at": at(40), "kind": "escalated", "team": "L1", "to_team": "SYSADMIN", "reason": "server"},
        {"ticket_id": "B1", "at": at(50), "kind": "agent_reply", "team": "SYSADMIN"},
        {"ticket_id": "B1", "at": at(90), "kind": "resolved", "team": "SYSADMIN"},
        *ticket("S1", at(5), team="SYSADMIN"),
        *ticket("P1", at(7)),
    ]
    store = Store(tmp / "b.duckdb")
    import_file(store, write_events(tmp / "b.csv", rows), name="b")
    store.close()
    return store


def test_escalation_flows_bounces_and_skipped_l1(bounce_store):
    flows = api.escalation_flows(bounce_store, "b").set_index(["from_team", "to_team"])
    assert flows.loc[("L1", "SYSADMIN"), "handoffs"] == 2 and flows.loc[("L1", "SYSADMIN"), "bounces"] == 1
    assert flows.loc[("SYSADMIN", "L1"), "bounces"] == 1  # back to the intake team
    counts = api.escalation_findings(bounce_store, "b")
    assert (counts["tickets"], counts["escalated"], counts["bounced"], counts["skipped_l1"]) == (3, 1, 1, 1)
    assert list(api.finding_tickets(bounce_store, "b", "bounced")["ticket_id"]) == ["B1"]
    assert list(api.finding_tickets(bounce_store, "b", "skipped_l1")["ticket_id"]) == ["S1"]
    assert api.finding_tickets(bounce_store, "b", "bounced")["path"].iloc[0] == "L1 → SYSADMIN → L1 → SYSADMIN"
    pickup = api.pickup_times(bounce_store, "b").set_index("to_team")
    assert pickup.loc["SYSADMIN", "handoffs"] == 2
    rate = api.escalation_rate(bounce_store, "b")
    assert rate.set_index("reason").loc["server", "rate_pct"] == pytest.approx(100 / 3, abs=0.01)
    # the team filter keeps hand-offs from or to the team
    only_l1 = api.escalation_flows(bounce_store, "b", filters=Filters(teams=("L1",)))
    assert only_l1["handoffs"].sum() == 3


def test_ticket_timeline(sample_store):
    tl = api.ticket_timeline(sample_store, "sample", "E4-paused")
    assert list(tl.events["kind"])[:4] == ["created", "acknowledged", "agent_reply", "paused"]
    assert len(tl.pauses) == 1 and not tl.pauses["still_paused"].any()
    clocks = api.clocks(sample_store, "sample")
    assert len(tl.clocks) == int((clocks["ticket_id"] == "E4-paused").sum())
    assert tl.summary["is_open"] == False  # noqa: E712 - numpy bool
    missing = api.ticket_timeline(sample_store, "sample", "nope")
    assert missing.events.empty and missing.summary is None


def test_what_if_target_recomputes_on_the_same_history(sample_store):
    policy = load_policy()
    now = api.compliance(sample_store, "sample", policy=policy).set_index("metric")
    strict = with_targets(policy, "first_response", ["3min"])
    then = api.compliance(sample_store, "sample", policy=strict).set_index("metric")
    clocks = api.clocks(sample_store, "sample")
    fr = clocks[clocks["metric"] == "first_response"]
    assert then.loc["first_response", "breached"] == int((fr["elapsed_seconds"] > 180).sum())
    assert then.loc["first_response", "compliance_pct"] < now.loc["first_response", "compliance_pct"]
    assert then.loc["resolution"].tolist() == now.loc["resolution"].tolist()
    with pytest.raises(ValueError, match="first_response target"):
        with_targets(policy, "first_response", ["soon"])


def test_concurrent_readers_get_the_same_answers(sample_store):
    """Sixteen calls from eight threads while the cache is cold: one build, every answer right."""
    chat = Filters(channels=("chat",))
    expected = {
        None: api.compliance(sample_store, "sample", by="metric,team"),
        chat: api.compliance(sample_store, "sample", by="metric,team", filters=chat),
    }
    factcache.clear()
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(
                lambda i: (
                    chat if i % 2 else None,
                    api.compliance(sample_store, "sample", by="metric,team", filters=chat if i % 2 else None),
                ),
                range(16),
            )
        )
    for f, df in results:
        pd.testing.assert_frame_equal(df, expected[f])
    assert len(factcache._entries) == 1


def test_a_new_import_is_seen_at_once(tmp_path):
    store = Store(tmp_path / "n.duckdb")
    import_file(store, write_events(tmp_path / "a.csv", ticket("A1")), name="n")
    assert api.backlog_and_volume(store, "n")["tickets"] == 1
    import_file(store, write_events(tmp_path / "b.csv", ticket("A2") + ticket("A3")), name="n")
    assert api.backlog_and_volume(store, "n")["tickets"] == 3
    store.close()
