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
    :func:`calibrated_scenario` (a measured history as scenario text, checked by parsing it back),
    :func:`backtest` (a scenario replayed against a history: errors per metric, team and week), :class:`Backtest`,
    :data:`MIN_CLOCKS` (finished clocks a metric needs to be judged), :data:`SMALL_CELL` (below: a small cell),
    and its tables for people: :func:`metrics_table`, :func:`cells_table`, :func:`resolution_table`,
    :func:`handoffs_table`, :func:`volume_table`
Comparing
    :func:`compare` (per-metric compliance of two runs with 95 % intervals), :func:`readable`
Queueing theory
    :func:`erlang_c` (the staffing page's instant estimate)
"""

from __future__ import annotations

from simulation.backtest import MIN_CLOCKS, SMALL_CELL, Backtest, backtest
from simulation.backtest_tables import cells_table, handoffs_table, metrics_table, resolution_table, volume_table
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
    "MIN_CLOCKS",
    "REASONS_DRAWN",
    "SMALL_CELL",
    "Backtest",
    "Roster",
    "RunSummary",
    "Scenario",
    "ScenarioError",
    "backtest",
    "calibrated_scenario",
    "cells_table",
    "check_scenario",
    "compare",
    "default_scenario_path",
    "erlang_c",
    "handoffs_table",
    "load_scenario",
    "metrics_table",
    "parse_scenario",
    "readable",
    "resolution_table",
    "run_params",
    "simulate",
    "volume_table",
]
