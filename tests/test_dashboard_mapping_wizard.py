"""The Data page's "map columns by hand" wizard with AppTest: upload a ticket table, map its columns,
preview, import; the dataset then has the tickets and clocks the mapping says."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from test_dashboard_apptest import kpi, run_app

from analytics import api
from analytics.ingest import import_file
from analytics.store.database import Store

# A helpdesk's ticket list, one row per ticket, local times without an offset. INC-1003 is still open.
DESK_CSV = """id,opened,resolved,group,type
INC-1001,2026-03-02 09:00,2026-03-02 09:20,Service Desk,Billing
INC-1002,2026-03-02 09:30,2026-03-02 11:00,Service Desk,VPS
INC-1003,2026-03-02 10:15,,Sysadmins,Server
INC-1004,2026-03-03 14:00,2026-03-03 14:25,Billing,Billing
INC-1005,2026-03-03 15:00,2026-03-03 18:30,Sysadmins,Server
INC-1006,2026-03-04 08:05,2026-03-04 08:50,Service Desk,Billing
"""


def clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def select(at, key: str, value) -> None:
    at.selectbox(key=key).set_value(value)


@pytest.fixture
def wizard(tmp_path, monkeypatch):
    """The Data page with DESK_CSV uploaded, format csv, columns mapped by hand."""
    store = Store(tmp_path / "data" / "sla.duckdb")
    at = run_app(store.path, monkeypatch, page="data")
    at.file_uploader(key="upload").set_value(("desk-tickets.csv", DESK_CSV.encode(), "text/csv")).run()
    select(at, "import_format", "csv")
    at.run()
    assert at.selectbox(key="import_mapping_csv").value == "(map columns by hand)"
    at.radio(key="map_shape").set_value("tickets")
    select(at, "map_case", "id")
    select(at, "map_event_created", "opened")
    select(at, "map_event_resolved", "resolved")
    select(at, "map_group", "group")
    select(at, "map_attr_category", "type")
    select(at, "map_attr_complexity", "type")
    select(at, "map_timezone", "Europe/Amsterdam")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield at, store
    store.close()


def test_map_columns_by_hand_preview_and_import(wizard):
    at, store = wizard
    # value maps: one selectbox per distinct value, keyed by column and value
    select(at, "map_team:group:Service Desk", "L1")
    select(at, "map_team:group:Sysadmins", "SYSADMIN")
    select(at, "map_team:group:Billing", "BILLING")
    select(at, "map_value:complexity:type:Billing", "simple")
    select(at, "map_value:complexity:type:VPS", "standard")
    select(at, "map_value:complexity:type:Server", "complex")
    at.run()
    clean(at)
    # the preview: every row read, every ticket valid, first rows as canonical events
    assert kpi(at, "Rows read") == "6" and kpi(at, "Tickets to import") == "6" and kpi(at, "Rows refused") == "0"
    head = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    first = head[head["ticket_id"] == "INC-1001"].set_index("kind")
    assert first.loc["created", "at"].startswith("2026-03-02T08:00:00")  # 09:00 Amsterdam = 08:00 UTC
    assert first.loc["created", "team"] == "L1" and first.loc["created", "complexity"] == "simple"
    command = next(c.value for c in at.code if c.value.startswith("sla import"))
    assert "--format csv --mapping" in command and "desk-tickets.toml" in command
    at.button(key="do_import").click().run()
    clean(at)
    assert any("6 new tickets" in s.value for s in at.success)
    assert at.sidebar.selectbox(key="dataset").value == "desk-tickets"
    assert any(c.value == command for c in at.code)
    store.close()

    fresh = Store(store.path)
    datasets = api.datasets(fresh).set_index("name")
    assert int(datasets.loc["desk-tickets", "tickets"]) == 6
    clocks = api.clocks(fresh, "desk-tickets").set_index(["ticket_id", "metric"])
    res = clocks.loc[("INC-1001", "resolution")]
    assert (res["status"], res["elapsed_seconds"], res["target_seconds"]) == ("met", 1200, 1800)  # simple: 30 min
    assert clocks.loc[("INC-1002", "resolution"), "status"] == "met"  # standard, 1 h 30 min of 2 h
    assert clocks.loc[("INC-1005", "resolution"), "team"] == "SYSADMIN"
    # a ticket table cannot measure acknowledgements: no such clocks rather than breaches
    assert "acknowledgement" not in set(clocks.index.get_level_values("metric"))

    # the saved mapping repeats the import: the same file with it changes nothing
    mapping = store.path.parent / "mappings" / "desk-tickets.toml"
    assert mapping.is_file() and 'shape = "tickets"' in mapping.read_text()
    upload = next(Path(p) for p in (store.path.parent / "uploads").glob("*-desk-tickets.csv"))
    assert not list((store.path.parent / "uploads").glob("*.toml"))  # drafts are not kept
    again = import_file(fresh, upload, name="desk-tickets", fmt="csv", mapping=str(mapping))
    assert again.already_imported
    fresh.close()
    # and so does the command shown on the page
    sla = str(Path(sys.executable).with_name("sla"))
    run = subprocess.run([sla, *shlex.split(command)[1:]], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "already imported" in run.stdout, run.stderr


def test_a_row_without_its_creation_time_is_refused_with_its_line(wizard):
    at, _ = wizard
    select(at, "map_team_default:group", "(refuse those rows)")  # every group is listed: nothing changes
    at.run()
    clean(at)
    assert kpi(at, "Rows refused") == "0"
    select(at, "map_event_created", "resolved")  # INC-1003 (line 4) has no resolution time
    at.run()
    clean(at)
    assert kpi(at, "Rows refused") == "1" and kpi(at, "Tickets to import") == "5"
    rejects = next(d.value for d in at.dataframe if "Line" in d.value.columns)
    assert rejects["Line"].tolist() == ["4"] and "empty resolved" in rejects["Reason"].iloc[0]


def test_offset_less_times_without_a_timezone_are_an_error_message(wizard):
    at, _ = wizard
    select(at, "map_timezone", "(the times carry a UTC offset)")
    at.run()
    assert not at.exception
    assert any("have no UTC offset" in i.value for i in at.info)
    assert len(at.error) == 1 and "cannot be imported as csv" in at.error[0].value
    assert not any(b.key == "do_import" for b in at.button)


def test_a_workbook_sheet_is_picked_and_kept_in_the_mapping(tmp_path, monkeypatch):
    """An Excel workbook with several sheets: the wizard asks which one holds the table, profiles
    that sheet, and the saved mapping names it, so the import and the shown command read it."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active.append(["This workbook was exported from the helpdesk"])
    sheet = wb.create_sheet("Tickets")
    for row in DESK_CSV.strip().splitlines():
        sheet.append([v or None for v in row.split(",")])
    data = io.BytesIO()
    wb.save(data)
    store = Store(tmp_path / "data" / "sla.duckdb")
    at = run_app(store.path, monkeypatch, page="data")
    at.file_uploader(key="upload").set_value(("desk.xlsx", data.getvalue(), "application/vnd.ms-excel")).run()
    select(at, "import_format", "csv")
    at.run()
    assert at.selectbox(key="map_sheet").options == ["Read me", "Tickets"]
    select(at, "map_sheet", "Tickets")
    at.run()
    at.radio(key="map_shape").set_value("tickets")
    select(at, "map_case", "id")
    select(at, "map_event_created", "opened")
    select(at, "map_timezone", "Europe/Amsterdam")
    at.run()
    clean(at)
    assert kpi(at, "Rows read") == "6" and kpi(at, "Tickets to import") == "6"
    at.button(key="do_import").click().run()
    clean(at)
    assert any("6 new tickets" in s.value for s in at.success)
    assert 'sheet = "Tickets"' in (store.path.parent / "mappings" / "desk.toml").read_text()
    store.close()


