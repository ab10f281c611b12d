"""Goals that are not part of the SLA policy file: the compliance % management aims for.

The policy says what a clock's target is; this says what share of clocks must meet it for a metric
to count as "kept". 95 % is our default assumption (the support guide names none); set
``SLA_COMPLIANCE_GOAL`` (a percentage) to change it.
"""

from __future__ import annotations

from analytics.settings import settings

__all__ = ["WARNING_BAND_PTS", "compliance_goal_pct", "rating"]

WARNING_BAND_PTS = 5.0  # within this many points below the goal: amber, not red


def compliance_goal_pct() -> float:
    """The compliance goal in percent (``$SLA_COMPLIANCE_GOAL`` or 95)."""
    return settings().compliance_goal_pct


def rating(pct: float | None, goal: float) -> str:
    """``"good"`` (at or above the goal), ``"close"`` (within the band below), ``"bad"``, or ``"none"``."""
    if pct is None or pct != pct:  # NaN: nothing decided yet
        return "none"
    if pct >= goal:
        return "good"
    return "close" if pct >= goal - WARNING_BAND_PTS else "bad"
