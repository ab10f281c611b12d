"""The scenario: what a simulated run assumes, as frozen dataclasses (read by :mod:`scenario_parse`).

Field by field documentation: ``docs/scenarios.md``. Times inside the model are minutes since the
run's origin (the start of the warm-up); instants appear only in :class:`Horizon` and at output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from simulation.distributions import Dist

if TYPE_CHECKING:
    from simulation.flows import RoutingFlows

__all__ = [
    "PRIORITIES",
    "QUEUE_DISCIPLINES",
    "REASONS_DRAWN",
    "Behaviour",
    "Burst",
    "Category",
    "Channel",
    "Horizon",
    "Roster",
    "Scenario",
    "ScenarioError",
]

QUEUE_DISCIPLINES = ("fifo", "priority", "deadline")
PRIORITIES = ("urgent", "high", "normal", "low")
REASONS_DRAWN = ("server", "complex", "approval", "onsite")  # `volume` depends on the queue, not a draw


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message saying where and how to fix it."""


@dataclass(frozen=True)
class Horizon:
    """Recorded days ``[start, start + days)`` after a discarded warm-up, in ``timezone``."""

    start: dt.date
    days: float
    warmup_days: float
    timezone: str

    @property
    def origin(self) -> dt.datetime:
        """Instant of simulated minute 0 (start of the warm-up), timezone-aware."""
        from zoneinfo import ZoneInfo

        local = dt.datetime.combine(self.start, dt.time(), ZoneInfo(self.timezone))
        return (local - dt.timedelta(days=self.warmup_days)).astimezone(dt.UTC)

    @property
    def warmup_minutes(self) -> float:
        return self.warmup_days * 1440.0

    @property
    def end_minutes(self) -> float:
        return (self.warmup_days + self.days) * 1440.0


@dataclass(frozen=True)
class Burst:
    """Incidents: many customers write within minutes about one problem."""

    per_week: float
    tickets: float  # mean tickets per incident (Poisson)
    within: float  # minutes over which they arrive
    channel: str
    category: str
    complexity: str


@dataclass(frozen=True)
class Channel:
    """Arrivals of one channel: 168 rates per hour (Mon 00-01 .. Sun 23-24) and the category mix."""

    rates: np.ndarray = field(compare=False)
    categories: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    """A kind of request: complexity shares, escalation probabilities and its specialist team."""

    complexity: dict[str, float]
    escalation: dict[str, dict[str, float]]  # complexity -> reason -> probability (rest: L1 resolves)
    specialist: str | None  # team for `complex` and `volume` escalations


@dataclass(frozen=True)
class Roster:
    """Headcount per hour of week (168 values, Mon 00-01 first) in the team's local ``timezone``."""

    headcount: np.ndarray = field(compare=False)
    timezone: str = "UTC"
    work_on_holidays: bool = False


@dataclass(frozen=True)
class Behaviour:
    """Delays and probabilities of what happens around the work."""

    ack_delay: Dist
    ack_outages_per_week: float
    ack_outage_duration: Dist
    notice_delay: Dist
    status_every: Dist | None  # None: no status updates
    pause_probability: float
    pause_duration: Dist
    reopen_probability: float
    reopen_after: Dist
    close_after: Dist
    approval_delay: Dist
    approval_denied: float
    custom_estimate_hours: float  # business hours of the team that will do the work
    volume_threshold: int
    volume_share: float
    reply_writing: Dist | None = None  # pickup -> first reply sent (part of the work time)
    notice_work: Dist | None = None  # agent time of an escalation notice (None: free, sent on a timer)
    status_work: Dist | None = None  # agent time of a status update (None: free)
    queue: str = "fifo"


@dataclass(frozen=True)
class Scenario:
    """Everything a run assumes; build with :func:`simulation.scenario_parse.parse_scenario`."""

    name: str
    horizon: Horizon
    multiplier: float
    trend: float
    channels: dict[str, Channel]
    bursts: tuple[Burst, ...]
    categories: dict[str, Category]
    sites: dict[str, float]
    priorities: dict[str, float]
    customers: int
    intake: str
    server_team: str
    approval_team: str
    site_teams: dict[str, str]  # customer site -> DC team
    work: dict[str, dict[str, Dist]]  # team -> category (or "default") -> work time
    complexity_factor: dict[str, float]
    behaviour: Behaviour
    rosters: dict[str, Roster]
    description: str = ""
    flows: RoutingFlows | None = None  # hand-offs after a team's work ([[routing.flows]]); None: one hop
    text: str = field(default="", repr=False, compare=False)
    source: str = ""

    @property
    def text_hash(self) -> str:
        """Short hash of the scenario text (recorded with each run)."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:12]

    def work_dist(self, team: str, category: str, complexity: str | None) -> Dist:
        """Work time of ``team`` on a ticket of this category and complexity."""
        per_team = self.work.get(team, {})
        base = per_team.get(category) or per_team["default"]
        return base.scaled(self.complexity_factor.get(complexity or "", 1.0))
