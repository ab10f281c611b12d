"""Erlang C in closed form: the M/M/c queue the simulation is validated against.

Also the page's instant estimate: for each hour of the week, the L1 first-response probability
that the hour's arrival rate and headcount would give if the hour lasted for ever (a stationary
approximation; it ignores hand-overs between hours and the work that comes back to L1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ErlangC:
    """Steady-state waiting figures of an M/M/c queue (times in minutes)."""

    p_wait: float          # P(W > 0), the Erlang C probability
    mean_wait: float       # E[W]
    decay: float           # c*mu - lambda, per minute
    utilisation: float     # lambda / (c*mu)

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
