"""The simulation benchmark still runs (tiny sizes; figures are not asserted: CI must not fail on a slow machine)."""

from benchmarks import simulation_bench


def test_simulation_benchmark_runs(tmp_path, monkeypatch):
    monkeypatch.setattr("benchmarks.common.RESULTS", tmp_path)
    r = simulation_bench.main(2, 3)
    assert r["engine"]["customers_per_s"] > 0 and r["ciw"]["customers_per_s"] > 0
    assert r["year"]["tickets"] > 300 and r["year"]["events"] > r["year"]["tickets"]
    assert (tmp_path / "simulation.json").exists()
