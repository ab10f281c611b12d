"""Each import format on a small fixture written from the system's documented export columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.ingest import ImportRefused, import_file
from analytics.reports.native import native_verdicts, native_vs_clocks, unmeasurable_metrics
from analytics.sla.clocks import compute_clocks
from analytics.store.datasets import rejects

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"


def events_of(store, name: str) -> pd.DataFrame:
    return (
        store.reader()
        .execute(
            "SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team, e.to_team, e.agent FROM events e "
            "JOIN datasets d USING (dataset_id) WHERE d.name = ? ORDER BY e.ticket_id, e.seq",
            [name],
        )
        .fetchdf()
    )


def kinds(ev: pd.DataFrame, ticket: str) -> list[str]:
    return ev[ev["ticket_id"] == ticket]["kind"].tolist()


def test_servicenow_audit_export(store):
    r = import_file(store, FIX / "servicenow_audit.csv", name="snow", fmt="servicenow", timezone="Europe/Amsterdam")
    assert "audit-style export" in r.summary() and (r.tickets_new, r.native) == (2, 2)
    assert "groups not in the mapping counted as L1 (rules.default_team): Group 70" in r.summary()
    ev = events_of(store, "snow")
    assert kinds(ev, "INC0000045") == [
        "created",
        "assigned",
        "escalated",
        "paused",
        "resumed",
        "assigned",
        "resolved",
        "closed",
    ]
    esc = ev[(ev["ticket_id"] == "INC0000045") & (ev["kind"] == "escalated")].iloc[0]
    # a change of assignment group (Service Desk -> Network) is a hand-off; 02:10 CET = 01:10 UTC
    assert (esc["team"], esc["to_team"], esc["ts"]) == ("L1", "SYSADMIN", pd.Timestamp("2016-02-29T01:10:00Z"))
    assert kinds(ev, "INC0000047") == [
        "created",
        "assigned",
        "paused",
        "resumed",
        "assigned",
        "resolved",
        "reopened",
        "assigned",
        "resolved",
    ]
    # created at opened_at (29/2/2016 01:16 CET), not at the first update
    assert ev[ev["ticket_id"] == "INC0000045"].iloc[0]["ts"] == pd.Timestamp("2016-02-29T00:16:00Z")
    # INC0000050 has an impossible date (31/2/2016) on line 17: refused whole, with the line
    rj = rejects(store.reader(), "snow").set_index("source_line")
    assert "cannot read sys_updated_at value '31/2/2016 07:00'" in rj.loc[17, "reason"]
    assert "refused whole because line 17" in rj.loc[16, "reason"]
    nat = native_verdicts(store.reader(), "snow").set_index("ticket_id")
    assert nat.loc["INC0000045", "met"] and not nat.loc["INC0000047", "met"]  # latest made_sla per incident


def test_servicenow_list_export_with_labels(store, policy):
    r = import_file(store, FIX / "servicenow_list.csv", name="list", fmt="servicenow", timezone="Europe/Amsterdam")
    assert "list export" in r.summary() and r.tickets_new == 3
    ev = events_of(store, "list")
    assert kinds(ev, "INC0010001") == ["created", "resolved", "closed"] and kinds(ev, "INC0010003") == ["created"]
    teams = ev[ev["kind"] == "created"].set_index("ticket_id")["team"].to_dict()
    assert teams == {"INC0010001": "L1", "INC0010002": "BILLING", "INC0010003": "SYSADMIN"}
    t = store.reader().execute("SELECT ticket_id, channel FROM tickets ORDER BY 1").fetchall()
    assert t == [("INC0010001", "ticket"), ("INC0010002", "ticket"), ("INC0010003", "chat")]
    both = native_vs_clocks(store.reader(), "list", policy).set_index("ticket_id")
    # their made_sla vs our 2 h resolution objective: INC0010001 1 h 28 min -> met both; INC0010002 breached both
    assert both.loc["INC0010001", "our_status"] == "met" and bool(both.loc["INC0010001", "agree"])
    assert both.loc["INC0010002", "our_status"] == "breached" and bool(both.loc["INC0010002", "agree"])
    assert "INC0010003" not in both.index  # '?' is a missing value: no verdict


def test_jira_export_keeps_native_sla_fields(store):
    with pytest.raises(ImportRefused, match=r"no UTC offset.*--timezone"):
        import_file(store, FIX / "jira_export.csv", name="jira", fmt="jira")
    r = import_file(store, FIX / "jira_export.csv", name="jira", fmt="jira", timezone="Europe/Amsterdam")
    assert r.tickets_new == 3 and "dates read as %d/%b/%y %I:%M %p" in r.summary()
    ev = events_of(store, "jira")
    assert ev[ev["ticket_id"] == "HOST-102"]["ts"].tolist() == [
        pd.Timestamp("2024-03-04T21:30:00Z"),
        pd.Timestamp("2024-03-05T13:58:00Z"),
    ]
    nat = native_verdicts(store.reader(), "jira").set_index(["ticket_id", "name"])["met"]
    assert nat[("HOST-101", "Time to resolution")] == True  # noqa: E712 - pandas boolean
    assert nat[("HOST-102", "Time to first response")] == False  # noqa: E712 - '-12m' = breached
    assert pd.isna(nat[("HOST-103", "Time to resolution")])  # still running
    scope = unmeasurable_metrics(store.reader(), "jira")
    assert "first_response" in set(scope["metric"])


def test_zendesk_export(store, policy):
    r = import_file(store, FIX / "zendesk_export.json", name="zd", fmt="zendesk")
    assert r.tickets_new == 2 and r.rejects.empty
    ev = events_of(store, "zd")
    assert kinds(ev, "35436") == [
        "created",
        "customer_reply",
        "resumed",
        "agent_reply",
        "paused",
        "customer_reply",
        "resumed",
        "escalated",
        "agent_reply",
        "internal_note",
        "agent_reply",
        "resolved",
    ]
    esc = ev[ev["kind"] == "escalated"].iloc[0]
    assert (esc["team"], esc["to_team"]) == ("L1", "SYSADMIN")  # group Support -> Sysadmins
    c = compute_clocks(store.reader(), "zd", policy).set_index(["ticket_id", "metric", "cycle"])
    assert c.loc[("35436", "first_response", 1), "elapsed_seconds"] == 6 * 60  # 09:00 -> first public agent reply 09:06
    assert c.loc[("35437", "first_response", 1), "status"] == "breached"  # 25 min
    # the customer wait 09:06 -> 10:00 (pending) is left out of resolution: 110 min - 54 min
    assert c.loc[("35436", "resolution", 1), "elapsed_seconds"] == 56 * 60
    assert store.reader().execute("SELECT channel FROM tickets WHERE ticket_id = '35437'").fetchall() == [("chat",)]


def test_zendesk_refuses_other_json(store, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"results": []}')
    with pytest.raises(ImportRefused, match=r"needs the keys 'tickets' and 'audits'.*found keys: results"):
        import_file(store, path, name="zd", fmt="zendesk")
    assert not store.exists()


def test_xes_eventlog_with_mapping_file(store):
    r = import_file(store, FIX / "small.xes", name="xes", fmt="eventlog", mapping=str(FIX / "xes_mapping.toml"))
    assert r.tickets_new == 1
    ev = events_of(store, "xes")
    assert kinds(ev, "1-364285768") == ["created", "assigned", "escalated", "assigned", "resolved"]
    # the unmapped activity is the 7th event of the file: refused, naming the mapping and the fix
    rj = r.rejects.set_index("source_line")
    assert "activity 'Teleported' is not in the [activities] table of mapping bpic2013-xes" in rj.loc[7, "reason"]
    assert "refused whole because line 7" in rj.loc[5, "reason"]
    assert '"concept:name":"Teleported"' in rj.loc[7, "raw"].replace(" ", "")


def test_broken_xes_is_refused_with_position(store, tmp_path):
    path = tmp_path / "broken.xes"
    path.write_text((FIX / "small.xes").read_text()[:1500])
    with pytest.raises(ImportRefused, match=r"broken.xes: line \d+, column \d+: broken XML"):
        import_file(store, path, name="x", fmt="eventlog", mapping=str(FIX / "xes_mapping.toml"))


def test_csv_format_excel_ticket_table(store, policy, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ticket", "Opened", "First reply", "Solved", "Queue", "Agent", "Channel", "Topic"])
    ws.append(
        [
            "D-1",
            "2026-03-02 10:00:00",
            "2026-03-02 10:04:00",
            "2026-03-02 10:20:00",
            "Billing",
            "Bo",
            "E-mail",
            "Billing",
        ]
    )
    ws.append(["D-2", "2026-03-02 11:00:00", "2026-03-02 11:30:00", None, "First line", "Al", "Live chat", "VPS"])
    ws.append(["D-3", "2026-03-02 12:00:00", None, None, "Night shift", "Al", "Portal", "Other"])
    path = tmp_path / "desk.xlsx"
    wb.save(path)
    r = import_file(store, path, name="desk", fmt="csv", mapping=str(FIX / "tickets_mapping.toml"))
    assert r.tickets_new == 2
    assert "group 'Night shift' (Queue) is not in the [teams] table" in r.rejects.iloc[0]["reason"]
    assert r.rejects.iloc[0]["source_line"] == 4
    t = store.reader().execute("SELECT ticket_id, channel, complexity FROM tickets ORDER BY 1").fetchall()
    assert t == [("D-1", "ticket", "simple"), ("D-2", "chat", "standard")]
    c = compute_clocks(store.reader(), "desk", policy).set_index(["ticket_id", "metric"])
    assert c.loc[("D-1", "first_response"), "elapsed_seconds"] == 240
    assert c.loc[("D-1", "resolution"), "status"] == "met"  # 20 min, simple: 30 min


def test_csv_and_eventlog_need_a_mapping(store):
    with pytest.raises(ImportRefused, match=r"--format eventlog needs --mapping.*bpic2013"):
        import_file(store, FIX / "servicenow_list.csv", name="x", fmt="eventlog")
    with pytest.raises(ImportRefused, match="unknown mapping 'bpic2031'; presets: bpic2013"):
        import_file(store, FIX / "servicenow_list.csv", name="x", fmt="csv", mapping="bpic2031")
