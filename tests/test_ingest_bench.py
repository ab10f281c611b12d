"""The import benchmark still runs (tiny size; figures are not asserted)."""

from benchmarks import import_bench


def test_import_benchmark_runs_and_counts(tmp_path, monkeypatch):
    monkeypatch.setattr("benchmarks.common.RESULTS", tmp_path)
    r = import_bench.main(4000, repeat=1)
    assert r["canonical"]["tickets"] == 500 and r["canonical"]["events"] == 4000
    assert r["canonical"]["rejects"] == 0 and r["servicenow"]["rejects"] == 0
    # 8 updates per incident -> created, assigned, escalated, paused, resumed, assigned, resolved, closed
    assert r["servicenow"]["tickets"] == 500 and r["servicenow"]["events"] == 4000
    assert r["canonical"]["ratio"] > 0 and (tmp_path / "import.json").is_file()
