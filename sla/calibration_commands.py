"""``sla calibrate`` (a stored history written as a scenario) and ``sla backtest`` (that scenario replayed
against the history), added to the parser by ``sla.cli``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from analytics import api
from simulation.api import (
    DEFAULT_SEED,
    backtest,
    calibrated_scenario,
    cells_table,
    handoffs_table,
    load_scenario,
    metrics_table,
    resolution_table,
    volume_table,
)
from sla.output import write_frame
from sla.simulation_commands import ProgressBar
from sla.store_options import store_for

ROWS_SHOWN = 10  # per-team and per-week rows printed in the table format (largest errors first)


def _date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag}: {text!r} is not a date; give e.g. {flag} 2026-03-02") from None


def cmd_calibrate(args) -> int:
    policy = api.load_policy(args.policy)
    rosters = None
    if args.roster is not None:
        try:
            rosters = Path(args.roster).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"--roster: {args.roster}: {exc.strerror or exc}") from None
    cal = api.calibrate(
        store_for(args),
        args.dataset,
        policy,
        _date(args.date_from, "--from"),
        _date(args.date_to, "--to"),
        roster_given=rosters is not None,
    )
    text = calibrated_scenario(cal, policy, rosters)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"Calibrated {cal.tickets:,} tickets of '{cal.dataset}' ({cal.start}, {cal.days} days) into {args.out}.")
    for gap in cal.gaps:
        print(f"gap: {gap}")
    print(f"Replay it with: sla simulate --scenario {args.out} --name NAME")
    return 0


def cmd_backtest(args) -> int:
    policy = api.load_policy(args.policy)
    scenario = load_scenario(args.scenario, policy)
    bt = backtest(
        store_for(args),
        args.dataset,
        scenario,
        policy,
        replications=args.replications,
        seed=args.seed,
        threshold=args.threshold,
        workers=args.workers,
        progress=ProgressBar(f"backtest of {scenario.name}"),
    )
    if args.format == "json":
        json.dump(bt.as_dict(), sys.stdout, indent=1, default=str)
        print()
        return 0
    print(
        f"Backtest of scenario '{api.shown(bt.scenario)}' against '{api.shown(bt.dataset)}': {bt.start} + {bt.days}"
        f" days, {bt.replications} replication(s), seed {bt.seed}."
    )
    print("Compliance per metric: the history, the simulated mean and the 95% band one replication falls in.")
    write_frame(metrics_table(bt), "table")
    print(bt.verdict())
    for note in bt.notes:
        print(f"note: {note}")
    sections = (
        (f"Per team, the {ROWS_SHOWN} largest errors:", cells_table(bt.teams, ["metric", "team"], ROWS_SHOWN)),
        (f"Per week, the {ROWS_SHOWN} largest errors:", cells_table(bt.weeks, ["metric", "week"], ROWS_SHOWN)),
        ("Resolution time as the SLA measures it (customer waits left out):", resolution_table(bt)),
        ("Hand-offs, share of the tickets:", handoffs_table(bt).head(ROWS_SHOWN)),
        ("Tickets per week and channel:", volume_table(bt)),
    )
    for title, frame in sections:
        print()
        print(title)
        write_frame(frame, "table")
    print()
    print("All rows: --format json.")
    return 0


def _threshold(text: str) -> float:
    import argparse

    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of percentage points") from None


def add_commands(sub, parents: dict) -> None:
    """Add ``calibrate`` and ``backtest`` to the ``sla`` sub-command parser."""
    c = sub.add_parser(
        "calibrate",
        parents=[parents["common"], parents["policy"]],
        help="measure a stored history and write a scenario that replays its weeks",
    )
    c.add_argument("--dataset", required=True, help="the history to measure")
    c.add_argument("--out", required=True, help="scenario TOML file to write")
    c.add_argument(
        "--from",
        dest="date_from",
        default=None,
        help="first day (default: the first Monday of a week with a tenth of the busiest week's tickets)",
    )
    c.add_argument("--to", dest="date_to", default=None, help="last day, included (default: the last ticket's day)")
    c.add_argument("--roster", default=None, help="TOML file of [rosters.TEAM] tables (scenario format) to use")
    c.set_defaults(func=cmd_calibrate)
    b = sub.add_parser(
        "backtest",
        parents=[parents["common"], parents["policy"]],
        help="replay a history's period with a scenario and compare compliance, times, hand-offs and volumes",
    )
    b.add_argument("--dataset", required=True, help="the history to compare with")
    b.add_argument("--scenario", required=True, help="scenario TOML file, e.g. one written by sla calibrate")
    b.add_argument("--replications", type=int, default=5, help="replications, for the band (default: 5)")
    b.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    b.add_argument(
        "--threshold", type=_threshold, default=3.0, help="largest acceptable error per metric, in pp (default: 3)"
    )
    b.add_argument("--workers", type=int, default=None, help="worker processes (default: one per CPU)")
    b.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    b.set_defaults(func=cmd_backtest)


__all__ = ["add_commands", "cmd_backtest", "cmd_calibrate"]
