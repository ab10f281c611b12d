"""The dashboard benchmark still runs (tiny size; figures are not asserted: a loaded machine is slow)."""

from benchmarks import dashboard_bench


def test_dashboard_benchmark_runs(tmp_path, monkeypatch):
    monkeypatch.setattr("benchmarks.common.RESULTS", tmp_path)
    r = dashboard_bench.main(2000)
    assert r["tickets"] == 2000 and r["clocks"] > 5 * 2000
    assert set(r["page_warm_s"]) == set(dashboard_bench.PAGES)
    assert (tmp_path / "dashboard.json").exists()
