"""No instant and no ticket id can break a dataset; a huge policy target gets a one-line message.

Imports refuse, row by row with line and reason, instants outside the plausible window, DuckDB's
special words, signed years and offsets beyond ±14:00, and ids or names with control or invisible
characters, on every import path. The clock engine leaves out the tickets of an older database that
still hold such an instant, with one warning line, and stays fast.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_events

from analytics.ingest import ImportRefused, import_file
from analytics.instants import instant_window
from analytics.sla import facts as factcache
from analytics.sla.clocks import EmptyDataset, LeftOutTickets, compute_clocks
from analytics.sla.policy import PolicyError, load_policy
from analytics.sla.policy_tables import with_targets
from analytics.store.database import Store
from sla.cli import main

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
DEFAULT_POLICY = load_policy()


def digest(store: Store) -> str | None:
    return hashlib.sha256(store.path.read_bytes()).hexdigest() if store.exists() else None


def ticket(tid: str, start: str, channel: str = "ticket", complexity: str = "simple", **after) -> list[dict]:
    """A ticket created at ``start`` (text as given) and the events of ``after`` (kind=minutes later)."""
    rows = [{"ticket_id": tid, "at": start, "kind": "created", "team": "L1", "channel": channel,
             "complexity": complexity, "category": "billing"}]  # fmt: skip
    kinds = {"ack": "acknowledged", "reply": "agent_reply", "resolve": "resolved"}
    for key, seconds in after.items():
        at = (pd.Timestamp(start) + pd.Timedelta(seconds=seconds)).isoformat()
        rows.append({"ticket_id": tid, "at": at, "kind": kinds[key], "team": "L1", "agent": "anna"})
    return rows


def three_tickets(tmp_path: Path, at: str = "2026-03-02T10:00:00+01:00", name: str = "events.csv", **extra) -> Path:
    """T1 and T3 are fine; T2's created row (line 5) has ``at`` and the other values of ``extra``."""
    rows = ticket("T1", "2026-03-02T10:00:00+01:00", "ticket", "simple", ack=60, reply=300)
    bad = ticket("T2", at, "ticket", "simple")[0]
    bad.update(extra)
    rows.append(bad)  # line 5
    rows += ticket("T3", "2026-03-02T11:00:00+01:00", "chat", "standard", reply=120)
    return write_events(tmp_path / name, rows)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def rejects_of(store: Store, dataset: str) -> dict[int, str]:
    rows = (
        store.reader()
        .execute(
            "SELECT source_line, reason FROM import_rejects r JOIN datasets d USING (dataset_id) WHERE d.name = ?",
            [dataset],
        )
        .fetchall()
    )
    return dict(rows)


# --- 1. instants at import ------------------------------------------------------------------------------

BAD_INSTANTS = [
    ("9999-01-01T00:00:00Z", "outside the plausible window 1990-01-01 to "),
    ("0001-01-01T00:00:00", "outside the plausible window"),
    ("-0044-03-15T00:00:00", "has a signed year"),
    ("infinity", "special words such as epoch, infinity or now are refused"),
    ("-infinity", "special words such as epoch, infinity or now are refused"),
    ("epoch", "special words such as epoch, infinity or now are refused"),
    ("2026-03-02T10:00:00+25:00", "UTC offset beyond ±14:00"),
    ("2026-03-02T10:00:00-14:30", "UTC offset beyond ±14:00"),
    ("2026-03-02T10:00:00+1401", "UTC offset beyond ±14:00"),
    ("2026-03-02 10:00+15", "UTC offset beyond ±14:00"),
    ("2026-03-02T10:00:00+05:75", "more than 59 minutes"),
    ("2100-01-01T00:00:00Z", "outside the plausible window"),
    ("4000-01-01T00:00:00Z", "outside the plausible window"),
]


@pytest.mark.parametrize("value,reason", BAD_INSTANTS)
def test_bad_instants_are_refused_row_by_row_and_the_dataset_works(store, tmp_path, capsys, value, reason):
    path = three_tickets(tmp_path, value)
    result = import_file(store, path, name="x", timezone="UTC")
    assert (result.tickets_new, len(result.rejects)) == (2, 1)
    assert reason in rejects_of(store, "x")[5]
    assert value in rejects_of(store, "x")[5]
    for command in ("compliance", "clocks"):
        code, out, err = run(capsys, command, "--db", store.path, "--dataset", "x")
        assert (code, err) == (0, "")
        assert "acknowledgement" in out