LINES_CSV = """case,time,status,queue,agent
T-9,2026-03-02T10:00:00+01:00,New,Desk,?
T-9,2026-03-02T10:05:00+01:00,In progress,Sysadmins,bob
T-9,2026-03-02T10:30:00+01:00,In progress,DC Amsterdam,?
T-9,2026-03-02T11:00:00+01:00,Solved,DC Amsterdam,eve
"""


def test_an_event_log_gets_support_lines_and_missing_markers(tmp_path, monkeypatch):
    """One row per event with a group column: the wizard offers support lines from the policy's tiers
    (a move down a line is a hand-off, not an escalation) and values that mean 'no value'."""
    store = Store(tmp_path / "data" / "sla.duckdb")
    at = run_app(store.path, monkeypatch, page="data")
    at.file_uploader(key="upload").set_value(("lines.csv", LINES_CSV.encode(), "text/csv")).run()
    select(at, "import_format", "csv")
    at.run()
    at.radio(key="map_shape").set_value("events").run()
    for key, value in (
        ("map_case", "case"),
        ("map_timestamp", "time"),
        ("map_activity", "status"),
        ("map_group", "queue"),
        ("map_resource", "agent"),
    ):
        select(at, key, value)
    at.run()
    for value, kind in (("New", "none"), ("In progress", "assigned"), ("Solved", "resolved")):
        select(at, f"map_kind:status:{value}", kind)
    for value, team in (("Desk", "L1"), ("Sysadmins", "SYSADMIN"), ("DC Amsterdam", "DC-NL")):
        select(at, f"map_team:queue:{value}", team)
    at.text_input(key="map_missing").set_value("?").run()
    clean(at)
    assert at.checkbox(key="map_levels").value is True
    text = next(c.value for c in at.code if c.language == "toml")
    assert '[levels]\n"DC Amsterdam" = 2\nDesk = 1\nSysadmins = 3' in text
    assert 'missing = [\n    "",\n    "?",\n]' in text
    at.button(key="do_import").click().run()
    clean(at)
    rows = store.reader().execute("SELECT kind, team, to_team, agent FROM events ORDER BY seq").fetchall()
    assert ("assigned", "DC-NL", None, None) in rows and ("escalated", "L1", "SYSADMIN", "bob") in rows
    assert not any(r[0] == "escalated" and r[2] == "DC-NL" for r in rows) and rows[0][3] is None
    store.close()
