"""``sla simulate`` and ``sla compare``, added to the ``sla`` command line by ``sla.cli``."""

from __future__ import annotations

import math
import sys
from dataclasses import replace

from analytics import api
from simulation.api import DEFAULT_SEED, default_scenario_path, load_scenario, simulate
from sla.output import write_frame
from sla.store_options import store_for


class ProgressBar:
    """A plain-text progress bar on stderr (one line per step when stderr is not a terminal)."""

    def __init__(self, label: str, stream=None):
        self.label, self.stream = label, stream or sys.stderr
        self.tty = self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        line = f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} replications"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done >= total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def cmd_simulate(args) -> int:
    policy = api.load_policy(args.policy)
    scenario = load_scenario(args.scenario, policy)
    if args.days is not None:
        scenario = replace(scenario, horizon=replace(scenario.horizon, days=_days(args.days)))
    summary = simulate(
        store_for(args),
        scenario,
        policy,
        name=args.name,
        replications=args.replications,
        seed=args.seed,
        workers=args.workers,
        progress=ProgressBar(f"simulating {args.name}"),
        replace=args.replace,
    )
    print(summary.text())
    print(f"See it with: sla compliance --dataset {args.name} --by metric,replication")
    return 0


def cmd_compare(args) -> int:
    from simulation.api import compare, readable

    df = compare(store_for(args), args.a, args.b, api.load_policy(args.policy))
    if args.format == "table":
        print("Compliance % per metric: mean over replications ± half-width of its 95% confidence interval.")
        write_frame(readable(df, args.a, args.b), "table")
    else:
        write_frame(df, args.format)
    return 0


def _positive_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    return value


def _days(value: str) -> float:
    """``--days``: a finite number of days from one hour to 3660 (what a scenario's horizon allows)."""
    try:
        days = float(value)
    except ValueError:
        raise ValueError(f"--days: {value!r} is not a number of days; give e.g. --days 28") from None
    if not math.isfinite(days) or not 1 / 24 <= days <= 3660:
        raise ValueError(f"--days: {value!r} must be a number of days from 0.042 (one hour) to 3660")
    return days


def add_commands(sub, parents: dict) -> None:
    """Add ``simulate`` and ``compare`` to the ``sla`` sub-command parser."""
    s = sub.add_parser(
        "simulate",
        parents=[parents["common"], parents["policy"], parents["wait"]],
        help="simulate the organisation under a scenario; the run becomes a dataset",
    )
    s.add_argument(
        "--scenario",
        default=str(default_scenario_path()),
        help=f"scenario TOML file (default: {default_scenario_path()}); see docs/scenarios.md",
    )
    s.add_argument("--name", required=True, help="name of the dataset the run is written to")
    s.add_argument(
        "--replications",
        type=_positive_int,
        default=1,
        help="independent replications, for confidence intervals (default: 1)",
    )
    s.add_argument(
        "--seed",
        type=_positive_int,
        default=DEFAULT_SEED,
        help=f"random seed; the same seed gives the same events (default: {DEFAULT_SEED})",
    )
    s.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="worker processes (default: one per CPU, at most one per replication)",
    )
    s.add_argument("--days", default=None, help="override horizon.days of the scenario (1 hour to 3660 days)")
    s.add_argument("--replace", action="store_true", help="overwrite an earlier simulation of the same name")
    s.set_defaults(func=cmd_simulate)

    c = sub.add_parser(
        "compare",
        parents=[parents["common"], parents["policy"], parents["format"]],
        help="compare the SLA compliance of two runs, with 95%% confidence intervals",
    )
    c.add_argument("a", metavar="NAME_A", help="first dataset (e.g. the baseline)")
    c.add_argument("b", metavar="NAME_B", help="second dataset (e.g. the changed roster)")
    c.set_defaults(func=cmd_compare)


__all__ = ["ProgressBar", "add_commands", "cmd_compare", "cmd_simulate"]
