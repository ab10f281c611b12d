"""Store: readers never see a half-written import; cursors per thread give correct results."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, SAMPLE_EVENTS, ticket, write_events

from analytics.ingest import import_file
from analytics.sla.clocks import compute_clocks
from analytics.store.database import Store, StoreError, create_schema


def test_schema_is_created_once_and_idempotent(store):
    store.ensure()
    with store.writer() as con:
        create_schema(con)  # again: no error, no change
    tables = {r[0] for r in store.reader().execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"datasets", "tickets", "events", "import_rejects", "imports"} <= tables


def test_reader_sees_new_file_after_a_write(store, tmp_path):
    import_file(store, write_events(tmp_path / "a.csv", ticket("A")), name="d")
    assert store.reader().execute("SELECT count(*) FROM tickets").fetchall()[0][0] == 1
    import_file(store, write_events(tmp_path / "b.csv", ticket("B")), name="d")
    assert store.reader().execute("SELECT count(*) FROM tickets").fetchall()[0][0] == 2


def test_writer_exception_discards_everything(store):
    store.ensure()
    with pytest.raises(RuntimeError), store.writer() as con:
        con.execute(
            "INSERT INTO datasets (dataset_id, name, kind, created_at, updated_at) "
            "VALUES (1, 'x', 'history', now(), now())"
        )
        raise RuntimeError("interrupted")
    assert store.reader().execute("SELECT count(*) FROM datasets").fetchall()[0][0] == 0


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.duckdb"
    bad.write_text("hello")
    with pytest.raises(StoreError, match="cannot open the database read-only"):
        Store(bad).reader()


def test_parallel_cursors_compute_identical_clocks(sample_store, policy):
    expected = compute_clocks(sample_store.reader(), "sample", policy)
    results, errors = [], []

    def work():
        try:
            for _ in range(3):
                results.append(compute_clocks(sample_store.reader(), "sample", policy))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 24
    for r in results:
        assert r.equals(expected)


def test_import_in_another_process_is_never_half_visible(tmp_path):
    """A reader polling while another process imports sees the old counts or the new, nothing between."""
    db = tmp_path / "live.duckdb"
    store = Store(db)
    import_file(store, SAMPLE_EVENTS, name="sample")
    big = write_events(tmp_path / "big.csv", [r for i in range(3000) for r in ticket(f"B{i}")])
    proc = subprocess.Popen(
        [sys.executable, "-m", "sla.cli", "import", str(big), "--name", "big", "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    seen = set()
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        con = store.reader()
        seen.add(
            tuple(
                con.execute(
                    "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM events), "
                    "(SELECT count(*) FROM datasets)"
                ).fetchall()[0]
            )
        )
    proc.wait(timeout=120)
    assert proc.returncode == 0, proc.stderr.read()
    con = store.reader()
    seen.add(
        tuple(
            con.execute(
                "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM events), (SELECT count(*) FROM datasets)"
            ).fetchall()[0]
        )
    )
    assert seen <= {(14, 99, 1), (3014, 12099, 2)}
    assert (3014, 12099, 2) in seen


def test_new_data_visible_while_an_old_cursor_is_alive(store, tmp_path):
    """DuckDB shares one open database per path in a process; a replaced file must still be seen."""
    import_file(store, write_events(tmp_path / "a.csv", ticket("A")), name="first")
    old_cursor = store.reader()  # kept alive on purpose, as a running query would be
    assert old_cursor.execute("SELECT count(*) FROM datasets").fetchall()[0][0] == 1
    import_file(Store(store.path), write_events(tmp_path / "b.csv", ticket("B")), name="second")
    assert store.reader().execute("SELECT count(*) FROM datasets").fetchall()[0][0] == 2
    assert Store(store.path).reader().execute("SELECT count(*) FROM datasets").fetchall()[0][0] == 2
    assert old_cursor.execute("SELECT count(*) FROM datasets").fetchall()[0][0] == 1  # its snapshot
    assert not list(store.path.parent.glob(".*.ro"))
