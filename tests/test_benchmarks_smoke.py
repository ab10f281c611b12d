"""The benchmarks still run (tiny sizes; figures are not asserted: CI must not fail on a slow machine)."""

from benchmarks import business_time_bench, calibration_bench, clocks_bench


def test_clocks_benchmark_runs_and_counts(tmp_path, monkeypatch):
    monkeypatch.setattr("benchmarks.common.RESULTS", tmp_path)
    r = clocks_bench.main(2000)
    assert r["tickets"] == 2000 and 7 * 2000 < r["events"] < 9 * 2000
    assert r["clocks"] > 5 * 2000 and r["ratio"] > 0


def test_calibration_benchmark_runs_and_counts(tmp_path, monkeypatch):
    monkeypatch.setattr("benchmarks.common.RESULTS", tmp_path)
    r = calibration_bench.main(3000)
    assert r["tickets"] == 3000 and 6 * 3000 < r["events"] < 9 * 3000 and r["chunks"] == 1
    assert r["period_days"] >= 7 and 0 < r["period_tickets"] <= 3000
    assert r["clocks"] > 4 * 3000 and r["ratio"] > 0


def test_business_time_benchmark_runs(tmp_path, monkeypatch):
    monkeypatch.setattr("benchmarks.common.RESULTS", tmp_path)
    r = business_time_bench.main(20000)
    assert r["engine_rows_per_s"] > 0 and r["duckdb_asof_rows_per_s"] > 0
