"""Erlang C in closed form: the M/M/c queue the simulation is validated against.

Also the page's instant estimate: for each hour of the week, the L1 first-response probability
that the hour's arrival rate and headcount would give if the hour lasted for ever (a stationary
approximation; it ignores hand-overs between hours and the work that comes back to L1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["ErlangC", "erlang_c", "mmc_scenario_text"]


@dataclass(frozen=True)
class ErlangC:
    """Steady-state waiting figures of an M/M/c queue (times in minutes)."""

    p_wait: float  # P(W > 0), the Erlang C probability
    mean_wait: float  # E[W]
    decay: float  # c*mu - lambda, per minute
    utilisation: float  # lambda / (c*mu)

    def p_within(self, minutes: float) -> float:
        """P(W <= minutes)."""
        return 1.0 - self.p_wait * math.exp(-self.decay * minutes)


def erlang_c(arrivals_per_hour: float, mean_work_minutes: float, agents: int) -> ErlangC | None:
    """Erlang C for ``agents`` servers; None when the queue is unstable (load >= agents).

    >>> round(erlang_c(20, 12, 5).p_within(10), 4)
    0.7592
    """
    lam = arrivals_per_hour / 60.0
    mu = 1.0 / mean_work_minutes
    a = lam / mu
    c = int(agents)
    if c <= 0 or a >= c:
        return None
    if a == 0:
        return ErlangC(0.0, 0.0, c * mu, 0.0)
    # Erlang B by the stable recursion, then C from B.
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    rho = a / c
    p_wait = b / (1.0 - rho * (1.0 - b))
    decay = c * mu - lam
    return ErlangC(p_wait, p_wait / decay, decay, rho)


def mmc_scenario_text(
    rate_per_hour: float, mean_minutes: float, agents: int, days: float, warmup: str | None = None
) -> str:
    """Scenario TOML that configures the engine as an M/M/c queue: one 24/7 team (L1) with ``agents``
    agents, Poisson ticket arrivals at ``rate_per_hour``, exponential work of ``mean_minutes``, no
    acknowledgement delay and no status updates. Used by the Erlang C validation and the benchmark."""
    warmup_line = f'warmup = "{warmup}"\n' if warmup else ""
    return f"""
name = "mmc"
[horizon]
start = 2026-01-05
days = {days}
{warmup_line}timezone = "UTC"
[arrivals.channels.ticket]
rates = {rate_per_hour}
categories = {{general = 1.0}}
[categories.general]
complexity = {{standard = 1.0}}
[work.L1]
default = {{mean = "{mean_minutes}min", dist = "exponential"}}
[behaviour]
ack_delay = "0s"
status_every = "off"
[rosters.L1]
headcount = {agents}
timezone = "UTC"
"""
