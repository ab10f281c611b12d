"""Run every benchmark in its own process (so each reports its own peak memory): `make bench`."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = [
    "benchmarks.business_time_bench",
    "benchmarks.clocks_bench",
    "benchmarks.calibration_bench",
    "benchmarks.simulation_bench",
    "benchmarks.import_bench",
    "benchmarks.dashboard_bench",
]


def main() -> int:
    failed = 0
    for module in BENCHMARKS + sys.argv[1:]:
        print(f"== {module}", flush=True)
        failed |= subprocess.call([sys.executable, "-m", module]) != 0
    print("Results saved in benchmarks/results/*.json")
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
