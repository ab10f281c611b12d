"""Business time: open seconds between N random instant pairs over a year, time zones and holidays
included, beside a plain numpy baseline (a UTC day-table lookup without zones or holidays) measured
in the same run; and the same pairs through the DuckDB ASOF path the clock engine uses.

Target (issue 2): >= 4M rows/s including time-zone handling.
Usage: python -m benchmarks.business_time_bench [N]   (default 1,000,000 pairs)
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np
import pandas as pd

from analytics.sla.calendar import open_seconds
from analytics.sla.policy import load_policy
from analytics.store.database import prepare
from benchmarks.common import best_of, peak_rss_mib, save

YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
US = 1_000_000


def random_pairs(n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    start = np.int64(YEAR_START.timestamp() * US)
    a = start + rng.integers(0, 365 * 86400 * US, n, dtype=np.int64)
    b = a + rng.integers(0, 5 * 86400 * US, n, dtype=np.int64)
    return a.astype("datetime64[us]"), b.astype("datetime64[us]")


def plain_numpy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Baseline: Mon-Fri 08:00-17:00 in UTC, no zones, no holidays: day table + cumulative lookup."""
    a_us, b_us = a.view(np.int64), b.view(np.int64)
    day0 = a_us.min() // (86400 * US)
    days = np.arange(day0 - 1, b_us.max() // (86400 * US) + 2)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    open_days = days[weekday < 5]
    starts = open_days * 86400 * US + 8 * 3600 * US
    ends = starts + 9 * 3600 * US
    cum = np.concatenate(([0], np.cumsum(ends - starts)[:-1]))

    def f(t):
        i = np.searchsorted(starts, t, side="right") - 1
        i = np.clip(i, 0, len(starts) - 1)
        return cum[i] + np.clip(t - starts[i], 0, ends[i] - starts[i])

    return (f(b_us) - f(a_us)) / US


def main(n: int = 1_000_000) -> dict:
    policy = load_policy()
    cal = policy.teams["DC-CA"].calendar  # America/Toronto, Mon-Fri 08:00-17:00, CA-ON holidays
    a, b = random_pairs(n)
    t_base = best_of(lambda: plain_numpy(a, b))
    t_engine = best_of(lambda: open_seconds(cal, a, b))
    got = open_seconds(cal, a, b)
    assert np.isfinite(got).all() and (got >= 0).all()

    # The SQL path of the clock engine: two ASOF look-ups per pair into the interval table.
    con = prepare(duckdb.connect())
    table = cal.intervals(YEAR_START - timedelta(days=2), YEAR_START + timedelta(days=372)).to_frame("DC-CA")
    con.register("cal_intervals", table)
    con.register("pairs", pd.DataFrame({"lo": a.view(np.int64), "hi": b.view(np.int64)}))
    query = """
        SELECT sum((h.cum_us + greatest(0, least(p.hi, h.end_us) - h.start_us))
                 - (l.cum_us + greatest(0, least(p.lo, l.end_us) - l.start_us)))
        FROM pairs p
        ASOF LEFT JOIN cal_intervals l ON l.start_us <= p.lo
        ASOF LEFT JOIN cal_intervals h ON h.start_us <= p.hi"""
    t_sql = best_of(lambda: con.execute(query).fetchall())
    sql_total = con.execute(query).fetchall()[0][0] / US
    assert abs(sql_total - got.sum()) < 1e-3 * max(1.0, got.sum()), (sql_total, got.sum())
    result = {
        "pairs": n,
        "engine_s": round(t_engine, 4),
        "engine_rows_per_s": round(n / t_engine),
        "numpy_baseline_s": round(t_base, 4),
        "numpy_baseline_rows_per_s": round(n / t_base),
        "ratio_engine_to_baseline": round(t_engine / t_base, 2),
        "duckdb_asof_s": round(t_sql, 4),
        "duckdb_asof_rows_per_s": round(n / t_sql),
        "target_rows_per_s": 4_000_000,
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }
    print(
        f"business time: {n:,} pairs (America/Toronto, CA-ON holidays): engine {n / t_engine / 1e6:.1f}M rows/s "
        f"(target >= 4M), plain numpy UTC baseline {n / t_base / 1e6:.1f}M rows/s, "
        f"ratio {result['ratio_engine_to_baseline']}x; DuckDB ASOF path {n / t_sql / 1e6:.1f}M rows/s; "
        f"peak RSS {result['peak_rss_mib']} MiB"
    )
    save("business_time", result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
