"""Bad or unusual input to the adapters: one clear message, rejects with lines, nothing half-written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analytics.ingest import ImportRefused, import_file
from analytics.ingest.mapping import load_mapping
from sla.cli import main

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
LIST = (FIX / "servicenow_list.csv").read_text(encoding="utf-8")


def digest(store) -> str | None:
    return hashlib.sha256(store.path.read_bytes()).hexdigest() if store.exists() else None


def ticket_rows(store):
    return store.reader().execute("SELECT ticket_id, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall()


@pytest.mark.parametrize("encoding,delimiter", [("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")])
def test_encodings_and_delimiters(store, tmp_path, encoding, delimiter):
    text = LIST.replace("Maria Janssen", "Zoë Müller – €")
    if delimiter != ",":
        text = text.replace(",", delimiter)
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode(encoding))
    r = import_file(store, path, name="x", fmt="servicenow", timezone="Europe/Amsterdam")
    assert r.tickets_new == 3 and r.rejects.empty
    customer = store.reader().execute("SELECT customer FROM tickets WHERE ticket_id = 'INC0010001'").fetchall()
    assert customer == [("Zoë Müller – €",)]


def test_ambiguous_dates_are_refused_and_date_format_decides(store, tmp_path):
    text = LIST.replace("2024-03-04 09:12:31", "3/4/2024 09:12").replace("2024-03-07 10:00:00", "3/7/2024 10:00")
    for iso, local in (
        ("2024-03-04 10:40:02", "3/4/2024 10:40"),
        ("2024-03-05 16:20:00", "3/5/2024 16:20"),
        ("2024-03-04 11:05:10", "3/4/2024 11:05"),
        ("2024-03-05 08:30:00", "3/5/2024 08:30"),
        ("2024-03-05 09:10:00", "3/5/2024 09:10"),
    ):
        text = text.replace(iso, local)
    path = tmp_path / "ambiguous.csv"
    path.write_text(text)
    with pytest.raises(ImportRefused) as err:
        import_file(store, path, name="x", fmt="servicenow", timezone="UTC")
    msg = str(err.value)
    assert "ambiguous" in msg and "'%d/%m/%Y %H:%M'" in msg and "'%m/%d/%Y %H:%M'" in msg and "--date-format" in msg
    assert not store.exists()
    r = import_file(store, path, name="x", fmt="servicenow", timezone="UTC", date_format="%m/%d/%Y %H:%M")
    created = store.reader().execute("SELECT min(created_at) FROM tickets").fetchall()[0][0]
    assert r.tickets_new == 3 and created.month == 3 and created.day == 4


def test_wrong_format_names_missing_column_and_columns_found(store):
    with pytest.raises(ImportRefused) as err:
        import_file(store, FIX / "jira_export.csv", name="x", fmt="servicenow")
    msg = str(err.value)
    assert "missing column 'number'" in msg and "found columns: Summary, Issue key, Issue id" in msg
    with pytest.raises(ImportRefused, match=r"missing column 'SR Number' \(the case column of mapping 'bpic2013'\)"):
        import_file(store, FIX / "servicenow_list.csv", name="x", fmt="eventlog", mapping="bpic2013")
    assert not store.exists()


def test_whole_file_errors_leave_database_unchanged(store, tmp_path):
    import_file(store, FIX / "servicenow_list.csv", name="x", fmt="servicenow", timezone="UTC")
    before = digest(store)
    bad = tmp_path / "bad.csv"
    bad.write_text(LIST.replace("Opened", "Opened at"))
    with pytest.raises(ImportRefused, match="missing column 'opened_at' or 'Opened'"):
        import_file(store, bad, name="x", fmt="servicenow", timezone="UTC")
    with pytest.raises(ImportRefused, match="no UTC offset"):
        import_file(store, FIX / "servicenow_audit.csv", name="x", fmt="servicenow")
    assert digest(store) == before


def test_reimport_is_a_noop_and_newer_export_updates(store, tmp_path):
    path = FIX / "servicenow_audit.csv"
    import_file(store, path, name="snow", fmt="servicenow", timezone="Europe/Amsterdam")
    before = digest(store)
    assert import_file(store, path, name="snow", fmt="servicenow", timezone="Europe/Amsterdam").already_imported
    assert digest(store) == before
    # a later export: INC0000047 was closed, INC0000050's bad update corrected
    text = path.read_text().replace("31/2/2016 07:00", "29/2/2016 07:00")
    last = [ln for ln in text.splitlines() if ln.startswith("INC0000047")][-1]
    closed = last.replace(",Resolved,true,0,1,6,", ",Closed,false,0,1,7,").replace(
        "2/3/2016 09:30,Chat", "9/3/2016 10:00,Chat"
    )
    newer = tmp_path / "newer.csv"
    newer.write_text(text + closed + "\n")
    r = import_file(store, newer, name="snow", fmt="servicenow", timezone="Europe/Amsterdam")
    assert (r.tickets_new, r.tickets_updated) == (1, 2)
    assert ticket_rows(store) == [("INC0000045", 8), ("INC0000047", 10), ("INC0000050", 2)]
    natives = store.reader().execute("SELECT count(*) FROM native_sla").fetchall()[0][0]
    assert natives == 3  # replaced with the tickets, never duplicated


def test_same_file_with_another_mapping_is_not_a_repeat(store, tmp_path):
    path = FIX / "servicenow_audit.csv"
    import_file(store, path, name="snow", fmt="servicenow", timezone="Europe/Amsterdam")
    again = import_file(store, path, name="snow", fmt="servicenow", timezone="UTC")
    assert not again.already_imported and again.tickets_updated == 2


def test_unmapped_group_is_rejected_unless_a_default_team(store, tmp_path):
    mapping = (FIX / "xes_mapping.toml").read_text().replace('L3 = "SYSADMIN"\n', "", 1)
    path = tmp_path / "m.toml"
    path.write_text(mapping)
    with pytest.raises(ImportRefused, match="no ticket could be imported") as err:
        import_file(store, FIX / "small.xes", name="x", fmt="eventlog", mapping=str(path))
    rj = err.value.rejects.set_index("source_line")
    assert rj.loc[2, "reason"].startswith("group 'L3' (org:group) is not in the [teams] table of mapping bpic2013-xes")
    assert not store.exists()


@pytest.mark.parametrize(
    "change,message",
    [
        ('shape = "events"', "shape: 'rows' is not one of events, tickets"),
        ('"Completed-Resolved" = "resolved"', "unknown event kind 'solved'"),
        ('L2 = "SYSADMIN"', "team(s) SYSADMN are not in the policy"),
    ],
)
def test_mapping_mistakes_name_the_key(store, tmp_path, change, message):
    bad = {
        'shape = "events"': 'shape = "rows"',
        '"Completed-Resolved" = "resolved"': '"Completed-Resolved" = "solved"',
        'L2 = "SYSADMIN"': 'L2 = "SYSADMN"',
    }[change]
    path = tmp_path / "bad.toml"
    path.write_text((FIX / "xes_mapping.toml").read_text().replace(change, bad))
    with pytest.raises(ImportRefused, match="mapping .*bad.toml: .*" + message.replace("(", r"\(").replace(")", r"\)")):
        import_file(store, FIX / "small.xes", name="x", fmt="eventlog", mapping=str(path))


def test_presets_load():
    for name in ("bpic2013", "helpdesk-italian", "servicenow-audit", "servicenow-list", "jira", "zendesk"):
        assert load_mapping(name).name == name


def test_cli_import_with_mapping_and_errors(tmp_path, capsys):
    db = str(tmp_path / "sla.duckdb")
    code = main(
        [
            "import",
            str(FIX / "small.xes"),
            "--format",
            "eventlog",
            "--mapping",
            str(FIX / "xes_mapping.toml"),
            "--name",
            "xes",
            "--db",
            db,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "1 new tickets" in out and "3 rows refused" in out
    code = main(["import", str(FIX / "servicenow_audit.csv"), "--format", "servicenow", "--name", "s", "--db", db])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("sla: error: ") and "--timezone" in err and len(err.strip().splitlines()) == 1
    code = main(
        [
            "import",
            str(FIX / "servicenow_audit.csv"),
            "--format",
            "servicenow",
            "--name",
            "s",
            "--db",
            db,
            "--timezone",
            "Europe/Amsterdam",
            "--date-format",
            "%d/%m/%Y %H:%M",
        ]
    )
    assert code == 0 and "2 new tickets" in capsys.readouterr().out


SINGLE_PASS_ROWS = """\
ticket_id,at,kind,team,agent,to_team,reason,due_at,channel,category,complexity,priority,site,customer,detail
X1,2026-03-02T09:00:00+00:00,created,L1,,,,,chat,vps,standard,normal,,C1,
X1,2026-03-02T09:01:00+00:00,acknowledged,L1
X1,2026-03-02T09:02:00+00:00,bogus,L1,,,,,,,,,,,
X2,2026-03-02T09:00:00+00:00,created,L1,,,,,chat,vps,standard,normal,,C1,
X2,2026-03-02T09:00:00+00:00,created,L1,,,,,chat,vps,standard,normal,,C1,
X3,2026-03-02T09:00:00+00:00,created,L1,,,,,chat,vps,standard,normal,,C1,
X3,2026-03-02T08:00:00+00:00,agent_reply,L1,,,,,,,,,,,
X3,2026-03-02T09:00:00,agent_reply,L1,,,,,,,,,,,
X4,2026-03-02T09:00:00+00:00,created,L1,,,,,ticket,vps,standard,normal,,C1,
X4,2026-03-02T09:05:00+00:00,agent_reply,L1,anna,,,,,,,,,,
"""


def test_single_pass_import_refuses_exactly_what_two_passes_refuse(tmp_path, monkeypatch):
    """An import reads a canonical CSV in the validation's own pass; line numbers (after a malformed
    record), reasons, raw rows and the events written are those of the two-pass staging."""
    from dataclasses import replace

    from analytics.ingest import pipeline
    from analytics.store.database import Store

    path = tmp_path / "events.csv"
    path.write_text(SINGLE_PASS_ROWS, encoding="utf-8")
    one = import_file(Store(tmp_path / "one.duckdb"), path, name="x")
    original = pipeline.stage
    monkeypatch.setattr(pipeline, "stage", lambda p, f, o, con=None: original(p, f, replace(o, single_pass=False), con))
    two = import_file(Store(tmp_path / "two.duckdb"), path, name="x")
    assert one.rejects.to_dict("records") == two.rejects.to_dict("records")
    assert list(one.rejects.source_line) == [2, 3, 4, 6, 7, 8, 9]
    assert (one.rows_read, one.tickets_new, one.events) == (two.rows_read, two.tickets_new, two.events) == (10, 2, 3)
    assert one.rejects.raw[3].startswith('{"ticket_id":"X2"')
    query = "SELECT * EXCLUDE (dataset_id) FROM events ORDER BY ticket_id, seq"
    assert (
        Store(tmp_path / "one.duckdb").reader().execute(query).fetchall()
        == Store(tmp_path / "two.duckdb").reader().execute(query).fetchall()
    )


def test_refused_rows_show_every_column_though_only_mapped_ones_are_read(store, tmp_path):
    """A mapped import reads only the columns its mapping names; a refused row is still shown whole
    (the file is read again for it), at its own line after a malformed record."""
    import duckdb

    from analytics.ingest.readers import columns_named, read_table

    lines = LIST.splitlines()
    bad = lines[2].replace("2024-03-04 11:05:10", "yesterday")
    path = tmp_path / "export.csv"
    path.write_text("\n".join([lines[0], lines[1], "INC0010009,broken", bad, *lines[3:]]) + "\n", encoding="utf-8")
    con = duckdb.connect()
    src = read_table(con, path, keep=columns_named("Number", ("Opened",)))
    assert [r[0] for r in con.execute("DESCRIBE raw_rows").fetchall()] == ["line", "Number", "Opened"]
    assert src.columns[2] == "Short description" and src.read_again is not None
    r = import_file(store, path, name="x", fmt="servicenow", timezone="Europe/Amsterdam")
    assert list(r.rejects.source_line) == [3, 4]
    raw = r.rejects.raw[1]
    assert '"Short description":"Invoice charged twice"' in raw and '"Opened":"yesterday"' in raw
    assert "cannot read" in r.rejects.reason[1] and r.tickets_new == 2
