"""Mapping files built from the wizard's choices: build -> parse -> import -> the expected tickets and events."""

from __future__ import annotations

import shlex
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from analytics.ingest import ImportRefused, import_file
from analytics.ingest.mapping import load_mapping
from analytics.ingest.mapping_builder import (
    ActivityChoice,
    AttributeChoice,
    MappingChoices,
    build_mapping_text,
    check_mapping_text,
    import_command,
    profile_table,
    unmeasurable_metrics,
)
from analytics.sla.clocks import compute_clocks

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"

DESK = MappingChoices(
    name="desk-tickets",
    shape="tickets",
    case="Ticket",
    group="Queue",
    resource="Agent",
    timezone="Europe/Amsterdam",
    ticket_events={"created": "Opened", "agent_reply": "First reply", "resolved": "Solved"},
    attributes={
        "channel": AttributeChoice(
            column="Channel", values={"E-mail": "ticket", "Portal": "ticket", "Live chat": "chat"}
        ),
        "category": AttributeChoice(column="Topic"),
        "complexity": AttributeChoice(
            column="Topic", values={"Billing": "simple", "VPS": "standard"}, default="complex"
        ),
    },
    teams={"First line": "L1", "Billing": "BILLING"},
    not_measurable={},
)

DESK_CSV = """Ticket,Opened,First reply,Solved,Queue,Agent,Channel,Topic
D-1,2026-03-02 10:00:00,2026-03-02 10:04:00,2026-03-02 10:20:00,Billing,Bo,E-mail,Billing
D-2,2026-03-02 11:00:00,2026-03-02 11:30:00,,First line,Al,Live chat,VPS
D-3,2026-03-02 12:00:00,,,Night shift,Al,Portal,Other
"""

# One row per event: a desk that hands tickets to its sysadmins, with customer waits.
LOG_CSV = """case,time,status,queue,agent,prio
T-1,2026-03-02T10:00:00+01:00,New,Desk,ann,P2
T-1,2026-03-02T10:03:00+01:00,Replied,Desk,ann,P2
T-1,2026-03-02T10:10:00+01:00,Waiting for customer,Desk,ann,P2
T-1,2026-03-02T11:00:00+01:00,Replied,Desk,ann,P2
T-1,2026-03-02T11:05:00+01:00,In progress,Sysadmins,bob,P1
T-1,2026-03-02T11:40:00+01:00,Solved,Sysadmins,bob,P1
T-2,2026-03-02T12:00:00+01:00,New,Desk,,P3
T-2,2026-03-02T12:01:00+01:00,Teleported,Desk,ann,P3
T-2,2026-03-02T12:02:00+01:00,Ask billing,Desk,ann,P3
T-2,2026-03-02T12:30:00+01:00,Solved,Payments,cy,P3
"""

LOG = MappingChoices(
    name="desk-log",
    shape="events",
    case="case",
    timestamp="time",
    activity="status",
    group="queue",
    resource="agent",
    attributes={"channel": AttributeChoice(value="ticket"), "priority": AttributeChoice(column="prio")},
    activities={
        "New": "none",
        "Replied": "agent_reply",
        "Waiting for customer": ActivityChoice("paused"),
        "In progress": "assigned",
        "Solved": "resolved",
        "Ask billing": ActivityChoice("escalated", "BILLING", "approval"),
    },
    teams={"Desk": "L1", "Sysadmins": "SYSADMIN"},
    intake_team="L1",
    default_team="BILLING",
    default_kind="internal_note",
)


def events_of(store, name: str) -> dict[str, list[tuple]]:
    rows = (
        store.reader()
        .execute(
            "SELECT e.ticket_id, e.kind, e.team, e.to_team FROM events e JOIN datasets d USING (dataset_id) "
            "WHERE d.name = ? ORDER BY e.ticket_id, e.seq",
            [name],
        )
        .fetchall()
    )
    out: dict[str, list[tuple]] = {}
    for tid, *rest in rows:
        out.setdefault(tid, []).append(tuple(rest))
    return out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ticket_table_choices_build_the_fixture_mapping():
    built = check_mapping_text(build_mapping_text(DESK))
    fixture = load_mapping(FIX / "tickets_mapping.toml")
    for key in (
        "name",
        "shape",
        "timezone",
        "columns",
        "ticket_events",
        "attributes",
        "teams",
        "activities",
        "default_team",
        "not_measurable",
    ):
        assert getattr(built, key) == getattr(fixture, key), key


