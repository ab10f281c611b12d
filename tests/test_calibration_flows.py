"""``sla calibrate`` writes the hops after the first as ``[[routing.flows]]``: a simulated history with
flows (a bounce back to the intake team included) calibrates back to their probabilities."""

from __future__ import annotations

import json
import math
import tomllib

import pandas as pd
import pytest

from analytics import api
from analytics.calibration.flows import MIN_STEPS, flow_rows
from analytics.store.database import Store
from simulation.api import default_scenario_path, load_scenario
from sla.cli import main

# A category name that must be quoted as a TOML key and escaped in strings and comments.
ODD = 'dedicated "bare metal" [eu] #1'
# The flows of the history: SYSADMIN sends a fifth of its vps tickets on site, bounces a quarter of the
# others back to L1, which (on a ticket back with it) hands 30 % to BILLING; BILLING hands 10 % on.
FLOWS = """max_hops = 6

[[routing.flows]]
from = "SYSADMIN"
category = "vps"
to = "DC-NL"
reason = "onsite"
p = 0.2

[[routing.flows]]
from = "SYSADMIN"
to = "L1"
reason = "complex"
p = 0.25

[[routing.flows]]
from = "L1"
to = "BILLING"
reason = "complex"
p = 0.3

[[routing.flows]]
from = "BILLING"
to = "SYSADMIN"
reason = "complex"
p = 0.1
"""


def _truth(row: dict) -> float:
    """The history's probability of a calibrated row (its category "*" stands for small non-vps ones)."""
    vps = row["category"] == "vps"
    return {
        ("SYSADMIN", "DC-NL"): 0.2 if vps else 0.0,
        ("SYSADMIN", "L1"): 0.0 if vps else 0.25,
        ("L1", "BILLING"): 0.3,
        ("BILLING", "SYSADMIN"): 0.1,
    }.get((row["from"], row["to"]), 0.0)


def _scenario_text(with_flows: bool) -> str:
    text = default_scenario_path().read_text()
    key = json.dumps(ODD)
    text = text.replace("dedicated = ", f"{key} = ").replace("[categories.dedicated]", f"[categories.{key}]")
    if with_flows:
        text = text.replace("\n[work]\n", "\n" + FLOWS + "\n[work]\n", 1)
    return text


