"""``sla calibrate``: measure a stored history and write it as a scenario, added to the parser by ``sla.cli``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from analytics import api
from simulation.api import calibrated_scenario
from sla.store_options import store_for


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


def add_commands(sub, parents: dict) -> None:
    """Add ``calibrate`` to the ``sla`` sub-command parser."""
    c = sub.add_parser(
        "calibrate",
        parents=[parents["common"], parents["policy"]],
        help="measure a stored history and write a scenario that replays its weeks",
    )
    c.add_argument("--dataset", required=True, help="the history to measure")
    c.add_argument("--out", required=True, help="scenario TOML file to write")
    c.add_argument("--from", dest="date_from", default=None, help="first day (default: the history's first Monday)")
    c.add_argument("--to", dest="date_to", default=None, help="last day, included (default: the last ticket's day)")
    c.add_argument("--roster", default=None, help="TOML file of [rosters.TEAM] tables (scenario format) to use")
    c.set_defaults(func=cmd_calibrate)


__all__ = ["add_commands", "cmd_calibrate"]
