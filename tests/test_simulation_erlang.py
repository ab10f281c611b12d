"""Statistical validation of the engine against queueing theory (fixed seeds).

A single 24/7 team with Poisson arrivals and exponential work times is an M/M/c queue: the waits until
the first response must reproduce Erlang C, computed here in closed form, within the 95 % confidence
interval of 20 replications, at three load levels. Little's law and the t quantiles are checked too.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulation.engine import run_replication
from simulation.erlang import erlang_c, mmc_scenario_text
from simulation.scenario_parse import parse_scenario
from simulation.stats import mean_ci, t_quantile_975

REPLICATIONS = 20
DAYS = 8
TAIL_MIN = 180.0  # tickets created this close to the end may still be waiting: left out


def mmc_text(rate_per_hour: float, mean_minutes: float, agents: int, days: float = DAYS) -> str:
    return mmc_scenario_text(rate_per_hour, mean_minutes, agents, days, warmup="1d")


def first_waits(result, scenario) -> np.ndarray:
    """created -> first agent_reply, in minutes, for tickets created in the measured window."""
    created, first = {}, {}
    for i, t, kind, *_ in result.events:
        if kind == "created":
            created[i] = t
        elif kind == "agent_reply" and i not in first:
            first[i] = t
    lo, hi = scenario.horizon.warmup_minutes, scenario.horizon.end_minutes - TAIL_MIN
    return np.array([first[i] - c for i, c in created.items() if lo <= c < hi])


def test_erlang_c_closed_form():
    ec = erlang_c(20, 12, 5)
    assert round(ec.p_within(10), 4) == 0.7592
    assert round(ec.p_wait, 4) == 0.5541
    assert round(ec.mean_wait, 3) == 6.649
    assert erlang_c(25, 12, 5) is None  # load 5 on 5 agents: unstable
    assert erlang_c(1, 12, 1).p_wait == pytest.approx(0.2)  # M/M/1: P(wait) = rho


@pytest.mark.parametrize(
    "rate,mean,agents", [(10, 12, 3), (20, 12, 5), (27, 10, 5)], ids=["rho0.67", "rho0.80", "rho0.90"]
)
def test_engine_reproduces_erlang_c(policy, rate, mean, agents):
    scenario = parse_scenario(mmc_text(rate, mean, agents), policy)
    seeds = np.random.SeedSequence(7 + agents + rate).spawn(REPLICATIONS)
    within, waited, mean_wait = [], [], []
    for k, seed in enumerate(seeds, 1):
        w = first_waits(run_replication(scenario, policy, seed, k), scenario)
        within.append(np.mean(w <= 10))
        waited.append(np.mean(w > 0))
        mean_wait.append(w.mean())
    ec = erlang_c(rate, mean, agents)
    for label, values, exact in (
        ("P(W <= 10 min)", within, ec.p_within(10)),
        ("P(W > 0)", waited, ec.p_wait),
        ("E[W]", mean_wait, ec.mean_wait),
    ):
        ci = mean_ci(values)
        assert ci.contains(exact), f"{label}: Erlang C {exact:.4f} outside 95% CI [{ci.low:.4f}, {ci.high:.4f}]"


def test_littles_law(policy):
    scenario = parse_scenario(mmc_text(20, 12, 5, days=20), policy)
    r = run_replication(scenario, policy, np.random.SeedSequence(11), 1)
    created, resolved = {}, {}
    for i, t, kind, *_ in r.events:
        if kind == "created":
            created[i] = t
        elif kind == "resolved":
            resolved[i] = t
    w0, w1 = scenario.horizon.warmup_minutes, scenario.horizon.end_minutes
    c = np.array(list(created.values()))
    s = np.array([resolved.get(i, w1) for i in created])
    area = np.clip(np.minimum(s, w1) - np.maximum(c, w0), 0, None).sum()
    L = area / (w1 - w0)  # time-average number of tickets in the system
    inside = (c >= w0) & (c < w1)
    lam = inside.sum() / (w1 - w0)  # arrivals per minute
    W = (np.minimum(s, w1) - c)[inside].mean()  # mean time in the system
    assert pytest.approx(lam * W, rel=0.03) == L
    assert pytest.approx(20 / 60 * (12 + erlang_c(20, 12, 5).mean_wait), rel=0.08) == L


def test_t_quantiles_and_intervals():
    assert t_quantile_975(1) == pytest.approx(12.706, abs=1e-3)
    assert t_quantile_975(19) == pytest.approx(2.093, abs=1e-3)
    assert t_quantile_975(40) == pytest.approx(2.0211, abs=2e-4)
    assert t_quantile_975(120) == pytest.approx(1.9799, abs=2e-4)
    ci = mean_ci([1.0, 2.0, 3.0, 4.0])
    assert ci.mean == 2.5 and ci.half_width == pytest.approx(3.1824 * math.sqrt(5 / 3) / 2, rel=1e-4)
    assert math.isnan(mean_ci([5.0]).half_width)
