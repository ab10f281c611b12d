"""Dashboard pages on a large dataset: how long each page takes warm, and the server's memory.

Builds the synthetic history of ``clocks_bench`` (N tickets, ~8 events each), then:

1. builds the fact cache once (clocks of every ticket, copied into the in-memory cache), timed;
2. renders every page through Streamlit's AppTest (the page script with all its queries, tables
   and Plotly figures; no browser), warm, best of 3;
3. reports the process's resident memory: right after the build, while serving the pages with the
   cache kept, and at its peak.

Target (issue): every page ≤ 2 s warm on 1M tickets. Baseline in the same run: the bare clock
computation (``prepare_clocks``), which the cache saves on every click.
Usage: python -m benchmarks.dashboard_bench [N]   (default 1,000,000 tickets)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from analytics import api
from analytics.sla import facts as factcache
from analytics.sla.clocks import prepare_clocks
from analytics.sla.policy import load_policy
from analytics.store.database import Store
from benchmarks.clocks_bench import build
from benchmarks.common import best_of, peak_rss_mib, save

APP = Path(__file__).resolve().parent.parent / "sla" / "streamlit_app.py"
PAGES = ["overview", "compliance", "resolution", "escalations", "tickets", "data"]


def _current_rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(n: int = 1_000_000) -> dict:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        events = build(store, n)
        store.close()
        policy = load_policy()
        rss_before = _current_rss_mib()

        def bare():
            c = store.reader()
            prepare_clocks(c, "synthetic", policy)
            c.close()

        t_bare = best_of(bare, repeat=1)
        factcache.clear()
        t0 = time.perf_counter()
        facts = api.facts(store, "synthetic", policy)
        t_cache = time.perf_counter() - t0
        rss_cache = _current_rss_mib()

        os.environ["SLA_DB"] = str(store.path)
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.run()
        pages = {}
        for page in PAGES:
            at.switch_page(f"../dashboard/pages/{page}.py").run()  # first visit (cache already built)
            if at.exception:
                raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")
            pages[page] = round(best_of(lambda: at.run(), repeat=3), 3)
        at.sidebar.multiselect(key="channel").set_value(["chat"]).run()
        at.switch_page("../dashboard/pages/overview.py").run()
        filtered = round(best_of(lambda: at.run(), repeat=3), 3)
        rss_serving = _current_rss_mib()  # the cache kept, every page served
        result = {
            "tickets": n,
            "events": events,
            "clocks": int(facts.query("SELECT count(*) AS n FROM clock_facts")["n"][0]),
            "bare_clocks_s": round(t_bare, 3),
            "fact_cache_build_s": round(t_cache, 3),
            "page_warm_s": pages,
            "overview_filtered_chat_s": filtered,
            "target_page_s": 2.0,
            "slowest_page_over_bare_clocks": round(max(pages.values()) / t_bare, 3),
            "rss_before_cache_mib": round(rss_before, 1),
            "rss_after_cache_build_mib": round(rss_cache, 1),
            "rss_with_cache_mib": round(rss_serving, 1),
            "rss_end_mib": round(_current_rss_mib(), 1),
            "peak_rss_mib": round(peak_rss_mib(), 1),
        }
        factcache.clear()
    slow = max(pages, key=pages.get)
    print(
        f"dashboard: {n:,} tickets, {events:,} events; fact cache built in {t_cache:.2f} s "
        f"(bare clocks {t_bare:.2f} s); pages warm: "
        + ", ".join(f"{p} {s:.2f} s" for p, s in pages.items())
        + f"; slowest {slow} = {pages[slow] / t_bare:.2f}x the bare clock computation (target <= 2 s); "
        f"RSS {result['rss_with_cache_mib']:.0f} MiB with the cache, peak {result['peak_rss_mib']:.0f} MiB"
    )
    save("dashboard", result)
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