def test_offsets_up_to_fourteen_hours_are_accepted(store, tmp_path):
    rows = ticket("E", "2026-03-02T10:00:00+14:00", "ticket", "simple", reply=60)
    rows += ticket("W", "2026-03-02T10:00:00-12:00", "ticket", "simple", reply=60)
    rows += ticket("H", "2026-03-02T10:00:00+0545", "ticket", "simple", reply=60)
    result = import_file(store, write_events(tmp_path / "ok.csv", rows), name="x")
    assert result.rejects.empty and result.tickets_new == 3


def test_a_due_at_outside_the_window_is_refused(store, tmp_path):
    rows = ticket("C", "2026-03-02T10:00:00+01:00", "ticket", "custom")
    rows.append({"ticket_id": "C", "at": "2026-03-02T10:05:00+01:00", "kind": "estimate", "due_at": "infinity"})
    rows += ticket("D", "2026-03-02T10:00:00+01:00", "ticket", "custom")
    rows.append(
        {"ticket_id": "D", "at": "2026-03-02T10:05:00+01:00", "kind": "estimate", "due_at": "9999-01-01T00:00Z"}
    )
    rows += ticket("OK", "2026-03-02T10:00:00+01:00", "ticket", "simple")
    result = import_file(store, write_events(tmp_path / "due.csv", rows), name="x")
    assert result.tickets_new == 1
    reasons = " ".join(result.rejects["reason"])
    assert "cannot read due_at 'infinity' as a timestamp: special words" in reasons
    assert "due_at '9999-01-01T00:00Z' lies outside the plausible window" in reasons


def test_the_window_is_an_import_option_and_a_setting(store, tmp_path, capsys, monkeypatch):
    path = three_tickets(tmp_path, "1985-06-01T10:00:00Z")
    code, out, _ = run(capsys, "import", path, "--name", "x", "--db", store.path)
    assert code == 0 and "line 5: at '1985-06-01T10:00:00Z' lies outside the plausible window 1990-01-01" in out
    code, out, _ = run(capsys, "import", path, "--name", "y", "--db", store.path, "--earliest", "1980")
    assert code == 0 and "3 new tickets" in out and "refused" not in out
    late = three_tickets(tmp_path, "2100-06-01T10:00:00Z", name="late.csv")
    code, out, _ = run(capsys, "import", late, "--name", "z", "--db", store.path, "--latest", "2100-12-31")
    assert code == 0 and "3 new tickets" in out
    code, _, err = run(capsys, "import", late, "--name", "w", "--db", store.path, "--latest", "3000")
    assert code == 1 and err.count("\n") == 1 and "--latest='3000' must lie between the years 1900 and 2200" in err
    code, _, err = run(capsys, "import", late, "--name", "w", "--db", store.path, "--latest", "June")
    assert code == 1 and "neither a year nor a date" in err
    code, _, err = run(
        capsys, "import", late, "--name", "w", "--db", store.path, "--earliest", "2030", "--latest", "2020"
    )
    assert code == 1 and "the window of plausible instants is empty" in err
    monkeypatch.setenv("SLA_EARLIEST", "1980-01-01")
    result = import_file(store, path, name="v")
    assert result.rejects.empty
    monkeypatch.setenv("SLA_EARLIEST", "eighties")
    with pytest.raises(ImportRefused, match="SLA_EARLIEST='eighties' is neither a year nor a date"):
        import_file(store, path, name="u")


def test_default_window_is_1990_to_ten_years_ahead():
    from datetime import UTC, datetime

    w = instant_window(now=datetime(2026, 5, 3, tzinfo=UTC))
    assert w.describe() == "1990-01-01 to 2036-05-03"
    assert instant_window(now=datetime(2028, 2, 29, tzinfo=UTC)).latest.date().isoformat() == "2038-02-28"
    assert instant_window("2000", "2001").latest.isoformat() == "2001-12-31T23:59:59.999999+00:00"


