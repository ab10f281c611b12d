"""Calibrating a 1M-ticket history (`sla calibrate`) vs computing all its SLA clocks, in the same run.

The history is made by the project's own simulator, since calibration needs what the synthetic
events of ``benchmarks/sql`` lack (agents, escalation reasons, approvals, customers and sites, the
default organisation's teams, categories and complexities). The sample scenario
(``sample_data/scenario.toml``, about 200 tickets a day) is simulated in chunks of 52 weeks, each with
its own seed and replication number (ticket ids ``r01-...``, ``r02-...`` stay unique), laid end to end
backwards in time from the scenario's start (2026-03-02): chunk 1 is the 52 weeks before it, chunk 2 the
52 weeks before those, and so on, so arrivals run on seamlessly, every chunk keeps the weekday and the
hour of week, and no instant lies past the plausible window (ten years ahead), whose tickets the
clocks would leave out. The chunks are simulated in worker processes (one per CPU) and written in one
transaction as one history (``replication`` NULL, as an import) until it holds N tickets; the earliest
chunk keeps only its last tickets. Events after a chunk's end are not simulated, so the few tickets
open when a chunk ends stay open.
At 1M tickets: 14 chunks, 5,019 days, 7.4M events, built in 100-160 s on a 2-core machine (a chunk
takes 6-7 s to simulate; there, the second worker gains little).

Timed, each best of three on the same dataset: (a) all clocks (``prepare_clocks``, as clocks_bench),
(b) ``analytics.calibration.calibrate`` over the history's default period (from its first Monday to
its last ticket). Target: (b) <= 3x (a).
Peak RSS is that of the timing process (the simulating workers are other processes).
Usage: python -m benchmarks.calibration_bench [N]   (default 1,000,000 tickets)
"""

from __future__ import annotations

import datetime as dt
import math
import multiprocessing
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.calibration import calibrate
from analytics.ingest.write import write_tickets
from analytics.sla.clocks import prepare_clocks
from analytics.sla.policy import load_policy
from analytics.store import datasets as ds_mod
from analytics.store.database import Store, fetch_one
from benchmarks.common import best_of, peak_rss_mib, save
from simulation.columns import to_arrow
from simulation.engine import run_replication
from simulation.scenario_parse import load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "sample_data" / "scenario.toml"
CHUNK_DAYS = 364  # 52 weeks: every chunk starts on the scenario's weekday
TARGET = 3.0


def _chunk(number: int, days: int) -> tuple[pa.Table, pa.Table]:
    """``(tickets, events)`` of chunk ``number`` (1-based): the ``days`` days ending ``(number - 1) * days`` days
    before the scenario's start, simulated with seed ``number``."""
    policy = load_policy()
    s = load_scenario(SCENARIO, policy)
    s = replace(s, horizon=replace(s.horizon, start=s.horizon.start - dt.timedelta(days=number * days), days=days))
    tickets, events = to_arrow(run_replication(s, policy, np.random.SeedSequence(number), number), s)
    return tickets.drop_columns(["replication"]), events


def _chunks(days: int, expected: int) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Chunks 1, 2, ... in order, simulated ahead by one worker process per CPU (in this one for a single chunk)."""
    workers = min(os.cpu_count() or 1, expected)
    if workers <= 1:
        number = 1
        while True:
            yield _chunk(number, days)
            number += 1
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = deque(pool.submit(_chunk, k, days) for k in range(1, workers + 1))
        number = workers + 1
        try:
            while True:
                done = pending.popleft()
                pending.append(pool.submit(_chunk, number, days))
                number += 1
                yield done.result()
        finally:
            for f in pending:
                f.cancel()


def build(store: Store, n: int, policy) -> tuple[int, int]:
    """Write the simulated history 'calib' of ``n`` tickets; return ``(chunks, events)``."""
    s = load_scenario(SCENARIO, policy)
    per_day = s.multiplier * sum(float(np.sum(ch.rates)) for ch in s.channels.values()) / 7
    # A history shorter than a chunk gets whole weeks, a week more than it needs (two at least).
    days = min(CHUNK_DAYS, 7 * max(2, math.ceil(n / per_day / 7) + 1))
    written = chunks = 0
    with store.writer() as con:
        dsid, _ = ds_mod.get_or_create(con, "calib", kind="history", source=f"simulated {SCENARIO.name}")
        for tickets, events in _chunks(days, math.ceil(n / (per_day * days))):
            keep = min(tickets.num_rows, n - written)
            tickets = tickets.slice(tickets.num_rows - keep)  # arrivals are in time order: the last ones
            events = events.filter(pc.is_in(events["ticket_id"], tickets["ticket_id"]))
            write_tickets(con, dsid, tickets, events)
            written += keep
            chunks += 1
            if written >= n:
                break
        ds_mod.refresh_counts(con, dsid)
        return chunks, fetch_one(con, "SELECT count(*) FROM events WHERE dataset_id = ?", [dsid])[0]


def main(n: int = 1_000_000) -> dict:
    policy = load_policy()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        t = time.perf_counter()
        chunks, events = build(store, n, policy)
        t_build = time.perf_counter() - t
        last = {}

        def clocks():
            c = store.reader()
            prepare_clocks(c, "calib", policy)
            last["clocks"] = fetch_one(c, "SELECT count(*) FROM clocks")[0]

        def calibration():
            last["cal"] = calibrate(store, "calib", policy)

        t_clocks = best_of(clocks)
        t_cal = best_of(calibration)
        cal = last["cal"]
        result = {
            "tickets": n,
            "events": events,
            "chunks": chunks,
            "build_s": round(t_build, 1),
            "clocks": last["clocks"],
            "period_days": cal.days,
            "period_tickets": cal.tickets,
            "all_clocks_s": round(t_clocks, 4),
            "calibrate_s": round(t_cal, 4),
            "ratio": round(t_cal / t_clocks, 2),
            "target_ratio": TARGET,
            "peak_rss_mib": round(peak_rss_mib(), 1),
        }
        store.close()
    print(
        f"calibration: {n:,} tickets, {events:,} events (simulated, {chunks} chunk(s) in {t_build:.0f} s); "
        f"calibrate {t_cal:.2f} s over {cal.days} days ({cal.tickets:,} tickets); all clocks {t_clocks:.2f} s "
        f"({last['clocks']:,} clocks); ratio {result['ratio']}x (target <= {TARGET:g}x); "
        f"peak RSS {result['peak_rss_mib']} MiB"
    )
    save("calibration", result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