def test_ticket_table_round_trip_imports_the_expected_tickets(store, policy, tmp_path):
    mapping = write(tmp_path, "desk.toml", build_mapping_text(DESK))
    r = import_file(store, write(tmp_path, "desk.csv", DESK_CSV), name="desk", fmt="csv", mapping=str(mapping))
    assert (r.tickets_new, r.events) == (2, 5)
    assert r.rejects["source_line"].tolist() == [4]
    assert "group 'Night shift' (Queue) is not in the [teams] table" in r.rejects["reason"].iloc[0]
    t = store.reader().execute("SELECT ticket_id, channel, category, complexity FROM tickets ORDER BY 1").fetchall()
    assert t == [("D-1", "ticket", "Billing", "simple"), ("D-2", "chat", "VPS", "standard")]
    assert events_of(store, "desk") == {
        "D-1": [("created", "BILLING", None), ("agent_reply", "BILLING", None), ("resolved", "BILLING", None)],
        "D-2": [("created", "L1", None), ("agent_reply", "L1", None)],
    }
    c = compute_clocks(store.reader(), "desk", policy).set_index(["ticket_id", "metric"])
    assert c.loc[("D-1", "first_response"), "elapsed_seconds"] == 240
    assert c.loc[("D-1", "resolution"), "status"] == "met"


def test_event_log_round_trip_derives_pauses_and_hand_offs(store, tmp_path):
    text = build_mapping_text(LOG)
    mapping = write(tmp_path, "log.toml", text)
    r = import_file(store, write(tmp_path, "log.csv", LOG_CSV), name="log", fmt="csv", mapping=str(mapping))
    assert (r.tickets_new, len(r.rejects)) == (2, 0)
    ev = events_of(store, "log")
    assert ev["T-1"] == [
        ("created", "L1", None),
        ("agent_reply", "L1", None),
        ("paused", "L1", None),
        ("resumed", "L1", None),
        ("agent_reply", "L1", None),
        ("escalated", "L1", "SYSADMIN"),
        ("assigned", "SYSADMIN", None),
        ("resolved", "SYSADMIN", None),
    ]
    # an unlisted activity takes default_kind, an unlisted group default_team; an activity may escalate
    assert ev["T-2"] == [
        ("created", "L1", None),
        ("internal_note", "L1", None),
        ("escalated", "L1", "BILLING"),
        ("resolved", "BILLING", None),
    ]
    prio = store.reader().execute("SELECT ticket_id, priority FROM tickets ORDER BY 1").fetchall()
    assert prio == [("T-1", "P1"), ("T-2", "P3")]  # the latest value of the ticket
    # replies and hand-offs are in the log, acknowledgements are not
    assert load_mapping(mapping).not_measurable == {"acknowledgement": "the file has no acknowledgement times"}


LINES_CSV = """case,time,status,queue,agent
T-9,2026-03-02T10:00:00+01:00,New,Desk,?
T-9,2026-03-02T10:05:00+01:00,In progress,Sysadmins,bob
T-9,2026-03-02T10:30:00+01:00,In progress,DC Amsterdam,?
T-9,2026-03-02T11:00:00+01:00,Solved,DC Amsterdam,eve
"""


@pytest.mark.parametrize(
    "levels,moves",
    [
        (
            {"Desk": 1, "Sysadmins": 3, "DC Amsterdam": 2},
            [("escalated", "L1", "SYSADMIN"), ("assigned", "DC-NL", None)],
        ),
        ({}, [("escalated", "L1", "SYSADMIN"), ("escalated", "SYSADMIN", "DC-NL")]),
    ],
)
def test_support_lines_tell_escalations_from_hand_offs_and_missing_markers_are_empty(store, tmp_path, levels, moves):
    """With [levels], only a move to a higher line escalates; a move down is a hand-off. '?' in the
    agent column is no agent, as the mapping's missing markers say."""
    choices = MappingChoices(
        name="lines",
        shape="events",
        case="case",
        timestamp="time",
        activity="status",
        group="queue",
        resource="agent",
        attributes={"channel": AttributeChoice(value="ticket")},
        activities={"New": "none", "In progress": "assigned", "Solved": "resolved"},
        teams={"Desk": "L1", "Sysadmins": "SYSADMIN", "DC Amsterdam": "DC-NL"},
        levels=levels,
        intake_team="L1",
        escalation_reason="complex",
        missing=("", "?"),
    )
    text = build_mapping_text(choices)
    mapping = check_mapping_text(text)
    assert mapping.levels == levels and mapping.missing == ("", "?") and mapping.escalation_reason == "complex"
    path = write(tmp_path, "lines.toml", text)
    import_file(store, write(tmp_path, "lines.csv", LINES_CSV), name="lines", fmt="csv", mapping=str(path))
    con = store.reader()
    assert (
        con.execute("SELECT kind, team, to_team FROM events WHERE detail LIKE '% -> %' ORDER BY seq").fetchall()
        == moves
    )
    agents = con.execute("SELECT agent, reason FROM events WHERE ticket_id = 'T-9' ORDER BY seq").fetchall()
    assert agents[0][0] is None and ("bob", "complex") in agents


