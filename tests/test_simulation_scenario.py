"""Scenario files: the default is valid; impossible parameters give one clear message each."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from simulation.engine import run_replication
from simulation.runner import overload_warnings
from simulation.scenario_parse import ScenarioError, default_scenario_path, load_scenario, parse_scenario

DEFAULT = default_scenario_path().read_text()


def broken(old: str, new: str) -> str:
    assert old in DEFAULT, old
    return DEFAULT.replace(old, new, 1)


def test_default_scenario_is_valid(policy):
    s = load_scenario(default_scenario_path(), policy)
    assert s.name == "baseline" and s.horizon.days == 56
    assert s.rosters["L1"].headcount.min() >= 1
    assert set(s.site_teams.values()) == {"DC-NL", "DC-DE", "DC-PL", "DC-FR", "DC-US", "DC-CA"}


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            'server = "SYSADMIN"         # team',
            'server = "SYSADMINS"         # team',
            r"routing\.server: unknown team 'SYSADMINS' \(did you mean 'SYSADMIN'\?\)",
        ),
        (
            "[rosters.DC-CA]\nagents = 1",
            "[rosters.DC-CA]\nagents = 0",
            r"rosters\.DC-CA: no one is ever on duty, but DC-CA receives work \('onsite' escalations for site CA\)",
        ),
        (
            "  [2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2],  # Sun",
            "  [0, 0, 0, 0, 0, 0, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2],  # Sun",
            r"rosters\.L1: no one is on duty Sun 00:00-06:00, but L1 takes every new ticket",
        ),
        (
            "  [3, 2, 1.5, 1.5, 1.5, 2, 4, 7, 12, 14, 14, 13, 12, 13, 13, 12, 11, 9, 8, 7, 6, 5, 4, 3],  # Tue",
            "  [3, 2, 1.5, 1.5, -1.5, 2, 4, 7, 12, 14, 14, 13, 12, 13, 13, 12, 11, 9, 8, 7, 6, 5, 4, 3],  # Tue",
            r"arrivals\.channels\.ticket\.rates: negative rate -1\.5 at Tue 04:00",
        ),
        (
            "complexity = {simple = 0.70, standard = 0.25, complex = 0.04, custom = 0.01}",
            "complexity = {simple = 0.70, standard = 0.25, complex = 0.04, custom = 0.02}",
            r"categories\.billing\.complexity: the complexity shares add up to 1\.01, not 1",
        ),
        (
            "escalation.complex = {server = 0.60, complex = 0.15, onsite = 0.05}",
            "escalation.complex = {server = 0.60, complex = 0.45, onsite = 0.05}",
            r"categories\.vps\.escalation\.complex: escalation probabilities add up to 1\.1, more than 1",
        ),
        ('queue = "fifo"', 'queue = "random"', r"behaviour\.queue: 'random' is not one of fifo, priority, deadline"),
        (
            'default = {mean = "25min", cv = 0.6}',
            'default = {mean = "25 minutes please", cv = 0.6}',
            r"work\.BILLING\.default\.mean: '25 minutes please' is not a duration",
        ),
        (
            "[rosters.SYSADMIN]\nshifts = [",
            "[rosters.SYSADMIN]\nhours = 3\nshifts = [",
            r"rosters\.SYSADMIN: unknown key\(s\) \['hours'\]",
        ),
        ("days = 56 ", "days = -3 ", r"horizon\.days: -3 is out of range"),
    ],
)
def test_invalid_scenarios_say_what_and_where(policy, old, new, expected):
    with pytest.raises(ScenarioError, match=expected) as info:
        parse_scenario(broken(old, new), policy, "sample_data/scenario.toml")
    assert str(info.value).startswith("scenario.toml: ")
    assert "\n" not in str(info.value)


def test_not_toml_and_missing_file(policy, tmp_path):
    with pytest.raises(ScenarioError, match="not valid TOML"):
        parse_scenario("name = ", policy, "x.toml")
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario(tmp_path / "nope.toml", policy)


def test_overloaded_scenario_runs_and_says_queues_grew(policy):
    s = load_scenario(default_scenario_path(), policy)
    s = replace(s, multiplier=2.5, horizon=replace(s.horizon, days=6, warmup_days=0.5))
    stats = [run_replication(s, policy, np.random.SeedSequence(1), 1).stats]
    warnings = overload_warnings(s, stats)
    assert any("queues grew without bound at L1" in w for w in warnings), warnings
    calm = replace(s, multiplier=1.0)
    assert overload_warnings(calm, [run_replication(calm, policy, np.random.SeedSequence(1), 1).stats]) == []
