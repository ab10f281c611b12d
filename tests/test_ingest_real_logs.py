"""The two public logs import with their presets: counts, order, escalations and hand-checked clocks."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATASETS

from analytics.ingest import import_file
from analytics.reports.native import unmeasurable_metrics
from analytics.sla.clocks import compute_clocks

BPI = DATASETS / "bpic2013-volvo-incidents" / "VINST-new.csv.gz"
HELPDESK = DATASETS / "helpdesk-italian" / "finale.csv.gz"


def _need(path):
    if not path.is_file():
        pytest.skip(f"{path} not found: the public logs are read from ../shared/datasets beside the checkout")


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    from analytics.store.database import Store

    _need(BPI)
    _need(HELPDESK)
    store = Store(tmp_path_factory.mktemp("real") / "sla.duckdb")
    bpi = import_file(store, BPI, name="bpi", fmt="eventlog", mapping="bpic2013")
    hd = import_file(store, HELPDESK, name="helpdesk", fmt="eventlog", mapping="helpdesk-italian")
    yield store, bpi, hd
    store.close()


def _clocks(store, name, policy, ticket):
    c = compute_clocks(store.reader(), name, policy)
    return c[c["ticket_id"] == ticket].set_index(["metric", "cycle"])


def test_bpi_ticket_count_and_rows(real_store):
    store, bpi, _ = real_store
    assert (bpi.rows_read, bpi.tickets_new, len(bpi.rejects)) == (65533, 7554, 0)
    con = store.reader()
    assert (
        con.execute(
            "SELECT count(*) FROM tickets t JOIN datasets d USING (dataset_id) WHERE d.name = 'bpi'"
        ).fetchall()[0][0]
        == 7554
    )


def test_helpdesk_ticket_count_and_duplicates(real_store):
    _, _, hd = real_store
    assert (hd.rows_read, hd.tickets_new) == (21348, 4580)
    # the log repeats some rows exactly; each repeat is refused on its own, its ticket kept
    assert len(hd.rejects) == 126 and set(hd.rejects["reason"].str.slice(0, 12)) == {"duplicate of"}
    assert hd.rejects.iloc[0]["source_line"] == 81 and hd.rejects.iloc[0]["reason"] == "duplicate of line 80"
    assert "read as Europe/Rome (mapping helpdesk-italian)" in hd.summary()


def test_events_are_ordered_and_start_with_created(real_store):
    store, _, _ = real_store
    con = store.reader()
    out_of_order, not_created_first = con.execute("""
        SELECT count(*) FILTER (WHERE ts < prev), count(*) FILTER (WHERE seq = 1 AND kind <> 'created')
        FROM (SELECT *, lag(ts) OVER (PARTITION BY dataset_id, ticket_id ORDER BY seq) AS prev FROM events)
    """).fetchall()[0]
    assert (out_of_order, not_created_first) == (0, 0)


def test_bpi_escalations_between_support_lines(real_store):
    store, _, _ = real_store
    con = store.reader()
    esc = dict(
        con.execute("""SELECT detail, count(*) FROM events e JOIN datasets d USING (dataset_id)
                              WHERE d.name = 'bpi' AND e.kind = 'escalated' GROUP BY 1""").fetchall()
    )
    assert esc["L1 -> L2"] > 2000 and esc["L2 -> L3"] > 100 and "L2 -> L1" not in esc
    # the first incident goes L1 -> L3 at the queueing for the 3rd line (16:45:48+01:00)
    row = con.execute(
        "SELECT ts, team, to_team, detail FROM events WHERE ticket_id = '1-364285768' "
        "AND kind = 'escalated' ORDER BY seq LIMIT 1"
    ).fetchall()[0]
    assert row[0] == pd.Timestamp("2010-03-31T15:45:48Z") and row[1:] == ("L1", "SYSADMIN", "L1 -> L3")


def test_bpi_hand_checked_clocks(real_store, policy):
    store, _, _ = real_store
    c = _clocks(store, "bpi", policy, "1-364285768")
    # resolution cycle 1: created 2010-03-31 15:59:42+01 -> Completed-Resolved 2010-04-06 15:44:51+01, no waits
    assert c.loc[("resolution", 1), "elapsed_seconds"] == 5 * 86400 + 23 * 3600 + 45 * 60 + 9
    # reopened when re-queued 16 s later; cycle 2 ends at the final resolution two years on
    r2 = c.loc[("resolution", 2)]
    assert r2["started_at"] == pd.Timestamp("2010-04-06T14:45:07Z")
    assert r2["elapsed_seconds"] == (pd.Timestamp("2012-05-03T09:10:12Z") - r2["started_at"]).total_seconds()
    # hand-off to SYSADMIN (Mon-Fri 08-22 Amsterdam): Wed 17:45:48 -> 22:00, Thu 14 h, Good Friday and
    # Easter Monday closed (NL holidays), Tue 08:00 -> 16:44:07 local
    assert c.loc[("handoff_pickup", 1), "elapsed_seconds"] == (4 * 3600 + 14 * 60 + 12) + 14 * 3600 + (
        8 * 3600 + 44 * 60 + 7
    )


def test_helpdesk_hand_checked_clock_and_scope(real_store, policy):
    store, _, _ = real_store
    c = _clocks(store, "helpdesk", policy, "Case 1")
    # 2012/10/09 14:50:17 Rome (CEST) -> Resolve ticket 2012/10/25 11:54:26 Rome, no waits
    assert c.loc[("resolution", 1), "elapsed_seconds"] == 15 * 86400 + 21 * 3600 + 4 * 60 + 9
    assert c.loc[("resolution", 1), "started_at"] == pd.Timestamp("2012-10-09T12:50:17Z")
    scope = unmeasurable_metrics(store.reader(), "helpdesk")
    assert set(scope["metric"]) == {"acknowledgement", "first_response", "status_update", "escalation_notice"}


def test_helpdesk_require_upgrade_escalates(real_store):
    store, _, _ = real_store
    con = store.reader()
    n, teams = con.execute("""SELECT count(*), list(DISTINCT to_team) FROM events e JOIN datasets d USING (dataset_id)
                              WHERE d.name = 'helpdesk' AND e.kind = 'escalated'""").fetchall()[0]
    assert n == 119 and teams == ["SYSADMIN"]  # one per "Require upgrade" row