def test_odd_source_values_survive_the_toml_text():
    odd = ['He said "hi"', "C:\\queue\\1", "tab\there", "line\nbreak", "ünïcødé ✓", "a = b", "[x]", "#1", "\x01"]
    choices = MappingChoices(
        name='my "desk"',
        shape="events",
        case="Case #",
        timestamp="Time (UTC)",
        activity="Status\\Name",
        group="Grüppe",
        activities={v: "internal_note" for v in odd},
        teams={v: "L1" for v in odd},
        attributes={"priority": AttributeChoice(column="Prio", values={v: v for v in odd}, default='"')},
    )
    parsed = tomllib.loads(build_mapping_text(choices))
    assert parsed["name"] == 'my "desk"'
    assert parsed["columns"] == {
        "case": "Case #",
        "timestamp": "Time (UTC)",
        "activity": "Status\\Name",
        "group": "Grüppe",
    }
    assert list(parsed["activities"]) == odd and list(parsed["teams"]) == odd
    assert parsed["attributes"]["priority"] == {"column": "Prio", "default": '"', "map": {v: v for v in odd}}
    assert check_mapping_text(build_mapping_text(choices)).activities["line\nbreak"].kind == "internal_note"
    assert tomllib.loads(build_mapping_text(replace(choices, name="\x7f")))["name"] == "\x7f"


def test_the_text_is_deterministic_and_loads_from_a_file(tmp_path):
    text = build_mapping_text(LOG)
    assert text == build_mapping_text(LOG)
    loaded = load_mapping(write(tmp_path, "log.toml", text))
    ask = loaded.activities["Ask billing"]
    assert (ask.kind, ask.to_team, ask.reason) == ("escalated", "BILLING", "approval")
    assert (loaded.intake_team, loaded.default_team, loaded.default_kind) == ("L1", "BILLING", "internal_note")
    assert (loaded.only_changes, loaded.resume_after_pause, loaded.reopen_after_resolution) == (False, True, True)


@pytest.mark.parametrize(
    "choices, message",
    [
        (MappingChoices(name="x", ticket_events={"created": "Opened"}), "ticket id"),
        (MappingChoices(name="x", case="id"), "creation time"),
        (MappingChoices(name="x", shape="events", case="id", timestamp="at"), "activity"),
        (MappingChoices(name="x", shape="rows", case="id"), "shape"),
    ],
)
def test_missing_choices_are_named(choices, message):
    with pytest.raises(ValueError, match=message):
        build_mapping_text(choices)


def test_a_wrong_choice_is_refused_naming_the_key():
    bad = MappingChoices(
        name="x", shape="events", case="id", timestamp="at", activity="a", activities={"Solved": "solved"}
    )
    with pytest.raises(ImportRefused, match=r"activities.'Solved': unknown event kind 'solved'"):
        check_mapping_text(build_mapping_text(bad))
    with pytest.raises(ImportRefused, match="unknown timezone"):
        check_mapping_text(
            build_mapping_text(
                MappingChoices(name="x", case="id", timezone="Mars/Olympus", ticket_events={"created": "t"})
            )
        )


def test_unmeasurable_metrics_follow_the_mapped_kinds():
    table = MappingChoices(
        name="x", case="id", ticket_events={"created": "a", "acknowledged": "b", "agent_reply": "c", "closed": "d"}
    )
    assert set(unmeasurable_metrics(table)) == {"status_update", "escalation_notice", "handoff_pickup"}
    bare = MappingChoices(name="x", case="id", ticket_events={"created": "a"})
    assert set(unmeasurable_metrics(bare)) == {
        "acknowledgement",
        "first_response",
        "status_update",
        "escalation_notice",
        "handoff_pickup",
        "resolution",
    }
    log = MappingChoices(
        name="x",
        shape="events",
        case="c",
        timestamp="t",
        activity="a",
        activities={"Done": "resolved", "Take": "assigned"},
    )
    assert set(unmeasurable_metrics(log)) == {"acknowledgement", "first_response", "status_update", "escalation_notice"}


def test_import_command_is_shell_quoted():
    cmd = import_command(
        Path("data/uploads/ab12-my desk.csv"),
        "my desk",
        Path("data/mappings/my_desk.toml"),
        db=Path("data/sla.duckdb"),
        strict=True,
    )
    assert shlex.split(cmd) == [
        "sla",
        "import",
        "data/uploads/ab12-my desk.csv",
        "--name",
        "my desk",
        "--format",
        "csv",
        "--mapping",
        "data/mappings/my_desk.toml",
        "--db",
        "data/sla.duckdb",
        "--strict",
    ]


def test_profile_table_reads_columns_first_rows_and_frequent_values(tmp_path):
    text = "id;group;note\n" + "".join(f"{i};{g};\n" for i, g in enumerate(["A", " A ", "B", "A", "C", "B", ""]))
    p = profile_table(write(tmp_path, "t.csv", text), head=3, top=2)
    assert p.columns == ["id", "group", "note"] and p.rows == 7
    assert p.head["id"].tolist() == ["0", "1", "2"] and p.head["line"].tolist() == [2, 3, 4]
    assert p.values["group"].values.tolist() == [["A", 3], ["B", 2]]
    assert p.distinct == {"id": 7, "group": 3, "note": 0}
    with pytest.raises(ImportRefused, match="unknown file type"):
        profile_table(write(tmp_path, "t.json", "{}"))
