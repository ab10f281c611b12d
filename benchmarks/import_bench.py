"""Importing N-row files vs a bare DuckDB ``read_csv`` of the same file, in the same run.

Two files: a canonical events CSV and a ServiceNow-style audit export (day-first dates, ``?`` for
missing values). Each import (read, map, validate, write the dataset atomically) is timed against
``CREATE TABLE AS SELECT * FROM read_csv(file)`` in a fresh in-memory DuckDB. Target: <= 3x.
Usage: python -m benchmarks.import_bench [N]   (default 1,000,000 rows per file)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import duckdb

from analytics.ingest import import_file
from analytics.store import Store
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


def timed_import(folder: Path, path: Path, fmt: str, **options) -> tuple[float, object]:
    """Seconds for one import into a fresh database, and its result."""
    store = Store(folder / f"{fmt}-{time.monotonic_ns()}.duckdb")
    t = time.perf_counter()
    result = import_file(store, path, name="bench", fmt=fmt, **options)
    elapsed = time.perf_counter() - t
    store.close()
    store.path.unlink()
    return elapsed, result


def main(n: int = 1_000_000, repeat: int = 2) -> dict:
    out = {"rows": n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = (("canonical", "import_canonical_events.sql", "events", {}),
                 ("servicenow", "import_servicenow_audit.sql", "servicenow", {"timezone": "UTC", "date_format": "%d/%m/%Y %H:%M"}))
        for label, query, fmt, options in cases:
            path = folder / f"{label}.csv"
            write_file(path, query, n)
            base = best_of(lambda p=path: bare_read(p), repeat)
            best, result = float("inf"), None
            for _ in range(repeat):
                elapsed, result = timed_import(folder, path, fmt, **options)
                best = min(best, elapsed)
            out[label] = {"file_mib": round(path.stat().st_size / 2**20, 1), "read_csv_s": round(base, 3),
                          "import_s": round(best, 3), "ratio": round(best / base, 2), "tickets": result.tickets_new,
                          "events": result.events, "rejects": len(result.rejects)}
            path.unlink()
    out["target_ratio"] = 3
    out["peak_rss_mib"] = round(peak_rss_mib(), 1)
    for label in ("canonical", "servicenow"):
        r = out[label]
        print(f"import {label}: {n:,} rows ({r['file_mib']} MiB) -> {r['tickets']:,} tickets, {r['events']:,} events "
              f"in {r['import_s']:.2f} s; bare DuckDB read_csv {r['read_csv_s']:.2f} s; ratio {r['ratio']}x "
              f"(target <= 3x); peak RSS {out['peak_rss_mib']} MiB")
    save("import", out)
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