def test_a_file_whose_every_row_is_refused_leaves_the_database_byte_identical(store, tmp_path):
    import_file(store, three_tickets(tmp_path), name="x")
    before = digest(store)
    rows = ticket("A", "infinity", "ticket", "simple") + ticket("B", "9999-01-01T00:00:00Z", "ticket", "simple")
    with pytest.raises(ImportRefused, match="no ticket could be imported; all 2 rows were refused"):
        import_file(store, write_events(tmp_path / "bad.csv", rows), name="x", timezone="UTC")
    assert digest(store) == before


def test_mapped_servicenow_list_refuses_bad_instants_and_ids(store, tmp_path):
    lines = (FIX / "servicenow_list.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2024-03-04 11:05:10", "9999-03-04 11:05:10")
    lines[3] = lines[3].replace("INC0010003", "INC0010003\u202e")
    path = tmp_path / "sn.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_file(store, path, name="sn", fmt="servicenow", timezone="UTC")
    assert result.tickets_new == 1
    reasons = rejects_of(store, "sn")
    assert "at '9999-03-04T11:05:10Z' lies outside the plausible window" in reasons[3]
    assert "ticket_id 'INC0010003?' contains a control or invisible character (U+202E at position 11)" in reasons[4]


def test_xes_refuses_special_words_and_offsets(store, tmp_path):
    text = (FIX / "small.xes").read_text(encoding="utf-8")
    text = text.replace("2010-03-31T16:45:48+01:00", "epoch", 1)
    text = text.replace("2010-04-06T15:44:51+01:00", "2010-04-06T15:44:51+25:00", 1)
    path = tmp_path / "bad.xes"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused) as err:
        import_file(store, path, name="x", fmt="eventlog", mapping=str(FIX / "xes_mapping.toml"), timezone="UTC")
    # the fixture's second trace is refused for an unmapped activity, so the whole file is refused
    reasons = dict(zip(err.value.rejects["source_line"], err.value.rejects["reason"], strict=True))
    assert reasons[2].startswith("cannot read time:timestamp value 'epoch' as a timestamp: special words")
    assert "time:timestamp value '2010-04-06T15:44:51+25:00' has a UTC offset beyond ±14:00" in reasons[4]
    assert not store.exists()


def test_mapped_ticket_table_refuses_epoch(store, tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(
        "Ticket,Opened,First reply,Solved,Queue,Agent,Channel,Topic\n"
        "D-1,2026-03-02 10:00:00,2026-03-02 10:04:00,2026-03-02 10:20:00,Billing,Bo,E-mail,Billing\n"
        "D-2,epoch,2026-03-02 11:30:00,,First line,Al,Live chat,VPS\n",
        encoding="utf-8",
    )
    result = import_file(store, path, name="desk", fmt="csv", mapping=str(FIX / "tickets_mapping.toml"))
    assert result.tickets_new == 1
    assert "cannot read Opened value 'epoch' as a timestamp: special words" in " ".join(result.rejects["reason"])


# --- 2. ids and names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "odd,code",
    [
        ("T1\x00", "U+0000"),
        ("T1\u202e", "U+202E"),
        ("T1\u200f", "U+200F"),
        ("T1\u200b", "U+200B"),
        ("T\ufeff1", "U+FEFF"),
        ("T1\u2028", "U+2028"),
        ("T1\u2029", "U+2029"),
        ("T1\x1b", "U+001B"),
    ],
)
def test_ids_that_look_alike_are_refused(store, tmp_path, capsys, odd, code):
    rows = ticket("T1", "2026-03-02T10:00:00+01:00", "ticket", "simple", reply=60)
    rows += ticket(odd, "2026-03-02T10:00:00+01:00", "ticket", "simple", reply=60)
    result = import_file(store, write_events(tmp_path / "ids.csv", rows), name="x")
    assert result.tickets_new == 1
    reason = result.rejects["reason"].iloc[0]
    assert f"contains a control or invisible character ({code} at position" in reason
    assert result.rejects["source_line"].iloc[0] == 4
    assert store.reader().execute("SELECT list(ticket_id) FROM tickets").fetchone()[0] == ["T1"]
    code_, out, _ = run(capsys, "rejects", "--db", store.path, "--dataset", "x", "--format", "json")
    assert code_ == 0 and "\x00" not in out and "\u202e" not in json.loads(out)[0]["ticket_id"]