def _simulate_and_calibrate(tmp, with_flows: bool, days: int):
    path = tmp / "scenario.toml"
    path.write_text(_scenario_text(with_flows))
    db = str(tmp / "sla.duckdb")
    args = ["simulate", "--db", db, "--scenario", str(path), "--name", "hist", "--days", str(days)]
    assert main([*args, "--seed", "3", "--workers", "1"]) == 0
    out = tmp / "calibrated.toml"
    assert main(["calibrate", "--db", db, "--dataset", "hist", "--out", str(out)]) == 0
    policy = api.load_policy()
    return db, out, api.calibrate(Store(db), "hist", policy), policy


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Four weeks of the default scenario with flows, calibrated."""
    return _simulate_and_calibrate(tmp_path_factory.mktemp("flows"), True, 28)


def test_flow_probabilities_come_back(history):
    _, _, cal, _ = history
    assert cal.flows
    for row in cal.flows:
        # Binomial: within 4 standard errors of the truth for the row's n steps (and 1/n for tiny truths).
        p0, n = _truth(row), row["steps"]
        assert abs(row["p"] - p0) <= 4 * math.sqrt(p0 * (1 - p0) / n) + 1 / n, row
        assert row["p"] == 0 or p0 > 0, f"a flow the history does not have: {row}"
    seen = {(r["from"], r["to"], r["reason"]) for r in cal.flows if r["p"] > 0}
    assert seen == {
        ("SYSADMIN", "DC-NL", "onsite"),
        ("SYSADMIN", "L1", "complex"),
        ("L1", "BILLING", "complex"),
        ("BILLING", "SYSADMIN", "complex"),
    }
    # The big groups are measured on their own, within 3 standard errors.
    vps = [r for r in cal.flows if r["category"] == "vps" and r["complexity"] in ("standard", "complex")]
    assert len(vps) == 2 and all(r["steps"] >= 150 for r in vps)
    for r in vps:
        assert abs(r["p"] - 0.2) <= 3 * math.sqrt(0.2 * 0.8 / r["steps"]), r
    # The intake team's rows come from its bounces only (its first decisions are ~5,600 steps).
    assert 0 < max(r["steps"] for r in cal.flows if r["from"] == "L1") < 200
    # The first hop is still the categories' escalation, unchanged by the later ones.
    assert abs(cal.escalation["vps"]["standard"]["server"] - 0.35) < 0.06
    assert cal.max_hops >= 5 and "most hand-offs on one ticket" in cal.notes["max_hops"]
    assert not any("beyond the first hop" in g for g in cal.gaps)


def test_the_calibrated_file_has_the_flows_and_simulates(history, capsys):
    db, out, cal, policy = history
    text = out.read_text()
    data = tomllib.loads(text)
    rows = data["routing"]["flows"]
    assert len(rows) == len(cal.flows) and data["routing"]["max_hops"] == cal.max_hops
    assert all(set(r) == {"from", "category", "complexity", "to", "reason", "p"} for r in rows)
    assert "# n = " in text and "steps," in text
    # The odd category name survives as a TOML key, in flow rows and in comments.
    assert ODD in data["categories"] and any(r["category"] == ODD for r in rows)
    s = load_scenario(out, policy)
    assert s.flows is not None and len(s.flows.flows) == len(rows) and s.flows.max_hops == cal.max_hops
    capsys.readouterr()
    code = main(["simulate", "--db", db, "--scenario", str(out), "--name", "replay", "--days", "3"])
    assert code == 0 and "replay" in capsys.readouterr().out


def test_a_history_without_later_hops_writes_no_flows(tmp_path):
    _, out, cal, _ = _simulate_and_calibrate(tmp_path, False, 14)
    assert cal.flows == [] and cal.max_hops is None
    data = tomllib.loads(out.read_text())
    assert "flows" not in data["routing"] and "max_hops" not in data["routing"]
    assert not any("flows" in g or "hop" in g for g in cal.gaps)


def _steps(rows) -> pd.DataFrame:
    cols = ["team", "category", "complexity", "outcome", "to_team", "reason", "n"]
    return pd.DataFrame(rows, columns=cols)


def test_pooling_zero_rows_and_what_cannot_be_a_flow():
    big, small = MIN_STEPS + 10, 3
    steps = _steps(
        [
            # SYSADMIN vps/complex: a group of its own with a hand-off; vps/standard: own group, none.
            ("SYSADMIN", "vps", "complex", "handed_off", "DC-NL", "onsite", 10),
            ("SYSADMIN", "vps", "complex", "resolved", None, None, big - 10),
            ("SYSADMIN", "vps", "standard", "resolved", None, None, big),
            # vps/simple is small: pooled into vps/* (all vps steps), which then also needs the zero row above.
            ("SYSADMIN", "vps", "simple", "handed_off", "DC-NL", "onsite", 1),
            ("SYSADMIN", "vps", "simple", "resolved", None, None, small - 1),
            # billing is small altogether, and its complexity is unknown: pooled into */*.
            ("SYSADMIN", "billing", None, "handed_off", "L1", "complex", 1),
            ("SYSADMIN", "billing", None, "resolved", None, None, small),
            # Hand-offs without a known reason, to an unknown team, or by another team: no flows.
            ("SYSADMIN", "vps", "complex", "handed_off", "L1", None, 2),
            ("SYSADMIN", "vps", "complex", "handed_off", "L7", "server", 1),
            ("SYSADMIN", "vps", "complex", "other_team", None, None, 4),
            # A team that never hands on gets no rows.
            ("DC-NL", "vps", "complex", "resolved", None, None, big),
        ]
    )
    rows, gaps = flow_rows(steps, ["vps", "billing"], ["SYSADMIN", "DC-NL", "L1"], ["SYSADMIN", "DC-NL", "L1"])
    got = {(r["category"], r["complexity"], r["to"]): (r["p"], r["steps"], r["handed_off"]) for r in rows}
    n_complex = big + 3  # the unknown-reason and unknown-team hand-offs stay steps
    vps_all = n_complex + big + small
    assert got == {
        ("vps", "complex", "DC-NL"): (round(10 / n_complex, 4), n_complex, 10),
        ("vps", "standard", "DC-NL"): (0.0, big, 0),  # p = 0 keeps vps/* off it
        ("vps", "*", "DC-NL"): (round(11 / vps_all, 4), vps_all, 11),
        ("*", "*", "L1"): (round(1 / (small + 1), 4), small + 1, 1),
    }
    assert all(r["from"] == "SYSADMIN" for r in rows)
    text = "\n".join(gaps)
    assert "2 later hand-offs have no hand-off reason" in text
    assert "1 later hand-offs go to teams not in the policy (SYSADMIN->L7)" in text
    assert "4 work steps were ended by another team" in text
    assert "vps/simple (3): pooled into vps/*" in text and "billing/? (4): pooled into */* (these 4 steps)" in text


def test_rounding_never_takes_a_group_above_one():
    # Six targets of a sixth each round to 0.1667, together 1.0002: one of them is lowered by 0.0002.
    teams = ["A", "B", "C", "D", "E", "F"]
    steps = _steps([("L1", "vps", "complex", "handed_off", to, "complex", 1) for to in teams])
    rows, _ = flow_rows(steps, ["vps"], ["L1", *teams], teams)
    assert len(rows) == 6 and sorted(r["p"] for r in rows) == [0.1665] + [0.1667] * 5
