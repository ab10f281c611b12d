"""Canonical import: bad input gets a clear message, rejects are kept, the database never half-changes."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import SAMPLE_EVENTS, ticket, write_events

from analytics.ingest import ImportRefused, import_file
from analytics.sla.clocks import compute_clocks
from analytics.store.datasets import list_datasets, rejects
from analytics.store.export import export_events


def db_digest(store) -> str | None:
    return hashlib.sha256(store.path.read_bytes()).hexdigest() if store.exists() else None


def test_import_sample_counts(store):
    result = import_file(store, SAMPLE_EVENTS, name="sample")
    assert (result.tickets_new, result.tickets_updated, result.events) == (14, 0, 99)
    assert result.rejects.empty
    ds = list_datasets(store.reader()).set_index("name").loc["sample"]
    assert (ds.tickets, ds.events, ds.rejects, ds.kind) == (14, 99, 0, "history")


def test_same_file_twice_changes_nothing(store):
    import_file(store, SAMPLE_EVENTS, name="sample")
    before = db_digest(store)
    again = import_file(store, SAMPLE_EVENTS, name="sample")
    assert again.already_imported and "nothing changed" in again.summary()
    assert db_digest(store) == before


def test_same_bytes_under_another_name_change_nothing_even_with_strict(store, tmp_path):
    """Recognised after staging (the hash is worked out meanwhile), before any refusal of the file."""
    import_file(store, SAMPLE_EVENTS, name="sample")
    before = db_digest(store)
    renamed = tmp_path / "renamed.csv"
    renamed.write_bytes(SAMPLE_EVENTS.read_bytes())
    assert import_file(store, renamed, name="sample").already_imported
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE_EVENTS.read_text() + "X1,2026-03-02T09:00:00+00:00,bogus,L1,,,,,,,,,,,\n")
    import_file(store, bad, name="sample")  # one row refused, the rest imported
    after = db_digest(store)
    renamed_bad = tmp_path / "renamed-bad.csv"
    renamed_bad.write_bytes(bad.read_bytes())
    assert import_file(store, renamed_bad, name="sample", strict=True).already_imported
    assert import_file(store, bad, name="sample", strict=True).already_imported
    assert before != after == db_digest(store)


def test_same_content_in_another_file_does_not_duplicate(store, tmp_path):
    import_file(store, SAMPLE_EVENTS, name="sample")
    copy = tmp_path / "copy.csv"
    copy.write_text(SAMPLE_EVENTS.read_text() + "\n")  # different bytes, same rows
    result = import_file(store, copy, name="sample")
    assert (result.tickets_new, result.tickets_updated) == (0, 14)
    con = store.reader()
    assert con.execute("SELECT count(*) FROM events").fetchall()[0][0] == 99
    assert con.execute("SELECT count(*) FROM tickets").fetchall()[0][0] == 14


def test_updated_export_updates_tickets(store, tmp_path):
    first = write_events(tmp_path / "a.csv", ticket("T1") + ticket("T2"))
    import_file(store, first, name="hd")
    # newer export: T2 got an extra event (reopened + resolved), T3 is new; T1 absent (kept as is)
    t2 = [
        *ticket("T2"),
        {"ticket_id": "T2", "at": "2026-03-02T11:00:00+01:00", "kind": "reopened", "team": "L1"},
        {"ticket_id": "T2", "at": "2026-03-02T11:10:00+01:00", "kind": "resolved", "team": "L1"},
    ]
    second = write_events(tmp_path / "b.csv", t2 + ticket("T3"))
    result = import_file(store, second, name="hd")
    assert (result.tickets_new, result.tickets_updated) == (1, 1)
    con = store.reader()
    per_ticket = dict(con.execute("SELECT ticket_id, count(*) FROM events GROUP BY 1").fetchall())
    assert per_ticket == {"T1": 4, "T2": 6, "T3": 4}


def test_missing_column_refused_with_columns_named(store, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ticket_id,at,team,channel\nT1,2026-03-02T10:00:00+01:00,L1,ticket\n")
    with pytest.raises(ImportRefused) as err:
        import_file(store, path, name="x")
    msg = str(err.value)
    assert "missing column(s) kind" in msg and "found columns: ticket_id, at, team, channel" in msg
    assert str(path) in msg
    assert not store.exists()


def test_row_problems_are_rejected_with_line_and_reason(store, tmp_path):
    rows = (
        ticket("OK1")
        + ticket("BADKIND")
        + ticket("BADTS")
        + ticket("NOOFFSET")
        + ticket("EARLY")
        + ticket("BADTEAM")
        + ticket("DUP")
    )
    rows[5]["kind"] = "replied"  # BADKIND: line 7
    rows[9]["at"] = "yesterday"  # BADTS: line 11
    rows[13]["at"] = "2026-03-02 10:01:00"  # NOOFFSET: line 15
    rows[17]["at"] = "2026-03-02T09:00:00+01:00"  # EARLY: acknowledged before created (line 18)
    rows[22]["team"] = "NOC"  # BADTEAM: line 24
    rows.append(dict(rows[25]))  # DUP: exact copy of line 27 at line 30
    path = write_events(tmp_path / "mixed.csv", rows)
    result = import_file(store, path, name="mixed")
    assert (result.tickets_new, result.events) == (2, 8)  # OK1, and DUP without its duplicate row
    rj = rejects(store.reader(), "mixed").set_index("source_line")
    assert "unknown event kind 'replied'" in rj.loc[7, "reason"]
    assert "cannot read at 'yesterday'" in rj.loc[11, "reason"]
    assert "has no UTC offset" in rj.loc[15, "reason"] and "--timezone" in rj.loc[15, "reason"]
    assert "before the ticket's created event" in rj.loc[19, "reason"]
    assert rj.loc[24, "reason"].startswith("unknown team 'NOC'")
    assert rj.loc[30, "reason"] == "duplicate of line 27"
    # siblings of a bad row are refused whole, naming the bad line
    assert "refused whole because line 7 is invalid" in rj.loc[6, "reason"]
    assert set(rj["ticket_id"]) == {"BADKIND", "BADTS", "NOOFFSET", "EARLY", "BADTEAM", "DUP"}
    # the raw values are kept for inspection
    assert '"kind":"replied"' in rj.loc[7, "raw"].replace(" ", "")
    assert "21 rows refused" in result.summary() and "sla rejects --dataset mixed" in result.summary()


def test_timezone_option_reads_offsetless_timestamps(store, tmp_path):
    rows = ticket("T1", start="2026-03-29T01:30:00+00:00")
    for r in rows:
        r["at"] = pd.Timestamp(r["at"]).tz_convert("Europe/Amsterdam").strftime("%Y-%m-%d %H:%M:%S")
    path = write_events(tmp_path / "local.csv", rows)
    with pytest.raises(ImportRefused, match="no UTC offset"):
        import_file(store, path, name="local")
    assert not store.exists()
    import_file(store, path, name="local", timezone="Europe/Amsterdam")
    ts = store.reader().execute("SELECT min(ts) FROM events").fetchall()[0][0]
    assert ts == pd.Timestamp("2026-03-29T01:30:00Z")  # 03:30 CEST, just after the DST change


def test_unknown_timezone_refused(store, tmp_path):
    path = write_events(tmp_path / "a.csv", ticket("T1"))
    with pytest.raises(ImportRefused, match=r"unknown timezone 'Mars/Olympus'.*IANA"):
        import_file(store, path, name="x", timezone="Mars/Olympus")


def test_refused_import_leaves_database_unchanged(store, tmp_path):
    import_file(store, SAMPLE_EVENTS, name="sample")
    before = db_digest(store)
    rows = ticket("T1")
    for r in rows:
        r["kind"] = "whatever"
    path = write_events(tmp_path / "allbad.csv", rows)
    with pytest.raises(ImportRefused) as err:
        import_file(store, path, name="sample")
    assert "no ticket could be imported" in str(err.value)
    assert err.value.rejects_path and len(pd.read_csv(err.value.rejects_path)) == 4
    assert db_digest(store) == before


def test_strict_refuses_any_reject(store, tmp_path):
    rows = ticket("T1") + ticket("T2")
    rows[4]["kind"] = "bogus"
    path = write_events(tmp_path / "a.csv", rows)
    with pytest.raises(ImportRefused, match="--strict"):
        import_file(store, path, name="x", strict=True)
    assert not store.exists()


def test_failure_inside_the_write_rolls_back(store, tmp_path, monkeypatch):
    import_file(store, SAMPLE_EVENTS, name="sample")
    before = db_digest(store)
    from analytics.ingest import pipeline

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline.ds_mod, "refresh_counts", boom)
    with pytest.raises(RuntimeError):
        import_file(store, write_events(tmp_path / "a.csv", ticket("NEW")), name="sample")
    assert db_digest(store) == before
    assert not list(store.path.parent.glob(".*.tmp"))


def test_malformed_csv_rows_and_ticket_without_created(store, tmp_path):
    path = tmp_path / "ragged.csv"
    good = write_events(tmp_path / "g.csv", ticket("T1")).read_text().splitlines()
    lines = [*good, "T2,2026-03-02T10:00:00+01:00,agent_reply", "T3,2026-03-02T10:00:00+01:00,agent_reply,L1,,,,,,,,,,"]
    path.write_text("\n".join(lines) + "\n")
    result = import_file(store, path, name="r")
    rj = result.rejects.set_index("source_line")
    assert "malformed CSV record: 3 values where the header has 14" in rj.loc[6, "reason"]
    assert "ticket 'T3' has no created event" in rj.loc[7, "reason"]
    assert result.tickets_new == 1


def test_parquet_and_csv_export_roundtrip(sample_store, store, tmp_path, policy):
    original = compute_clocks(sample_store.reader(), "sample", policy)
    for name in ("events.csv", "events.parquet", "events.csv.gz"):
        out = tmp_path / name
        assert export_events(sample_store.reader(), "sample", out) == 99
        import_file(store, out, name=name)
        again = compute_clocks(store.reader(), name, policy)
        pd.testing.assert_frame_equal(original, again)