def test_team_and_agent_names_with_control_characters_are_refused(store, tmp_path):
    rows = ticket("A", "2026-03-02T10:00:00+01:00", "ticket", "simple")
    rows.append(
        {"ticket_id": "A", "at": "2026-03-02T10:05:00+01:00", "kind": "agent_reply", "team": "L1", "agent": "an\x00na"}
    )
    rows += ticket("B", "2026-03-02T10:00:00+01:00", "ticket", "simple")
    rows.append({"ticket_id": "B", "at": "2026-03-02T10:05:00+01:00", "kind": "agent_reply", "team": "L1\u200b"})
    rows += ticket("C", "2026-03-02T10:00:00+01:00", "ticket", "simple")
    result = import_file(store, write_events(tmp_path / "names.csv", rows), name="x")
    assert result.tickets_new == 1
    reasons = " ".join(result.rejects["reason"])
    assert "agent 'an?na' contains a control or invisible character (U+0000 at position 3)" in reasons
    assert "team 'L1?' contains a control or invisible character (U+200B at position 3)" in reasons


# --- 1b. the clock engine on instants an older version stored -------------------------------------------


def poisoned(store: Store, tmp_path: Path, value: str, column: str = "ts") -> None:
    """A store whose ticket T2 holds ``value``, written past the import's checks (as an older version did)."""
    import_file(store, three_tickets(tmp_path), name="x")
    with store.writer() as con:
        con.execute(f"UPDATE events SET {column} = ?::TIMESTAMPTZ WHERE ticket_id = 'T2' AND kind = 'created'", [value])
        if column == "ts":
            con.execute("UPDATE tickets SET created_at = ?::TIMESTAMPTZ WHERE ticket_id = 'T2'", [value])


STORED = ["infinity", "-infinity", "9999-01-01 00:00:00+00", "0001-01-01 00:00:00+00", "0045-03-15 (BC) 00:00:00+00",
          "1970-01-01 00:00:00+00", "2100-01-01 00:00:00+00", "4000-01-01 00:00:00+00"]  # fmt: skip


@pytest.mark.parametrize("value", STORED)
def test_commands_give_one_warning_line_for_stored_out_of_window_instants(store, tmp_path, capsys, value):
    poisoned(store, tmp_path, value)
    factcache.clear()
    for command in ("compliance", "clocks"):
        t0 = time.perf_counter()
        code, out, err = run(capsys, command, "--db", store.path, "--dataset", "x")
        took = time.perf_counter() - t0
        assert code == 0, err
        assert err.count("\n") == 1 and err.startswith("sla: warning: dataset 'x': 1 ticket left out of the clocks")
        assert "ticket 'T2'" in err and "plausible window 1990-01-01 to" in err
        assert "T2" not in out
        assert took < 10  # a year-4000 row made compliance take 29 s: two thousand years of calendars
    factcache.clear()


@pytest.mark.parametrize("value", ["infinity", "-infinity", "0045-03-15 (BC) 00:00:00+00"])
def test_the_dataset_listing_survives_stored_out_of_window_instants(store, tmp_path, capsys, value):
    poisoned(store, tmp_path, value)
    with store.writer() as con:  # the span as refresh_counts stored it then
        con.execute(
            "UPDATE datasets SET first_event_at = ?::TIMESTAMPTZ, last_event_at = ?::TIMESTAMPTZ", [value, value]
        )
    code, out, err = run(capsys, "datasets", "--db", store.path, "--format", "json")
    assert (code, err) == (0, "")
    row = json.loads(out)[0]
    assert row["first_event_at"] is None and row["last_event_at"] is None


def test_a_stored_2100_row_does_not_move_the_as_of(store, tmp_path, policy):
    poisoned(store, tmp_path, "2100-01-01 00:00:00+00")
    with pytest.warns(LeftOutTickets, match="ticket 'T2'"):
        clocks = compute_clocks(store.reader(), "x", policy)
    # read at the latest real event (T3's reply), the open resolutions are pending, not breached in 2100
    status = clocks.set_index(["ticket_id", "metric"])["status"]
    assert status[("T3", "resolution")] == "pending"  # standard: 2 h, created 2 min before the as-of
    assert "T2" not in set(clocks["ticket_id"])


