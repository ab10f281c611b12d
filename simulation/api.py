"""The simulation's facade: everything the fronts use of it, in one place.

The ``sla simulate`` and ``sla compare`` commands and the dashboard's staffing page import from here
only, so the package's modules can change behind it.

Scenarios
    :func:`load_scenario`, :func:`parse_scenario`, :func:`check_scenario`, :func:`default_scenario_path`,
    :class:`ScenarioError`, :class:`Scenario`, :class:`Roster`, :data:`REASONS_DRAWN` (escalation
    reasons a scenario draws), :data:`DAYS` (weekday names, rows of a roster table)
Runs
    :func:`simulate` (replications written as one dataset), :class:`RunSummary`, :data:`DEFAULT_SEED`,
    :func:`run_params` (what a stored run recorded besides its events)
Calibration
    :func:`calibrated_scenario` (a measured history as scenario text, checked by parsing it back)
Comparing
    :func:`compare` (per-metric compliance of two runs with 95 % intervals), :func:`readable`
Queueing theory
    :func:`erlang_c` (the staffing page's instant estimate)
"""

from __future__ import annotations

from simulation.calibrated import calibrated_scenario
from simulation.compare import compare, readable
from simulation.erlang import erlang_c
from simulation.results import run_params
from simulation.rosters import DAYS
from simulation.runner import DEFAULT_SEED, RunSummary, simulate
from simulation.scenario import REASONS_DRAWN, Roster, Scenario, ScenarioError
from simulation.scenario_check import check_scenario
from simulation.scenario_parse import default_scenario_path, load_scenario, parse_scenario

__all__ = [
    "DAYS",
    "DEFAULT_SEED",
    "REASONS_DRAWN",
    "Roster",
    "RunSummary",
    "Scenario",
    "ScenarioError",
    "calibrated_scenario",
    "check_scenario",
    "compare",
    "default_scenario_path",
    "erlang_c",
    "load_scenario",
    "parse_scenario",
    "readable",
    "run_params",
    "simulate",
]
