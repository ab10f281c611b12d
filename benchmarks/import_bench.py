"""Importing N-row files vs a bare DuckDB ``read_csv`` of the same file, in the same run.

Two files: a canonical events CSV and a ServiceNow-style audit export (day-first dates, ``?`` for
missing values). Each import (read, map, validate, write the dataset atomically) is timed against
``CREATE TABLE AS SELECT * FROM read_csv(file)`` in a fresh in-memory DuckDB: every column of the
same file, read while it is in the page cache. The two are timed alternately, best of ``repeat``
each, so that a busy moment of a shared machine does not favour one side. Target: <= 3x.

Two more figures explain the ratio: writing the imported tickets and events (already typed, in
memory) through the atomic writer alone, and a *floor*: the file read by DuckDB's reader, every row
numbered per ticket and written to a new store through the atomic writer, with no check, mapping or
hash at all (``benchmarks/sql/floor_*.sql``). No import can be faster than its floor.
Usage: python -m benchmarks.import_bench [N]   (default 1,000,000 rows per file)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import duckdb

from analytics.ingest import import_file
from analytics.ingest.pipeline import write_tickets
from analytics.store.database import Store
from benchmarks.common import best_of, peak_rss_mib, save

SQL = Path(__file__).resolve().parent / "sql"


def write_file(path: Path, query: str, n: int) -> None:
    """Write the synthetic rows of ``query`` (one of ``benchmarks/sql``) to a CSV file."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"COPY ({(SQL / query).read_text()}) TO '{path}' (HEADER, DELIMITER ',')", {"n": n})
    con.close()


def bare_read(path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    con.close()


def floor_import(folder: Path, path: Path, label: str, fmt: str | None) -> float:
    """Seconds for the floor of an import of ``path`` (see the module docstring)."""
    store = Store(folder / f"floor-{time.monotonic_ns()}.duckdb")
    params = {"fmt": fmt} if fmt else {}
    t = time.perf_counter()
    with store.writer() as con:
        con.execute("CREATE TEMP TABLE src AS SELECT * FROM read_csv(?, all_varchar = ?)", [str(path), fmt is not None])
        # Fixed benchmark queries; the store's own schema.
        for table in ("tickets", "events"):
            query = (SQL / f"floor_{label}_{table}.sql").read_text()
            con.execute(f"INSERT INTO {table} BY NAME (SELECT 1 AS dataset_id, * FROM ({query}))", params)
    elapsed = time.perf_counter() - t
    store.path.unlink()
    return elapsed


def timed_import(folder: Path, path: Path, fmt: str, **options) -> tuple[float, object, float]:
    """Seconds for one import into a fresh database, its result, and the seconds that writing the same
    tickets and events (already typed, in memory) through the atomic writer takes on its own: the
    part of an import that no reading or checking can save."""
    store = Store(folder / f"{fmt}-{time.monotonic_ns()}.duckdb")
    t = time.perf_counter()
    result = import_file(store, path, name="bench", fmt=fmt, **options)
    elapsed = time.perf_counter() - t
    con = store.reader()
    tickets = con.sql("SELECT * EXCLUDE (dataset_id) FROM tickets").to_arrow_table()
    events = con.sql("SELECT * EXCLUDE (dataset_id) FROM events ORDER BY ticket_id, seq").to_arrow_table()
    store.close()
    store.path.unlink()
    again = Store(folder / f"write-{time.monotonic_ns()}.duckdb")
    t = time.perf_counter()
    with again.writer() as w:
        write_tickets(w, 1, tickets, events)
    write_only = time.perf_counter() - t
    again.path.unlink()
    return elapsed, result, write_only


def main(n: int = 1_000_000, repeat: int = 3) -> dict:
    out = {"rows": n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        day_first = "%d/%m/%Y %H:%M"
        cases = (
            ("canonical", "import_canonical_events.sql", "events", {}, None),
            (
                "servicenow",
                "import_servicenow_audit.sql",
                "servicenow",
                {"timezone": "UTC", "date_format": day_first},
                day_first,
            ),
        )
        for label, query, fmt, options, floor_fmt in cases:
            path = folder / f"{label}.csv"
            write_file(path, query, n)
            bare_read(path)  # warm-up: the file is read from the page cache by both sides
            base, best, write, floor, result = float("inf"), float("inf"), float("inf"), float("inf"), None
            for _ in range(repeat):
                base = min(base, best_of(lambda p=path: bare_read(p), 1))
                elapsed, result, write_only = timed_import(folder, path, fmt, **options)
                floor = min(floor, floor_import(folder, path, label, floor_fmt))
                best, write = min(best, elapsed), min(write, write_only)
            out[label] = {
                "file_mib": round(path.stat().st_size / 2**20, 1),
                "read_csv_s": round(base, 3),
                "import_s": round(best, 3),
                "ratio": round(best / base, 2),
                "tickets": result.tickets_new,
                "events": result.events,
                "rejects": len(result.rejects),
                "write_only_s": round(write, 3),
                "write_only_ratio": round(write / base, 2),
                "floor_s": round(floor, 3),
                "floor_ratio": round(floor / base, 2),
            }
            path.unlink()
    out["target_ratio"] = 3
    out["peak_rss_mib"] = round(peak_rss_mib(), 1)
    for label in ("canonical", "servicenow"):
        r = out[label]
        print(
            f"import {label}: {n:,} rows ({r['file_mib']} MiB) -> {r['tickets']:,} tickets, {r['events']:,} events "
            f"in {r['import_s']:.2f} s; bare DuckDB read_csv {r['read_csv_s']:.2f} s; ratio {r['ratio']}x "
            f"(target <= 3x); of which writing alone {r['write_only_s']:.2f} s ({r['write_only_ratio']}x); "
            f"floor (read, number, write; no check) {r['floor_s']:.2f} s ({r['floor_ratio']}x); "
            f"peak RSS {out['peak_rss_mib']} MiB"
        )
    save("import", out)
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