def test_a_stored_due_at_of_infinity_is_left_out(store, tmp_path, capsys):
    poisoned(store, tmp_path, "infinity", column="due_at")
    code, _, err = run(capsys, "compliance", "--db", store.path, "--dataset", "x")
    assert code == 0 and "ticket 'T2' at infinity" in err
    factcache.clear()


def test_the_dashboards_facts_carry_the_note(store, tmp_path, policy):
    poisoned(store, tmp_path, "9999-01-01 00:00:00+00")
    factcache.clear()
    with pytest.warns(LeftOutTickets):
        built = factcache.facts(store, "x", policy)
    assert len(built.notes) == 1 and "ticket 'T2'" in built.notes[0]
    factcache.clear()


def test_a_dataset_with_only_bad_instants_and_a_far_as_of_get_one_error_line(store, tmp_path, capsys):
    poisoned(store, tmp_path, "4000-01-01 00:00:00+00")
    code, _, err = run(capsys, "compliance", "--db", store.path, "--dataset", "x", "--as-of", "4000-01-01T00:00:00Z")
    assert code == 1 and err.count("\n") == 1 and "lies outside the plausible window" in err
    code, _, err = run(capsys, "clocks", "--db", store.path, "--dataset", "x", "--as-of", "infinity")
    assert code == 1 and err.count("\n") == 1 and "is not an instant" in err
    with store.writer() as con:
        con.execute("UPDATE events SET ts = 'infinity'::TIMESTAMPTZ")
    with pytest.raises(EmptyDataset, match="has no events to measure; dataset 'x': 3 tickets left out"):
        compute_clocks(store.reader(), "x")
    factcache.clear()


# --- 3. a huge policy target ---------------------------------------------------------------------------


def huge_policy(tmp_path: Path) -> Path:
    text = (Path(DEFAULT_POLICY.source)).read_text(encoding="utf-8")
    assert 'target = "10min"' in text
    path = tmp_path / "huge.toml"
    path.write_text(text.replace('target = "10min"', 'target = "99999999999999999999d"', 1), encoding="utf-8")
    return path


def test_a_huge_target_is_one_line_naming_file_and_key(store, tmp_path, capsys):
    path = huge_policy(tmp_path)
    with pytest.raises(PolicyError) as err:
        load_policy(path)
    msg = str(err.value)
    assert str(path) in msg and "metrics.first_response.target" in msg and "at most 3650d" in msg
    import_file(store, three_tickets(tmp_path), name="x")
    for args in (
        ("compliance", "--db", store.path, "--dataset", "x", "--policy", path),
        ("clocks", "--db", store.path, "--dataset", "x", "--policy", path),
        ("import", three_tickets(tmp_path), "--name", "y", "--db", store.path, "--policy", path),
    ):
        code, _, err = run(capsys, *args)
        assert code == 1 and err.count("\n") == 1
        assert "Conversion Error" not in err and "metrics.first_response.target" in err and "3650d" in err


def test_the_what_if_editor_refuses_a_huge_target(policy):
    with pytest.raises(ValueError, match=r"first_response target \(default\).*at most 3650d"):
        with_targets(policy, "first_response", ["99999999999999999999d"])
    assert with_targets(policy, "first_response", ["3650d"]).metrics["first_response"].target_seconds == 3650 * 86400


def test_the_dashboard_shows_the_note_above_the_figures(store, tmp_path, monkeypatch):
    from test_dashboard_apptest import all_text, run_app

    poisoned(store, tmp_path, "4000-01-01 00:00:00+00")
    factcache.clear()
    with pytest.warns(LeftOutTickets):
        at = run_app(store.path, monkeypatch, query={"dataset": "x"}, page="compliance")
    assert not at.exception
    warnings_shown = [w.value for w in at.warning]
    assert any("1 ticket left out of the clocks" in w and "T2" in w for w in warnings_shown), warnings_shown
    assert "Traceback" not in all_text(at)
    factcache.clear()
