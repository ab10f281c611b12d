"""Writers: what dead writers leave is cleaned, waiting is said, a full disk is told first, a kill loses nothing."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_EVENTS, ticket, write_events

from analytics.ingest import import_file
from analytics.store import space, writelock
from analytics.store.database import Store, StoreError

SLA = [sys.executable, "-m", "sla.cli"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(db: Path) -> list[str]:
    """Files beside ``db`` that are neither the database nor its lock."""
    return sorted(p.name for p in db.parent.iterdir() if p.name not in (db.name, db.name + ".lock"))


def counts(store: Store) -> tuple:
    con = store.reader()
    return con.execute(
        "SELECT (SELECT count(*) FROM datasets), (SELECT count(*) FROM tickets), (SELECT count(*) FROM events)"
    ).fetchall()[0]


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*SLA, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


# -- leftovers of dead writers ------------------------------------------------------------------------
def test_next_write_removes_the_copies_and_links_of_dead_writers(store, tmp_path):
    import_file(store, SAMPLE_EVENTS, name="sample")
    folder = store.path.parent
    dead = 2**22 + 12345  # above the default pid_max: no such process
    stale = [
        folder / f".{store.path.name}.{dead}.tmp",
        folder / f".{store.path.name}.{dead}.tmp.wal",
        folder / f".{store.path.name}.{dead}.140.99.ro",
    ]
    for p in stale:
        p.write_bytes(b"x" * 1000)
    # Another database's copy in the same folder, and a live reader's link, are not this writer's to remove.
    other = folder / f".{store.path.name}.b.{dead}.tmp"
    live_link = folder / f".{store.path.name}.{os.getpid()}.1.2.ro"
    other.write_bytes(b"o")
    live_link.write_bytes(b"l")
    with store.writer():
        pass
    assert not any(p.exists() for p in stale)
    assert other.exists() and live_link.exists()


# -- waiting for another writer -----------------------------------------------------------------------
def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the write lock of ``db`` for ``seconds``; returns once it holds it."""
    code = (
        "import fcntl, sys, time\n"
        f"f = open({str(writelock.lock_path(db))!r}, 'a+')\n"
        "fcntl.flock(f, fcntl.LOCK_EX)\n"
        "f.seek(0); f.truncate(); f.write('4242 sla import huge.csv\\n'); f.flush()\n"
        "print('held', flush=True)\n"
        f"time.sleep({seconds})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_waiting_writer_says_so_after_a_second_and_gives_up_at_its_timeout(store):
    store.ensure()
    before = digest(store.path)
    told = []
    holder = _hold_lock(store.path, 30)
    try:
        waiting = Store(store.path, lock_timeout=1.5, on_wait=told.append)
        start = time.monotonic()
        with (
            pytest.raises(StoreError, match=r"another write \(pid 4242: sla import huge.csv\) still holds"),
            waiting.writer(),
        ):
            pass
        assert 1.4 < time.monotonic() - start < 10
    finally:
        holder.kill()
        holder.wait()
    assert told and "waiting for another write" in told[0] and "pid 4242" in told[0]
    assert digest(store.path) == before


def test_a_writer_without_timeout_goes_on_once_the_other_write_ends(store):
    store.ensure()
    told = []
    holder = _hold_lock(store.path, 2)
    try:
        with Store(store.path, on_wait=told.append).writer():
            pass
    finally:
        holder.wait(timeout=30)
    assert len(told) == 1


def test_cli_prints_waiting_and_honours_wait(tmp_path):
    db = tmp_path / "w.duckdb"
    assert cli("import", str(SAMPLE_EVENTS), "--name", "s", "--db", str(db)).returncode == 0
    holder = _hold_lock(db, 30)
    try:
        r = cli("rename", "s", "t", "--db", str(db), "--wait", "1.5")
    finally:
        holder.kill()
        holder.wait()
    assert r.returncode == 1
    assert "sla: waiting for another write" in r.stderr
    assert "wait longer with --wait SECONDS" in r.stderr and "Traceback" not in r.stderr


def test_threads_of_one_process_also_wait_for_each_other(store):
    store.ensure()
    inside, overlap = [], []

    def write():
        with store.writer():
            if inside:
                overlap.append(True)
            inside.append(1)
            time.sleep(0.3)
            inside.pop()

    threads = [threading.Thread(target=write) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not overlap


# -- durability ---------------------------------------------------------------------------------------
def test_the_folder_is_synced_after_the_new_file_replaces_the_old(store, monkeypatch):
    store.ensure()
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append(("fsync-dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync-file", None))
        return real_fsync(fd)

    def replace(a, b):
        calls.append(("replace", None))
        return real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with store.writer():
        pass
    kinds = [c[0] for c in calls]
    assert kinds == ["fsync-file", "replace", "fsync-dir"]


# -- a full disk --------------------------------------------------------------------------------------
def test_too_little_free_space_refuses_an_import_before_it_starts(store, tmp_path, monkeypatch):
    import_file(store, SAMPLE_EVENTS, name="sample")
    before = digest(store.path)
    usage = space.shutil.disk_usage(store.path.parent)
    monkeypatch.setattr(space.shutil, "disk_usage", lambda p: usage._replace(free=1_000_000))
    new = write_events(tmp_path / "new.csv", ticket("N1"))
    with pytest.raises(StoreError, match=r"not enough free disk space.*1,000,000 bytes are free"):
        import_file(store, new, name="sample")
    assert digest(store.path) == before
    assert leftovers(store.path) == []


def test_disk_filling_up_during_the_write_is_one_clear_line_and_changes_nothing(store, tmp_path, monkeypatch):
    import_file(store, SAMPLE_EVENTS, name="sample")
    before = digest(store.path)

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(space.os, "replace", full)
    with pytest.raises(StoreError, match="the disk filled up during the write; nothing was changed"):
        import_file(store, write_events(tmp_path / "n.csv", ticket("N2")), name="sample")
    assert digest(store.path) == before
    assert leftovers(store.path) == []


def test_simulate_checks_free_space_before_it_runs(store, monkeypatch):
    from analytics.sla.policy import load_policy
    from simulation import runner
    from simulation.api import default_scenario_path, load_scenario

    store.ensure()
    ran = []
    monkeypatch.setattr(runner, "run_all", lambda *a, **k: ran.append(1))
    usage = space.shutil.disk_usage(store.path.parent)
    monkeypatch.setattr(space.shutil, "disk_usage", lambda p: usage._replace(free=2_000_000))
    policy = load_policy()
    with pytest.raises(StoreError, match="not enough free disk space"):
        runner.simulate(store, load_scenario(default_scenario_path(), policy), policy, name="big", replications=3)
    assert ran == []


def test_expected_events_are_about_what_a_run_writes(store):
    from analytics.sla.policy import load_policy
    from simulation import runner
    from simulation.api import default_scenario_path, load_scenario

    policy = load_policy()
    scenario = load_scenario(default_scenario_path(), policy)
    short = dataclasses.replace(scenario, horizon=dataclasses.replace(scenario.horizon, days=3.0))
    summary = runner.simulate(store, short, policy, name="s", replications=1, workers=1)
    assert summary.events <= runner.expected_events(short) <= 4 * summary.events


# -- a --db that cannot be a database -----------------------------------------------------------------
def test_db_pointing_at_a_folder_fails_at_once_and_creates_nothing(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    started = time.monotonic()
    r = cli("import", str(SAMPLE_EVENTS), "--name", "s", "--db", str(folder))
    assert r.returncode == 1
    assert f"{folder}: is a folder, not a database file" in r.stderr
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert time.monotonic() - started < 30


def test_db_pointing_at_another_kind_of_file_names_that_file(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("just some notes\n")
    for args in (["datasets"], ["import", str(SAMPLE_EVENTS), "--name", "s"]):
        r = cli(*args, "--db", str(bad))
        assert r.returncode == 1
        assert f"{bad}: cannot open the database" in r.stderr
        assert "it is not a DuckDB database file" in r.stderr
        assert ".ro" not in r.stderr and ".tmp" not in r.stderr
    assert bad.read_text() == "just some notes\n"


@pytest.mark.parametrize("days", ["nan", "inf", "-inf", "0", "-3", "1e308", "eight"])
def test_simulate_days_must_be_a_finite_number_in_range(tmp_path, days):
    r = cli("simulate", "--name", "x", f"--days={days}", "--db", str(tmp_path / "x.duckdb"))
    assert r.returncode == 1
    assert r.stderr.startswith("sla: error: --days: ") and r.stderr.count("\n") == 1
    assert not (tmp_path / "x.duckdb").exists()


# -- SIGKILL during a write ---------------------------------------------------------------------------
def _kill_during_write(cmd: list[str], db: Path, rng: random.Random) -> bool:
    """Start ``cmd``, SIGKILL it (and its workers) at a random moment while its private copy exists.

    Returns whether the kill happened during the write (False: the command ended first).
    """
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    copy = db.with_name(f".{db.name}.{proc.pid}.tmp")
    deadline = time.monotonic() + 120
    while proc.poll() is None and not copy.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    during = proc.poll() is None
    if during:
        time.sleep(rng.uniform(0, 0.3))
        during = proc.poll() is None
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            during = False  # it ended just before the kill
    proc.wait(timeout=60)
    return during


def _check_after_kill(db: Path, before: str, before_counts: tuple, finished_counts: tuple) -> None:
    store = Store(db)
    now = counts(store)
    if now == before_counts:
        assert digest(db) == before  # the write never happened: the file is byte for byte the old one
    else:
        assert now == finished_counts  # killed after the swap: the whole write, never a part of it
    r = cli("datasets", "--db", str(db))
    assert r.returncode == 0, r.stderr
    store.close()


def test_sigkill_during_an_import_loses_nothing_and_blocks_nothing(tmp_path):
    db = tmp_path / "store" / "k.duckdb"
    store = Store(db)
    import_file(store, SAMPLE_EVENTS, name="sample")
    before, before_counts = digest(db), counts(store)
    big = write_events(tmp_path / "big.csv", [r for i in range(4000) for r in ticket(f"B{i}")])
    rng = random.Random(20261203)
    kills = 0
    for _ in range(6):
        kills += _kill_during_write([*SLA, "import", str(big), "--name", "big", "--db", str(db)], db, rng)
        _check_after_kill(db, before, before_counts, (2, 4014, 16099))
        if counts(store) != before_counts:
            break  # the import had finished before the kill: nothing left to interrupt
    assert kills >= 1
    # The next write is not blocked, and takes away what the killed writers left.
    r = cli(
        "import",
        str(write_events(tmp_path / "one.csv", ticket("ONE"))),
        "--name",
        "one",
        "--db",
        str(db),
        "--wait",
        "10",
    )
    assert r.returncode == 0, r.stderr
    assert leftovers(db) == []


def test_sigkill_during_a_simulation_write_loses_nothing_and_blocks_nothing(tmp_path):
    db = tmp_path / "store" / "s.duckdb"
    store = Store(db)
    import_file(store, SAMPLE_EVENTS, name="sample")
    before, before_counts = digest(db), counts(store)
    rng = random.Random(7)
    cmd = [*SLA, "simulate", "--name", "run", "--days", "7", "--replications", "2", "--workers", "1", "--db", str(db)]
    kills = 0
    for _ in range(3):
        kills += _kill_during_write(cmd, db, rng)
        now = counts(Store(db))
        if now != before_counts:
            assert now[0] == 2  # the run was written whole
            break
        assert digest(db) == before
    assert kills >= 1
    assert cli("datasets", "--db", str(db)).returncode == 0
    r = cli("rename", "sample", "sample2", "--db", str(db), "--wait", "10")
    assert r.returncode == 0, r.stderr
    assert leftovers(db) == []
