"""Cross-checks of a whole scenario: every team that receives work has work times and someone on duty.

Run by :func:`simulation.scenario_parse.parse_scenario` after the file's own checks, and again by the
staffing page on scenarios edited there.
"""

from __future__ import annotations

import numpy as np

from analytics.sla.policy import Policy
from simulation.rosters import uncovered_hours
from simulation.scenario import Scenario, ScenarioError

__all__ = ["check_scenario", "receiving_teams"]


def receiving_teams(s: Scenario) -> dict[str, str]:
    """Teams that can receive work, each with why (for messages).

    Parameters
    ----------
    s : Scenario

    Returns
    -------
    dict
        Team id -> why it receives work, e.g. ``"'server' escalations of billing/complex"``.
    """
    need = {s.intake: "it takes every new ticket"}
    for cname, cat in s.categories.items():
        for cx, probs in cat.escalation.items():
            if s.categories[cname].complexity.get(cx, 0) == 0:
                continue
            for reason, p in probs.items():
                if p <= 0:
                    continue
                if reason == "server":
                    need.setdefault(s.server_team, f"'server' escalations of {cname}/{cx}")
                elif reason == "complex":
                    need.setdefault(cat.specialist, f"'complex' escalations of {cname}/{cx}")
                elif reason == "approval":
                    need.setdefault(s.approval_team, f"approvals of {cname}/{cx}")
                elif reason == "onsite":
                    for site, share in s.sites.items():
                        if share > 0 and site in s.site_teams:
                            need.setdefault(s.site_teams[site], f"'onsite' escalations for site {site}")
        if s.behaviour.volume_share > 0 and cat.specialist:
            need.setdefault(cat.specialist, f"'volume' escalations of {cname}")
    if s.flows is not None:
        for team, why in s.flows.targets().items():
            need.setdefault(team, why)
    return need


def check_scenario(s: Scenario, policy: Policy, where: str = "scenario") -> None:
    """Cross-checks that need the whole scenario: work times and rosters for every team that gets work.

    Run again on scenarios edited in the dashboard (a copy made with ``dataclasses.replace`` is not validated).

    Parameters
    ----------
    s : Scenario
    policy : Policy
    where : str
        What to name in messages (the file, or "edited scenario").

    Raises
    ------
    ScenarioError
        A team that receives work but has no work times or nobody on duty, an intake team with hours
        nobody covers, or a negative volume multiplier.
    """
    if s.multiplier < 0:
        raise ScenarioError(f"{where}: arrivals.multiplier {s.multiplier!r} is negative; use 0 or more")
    for team, why in receiving_teams(s).items():
        if team not in s.work:
            raise ScenarioError(
                f"{where}: work.{team}: missing, but {team} receives work ({why}); add "
                f'[work.{team}] default = {{mean = "30min", cv = 0.6}}'
            )
        roster = s.rosters.get(team)
        if roster is None or not np.any(roster.headcount > 0):
            raise ScenarioError(
                f"{where}: rosters.{team}: no one is ever on duty, but {team} receives work "
                f"({why}); give it a headcount, e.g. [rosters.{team}] agents = 2 (during the "
                "team's policy hours) or shifts"
            )
        if team == s.intake:
            gaps = uncovered_hours(roster.headcount)
            if gaps:
                raise ScenarioError(
                    f"{where}: rosters.{team}: no one is on duty {gaps}, but {team} takes every new "
                    f"ticket around the clock; give at least 1 agent for those hours "
                    f"({roster.timezone} time)"
                )
