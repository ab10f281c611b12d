"""The SLA policy for the fronts: loading it, reading it as tables, what-if copies, goals, words.

The policy file says each clock's target; the compliance goal says what share of clocks must meet
it. Both, and the vocabulary every page labels with, are reached from here.
"""

from __future__ import annotations

from pathlib import Path

from analytics.reports.resolution import objectives
from analytics.settings import DEFAULT_POLICY, debug_enabled, settings
from analytics.sla.calendar import WEEKDAYS
from analytics.sla.durations import format_duration, parse_duration
from analytics.sla.objectives import WARNING_BAND_PTS, compliance_goal_pct, rating
from analytics.sla.policy import Policy, default_policy_path, load_policy
from analytics.sla.policy_tables import metrics_table, target_rows, teams_table, with_targets
from analytics.vocabulary import CHANNELS, COMPLEXITIES, EVENT_KINDS, METRICS

__all__ = [
    "CHANNELS",
    "COMPLEXITIES",
    "EVENT_KINDS",
    "METRICS",
    "WARNING_BAND_PTS",
    "WEEKDAYS",
    "Policy",
    "compliance_goal_pct",
    "debug_enabled",
    "default_policy_path",
    "format_duration",
    "is_default_policy",
    "load_policy",
    "metrics_table",
    "objectives",
    "parse_duration",
    "rating",
    "settings",
    "target_rows",
    "teams_table",
    "with_targets",
]


def is_default_policy(path: str | Path) -> bool:
    """Whether ``path`` is the packaged default policy (a command shown to the user then needs no ``--policy``)."""
    return Path(path).resolve() == DEFAULT_POLICY.resolve()
