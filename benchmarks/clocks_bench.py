"""All SLA clocks for N tickets (~8 events each) vs one bare DuckDB GROUP BY ticket scan.

Target (issue 2): clocks <= 15x the bare scan of the same events, in the same run.
Usage: python -m benchmarks.clocks_bench [N]   (default 1,000,000 tickets)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from analytics.sla.clocks import prepare_clocks
from analytics.sla.policy import load_policy
from analytics.store.database import Store, fetch_one
from benchmarks.common import best_of, peak_rss_mib, save

SQL = Path(__file__).resolve().parent / "sql"


def build(store: Store, n: int) -> int:
    """Write the synthetic dataset 'synthetic' with ``n`` tickets; return its event count."""
    with store.writer() as con:
        now = datetime.now(UTC)
        con.execute(
            "INSERT INTO datasets (dataset_id, name, kind, source, created_at, updated_at) "
            "VALUES (1, 'synthetic', 'history', 'benchmarks', ?, ?)",
            [now, now],
        )
        con.execute(
            "INSERT INTO tickets (dataset_id, ticket_id, channel, category, complexity, priority, site, customer, "
            "created_at) SELECT 1, * FROM (" + (SQL / "synthetic_tickets.sql").read_text() + ")",
            {"n": n},
        )
        con.execute(
            "INSERT INTO events SELECT 1, * FROM ("
            + (SQL / "synthetic_events.sql").read_text()
            + ") ORDER BY ticket_id, seq",
            {"n": n},
        )
        return fetch_one(con, "SELECT count(*) FROM events")[0]


def main(n: int = 1_000_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        events = build(store, n)
        policy = load_policy()
        con = store.reader()

        def scan():
            con.execute(
                "SELECT ticket_id, count(*), min(ts), max(ts) FROM events WHERE dataset_id = 1 GROUP BY ticket_id"
            ).fetchall()

        def clocks():
            c = store.reader()
            prepare_clocks(c, "synthetic", policy)
            return fetch_one(c, "SELECT count(*) FROM clocks")[0]

        base = best_of(scan)
        t_clocks = best_of(clocks)
        n_clocks = clocks()
        result = {
            "tickets": n,
            "events": events,
            "clocks": n_clocks,
            "group_by_scan_s": round(base, 4),
            "all_clocks_s": round(t_clocks, 4),
            "ratio": round(t_clocks / base, 2),
            "target_ratio": 15,
            "peak_rss_mib": round(peak_rss_mib(), 1),
        }
        store.close()
    print(
        f"clocks: {n:,} tickets, {events:,} events -> {n_clocks:,} clocks in {t_clocks:.2f} s; "
        f"bare GROUP BY ticket scan {base:.3f} s; ratio {result['ratio']}x (target <= 15x); "
        f"peak RSS {result['peak_rss_mib']} MiB"
    )
    save("clocks", result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
