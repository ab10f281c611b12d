"""SLA policy: teams with business calendars and SLA metrics with targets, loaded from a TOML file.

The policy is configuration as data: frozen dataclasses validated on construction, so a bad file is
refused with a message naming the file, the key and how to fix it. Nothing in the engine hard-codes a
team, an hour or a target; everything comes from here (default: ``sample_data/policy.toml``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.settings import settings
from analytics.sla.calendar import Calendar
from analytics.sla.durations import parse_target
from analytics.vocabulary import CHANNELS, COMPLEXITIES, METRICS

__all__ = [
    "ALWAYS_OPEN",
    "CALENDAR_MODES",
    "DEFAULT_METRIC_CALENDAR",
    "DEFAULT_PAUSES",
    "Metric",
    "Policy",
    "PolicyError",
    "TargetOverride",
    "Team",
    "default_policy_path",
    "load_policy",
    "parse_policy",
    "read_config_file",
]

ALWAYS_OPEN = "24/7"
CALENDAR_MODES = (ALWAYS_OPEN, "team", "receiving_team")
_TEAM_KEYS = {"name", "tier", "site", "description", "handles"}
_METRIC_KEYS = {"target", "calendar", "pauses", "targets", "description"}
_OVERRIDE_KEYS = {"channel", "complexity", "team", "target"}

# How each metric attributes its clock to a team (documented in the README).
DEFAULT_METRIC_CALENDAR = {
    "acknowledgement": ALWAYS_OPEN,
    "first_response": ALWAYS_OPEN,
    "status_update": ALWAYS_OPEN,
    "escalation_notice": ALWAYS_OPEN,
    "handoff_pickup": "receiving_team",
    "resolution": ALWAYS_OPEN,
}
DEFAULT_PAUSES = {m: m in ("status_update", "resolution") for m in METRICS}


class PolicyError(ValueError):
    """A policy file that cannot be used, with a message saying where and how to fix it."""


def default_policy_path() -> Path:
    """``$SLA_POLICY`` if set, else the packaged default policy (``analytics/defaults/policy.toml``)."""
    return settings().policy


@dataclass(frozen=True)
class Team:
    """A team that holds tickets, with its calendar (when it is at work)."""

    id: str
    name: str
    tier: int | None
    calendar: Calendar
    site: str | None = None
    description: str = ""

    @property
    def calendar_key(self) -> str:
        """Key of the calendar in SQL tables: ``24/7`` for always-open teams, else the team id."""
        return ALWAYS_OPEN if self.calendar.always_open else self.id


@dataclass(frozen=True)
class TargetOverride:
    """A target that applies when every given key (channel / complexity / team) matches the clock."""

    target_seconds: float | None  # None: the ticket's own estimate (custom requests)
    channel: str | None = None
    complexity: str | None = None
    team: str | None = None

    @property
    def specificity(self) -> int:
        return sum(v is not None for v in (self.channel, self.complexity, self.team))


@dataclass(frozen=True)
class Metric:
    """One SLA metric: its default target, calendar mode, pause rule and more specific targets."""

    name: str
    target_seconds: float | None
    calendar: str = ALWAYS_OPEN  # '24/7', 'team', 'receiving_team' or a team id
    pauses: bool = False
    overrides: tuple[TargetOverride, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Policy:
    """Teams and metrics; build with :func:`load_policy` or :func:`parse_policy`."""

    name: str
    teams: dict[str, Team]
    metrics: dict[str, Metric]
    reporting_timezone: str = "Europe/Amsterdam"
    source: str = ""
    text: str = field(default="", repr=False)

    def target_table(self) -> pd.DataFrame:
        """Every (metric, channel, complexity, team) combination with its resolved target.

        Resolving here, once, lets the SQL use an equality join instead of matching rules per clock.
        ``complexity`` and ``team`` use ``''`` for "not set". ``use_estimate`` marks custom requests
        whose target is the ticket's own estimate.
        """
        rows = []
        for metric in self.metrics.values():
            for channel in CHANNELS:
                for complexity in (*COMPLEXITIES, ""):
                    for team in (*self.teams, ""):
                        best, best_spec = None, -1
                        for o in metric.overrides:
                            if (
                                o.channel in (None, channel)
                                and o.complexity in (None, complexity or None)
                                and o.team in (None, team or None)
                                and o.specificity > best_spec
                            ):
                                best, best_spec = o, o.specificity
                        target = metric.target_seconds if best is None else best.target_seconds
                        rows.append(
                            (
                                metric.name,
                                channel,
                                complexity,
                                team,
                                target if target is not None else float("nan"),
                                target is None,
                            )
                        )
        return pd.DataFrame(rows, columns=["metric", "channel", "complexity", "team", "target_seconds", "use_estimate"])

    def metric_table(self) -> pd.DataFrame:
        """One row per metric: calendar mode and whether customer-wait pauses stop the clock."""
        return pd.DataFrame(
            [(m.name, m.calendar, m.pauses) for m in self.metrics.values()],
            columns=["metric", "calendar_mode", "pauses"],
        )

    def team_table(self) -> pd.DataFrame:
        """One row per team: id, tier and the key of its calendar."""
        return pd.DataFrame(
            [(t.id, t.name, t.tier, t.calendar_key, t.calendar.timezone, t.site) for t in self.teams.values()],
            columns=["team", "name", "tier", "calendar", "timezone", "site"],
        )

    def business_calendars(self) -> dict[str, Calendar]:
        """Calendars that are not 24/7, keyed as in :meth:`team_table`."""
        return {t.id: t.calendar for t in self.teams.values() if not t.calendar.always_open}


def _fail(where: str, message: str) -> PolicyError:
    return PolicyError(f"{where}: {message}")


def _parse_target(value: object, where: str, allow_estimate: bool) -> float | None:
    if allow_estimate and value == "estimate":
        return None
    try:
        return parse_target(value, what="target")
    except ValueError as exc:
        hint = " or 'estimate'" if allow_estimate else ""
        raise _fail(where, f"{exc}{hint}") from None


def _parse_team(team_id: str, spec: object, where: str) -> Team:
    if not isinstance(spec, dict):
        raise _fail(where, 'must be a table, e.g. [teams.L1] with hours = "24/7"')
    calendar_spec = {k: v for k, v in spec.items() if k not in _TEAM_KEYS}
    if "hours" not in calendar_spec:
        raise _fail(where, 'missing \'hours\' (e.g. hours = "24/7" or hours = ["Mon-Fri 09:00-18:00"])')
    try:
        calendar = Calendar.from_spec(team_id, calendar_spec)
    except ValueError as exc:
        raise _fail(where, str(exc)) from None
    tier = spec.get("tier")
    if tier is not None and (not isinstance(tier, int) or isinstance(tier, bool) or tier < 0):
        raise _fail(where, f"tier {tier!r} must be a whole number such as 1, 2 or 3")
    return Team(
        team_id, str(spec.get("name", team_id)), tier, calendar, spec.get("site"), str(spec.get("description", ""))
    )


def _parse_metric(name: str, spec: object, teams: dict[str, Team], where: str) -> Metric:
    if not isinstance(spec, dict):
        raise _fail(where, 'must be a table with at least target = "10min"')
    unknown = set(spec) - _METRIC_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_METRIC_KEYS)}")
    if "target" not in spec:
        raise _fail(where, "missing 'target' (e.g. target = \"10min\")")
    allow_estimate = name == "resolution"
    target = _parse_target(spec["target"], f"{where}.target", allow_estimate)
    calendar = spec.get("calendar", DEFAULT_METRIC_CALENDAR[name])
    if calendar not in CALENDAR_MODES and calendar not in teams:
        raise _fail(
            f"{where}.calendar",
            f"{calendar!r} is neither one of {list(CALENDAR_MODES)} nor a team id ({', '.join(teams)})",
        )
    if calendar == "receiving_team" and name != "handoff_pickup":
        raise _fail(f"{where}.calendar", "'receiving_team' only applies to handoff_pickup; use 'team' or '24/7'")
    pauses = spec.get("pauses", DEFAULT_PAUSES[name])
    if not isinstance(pauses, bool):
        raise _fail(f"{where}.pauses", f"{pauses!r} must be true or false")
    overrides, seen = [], {}
    raw_overrides = spec.get("targets", [])
    if not isinstance(raw_overrides, list):
        raise _fail(f"{where}.targets", "must be an array of tables: [[metrics.NAME.targets]]")
    for i, o in enumerate(raw_overrides, start=1):
        ow = f"{where}.targets[{i}]"
        if not isinstance(o, dict):
            raise _fail(ow, "must be a table with keys channel / complexity / team and target")
        unknown = set(o) - _OVERRIDE_KEYS
        if unknown:
            raise _fail(ow, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_OVERRIDE_KEYS)}")
        if "target" not in o:
            raise _fail(ow, "missing 'target'")
        if o.get("channel") is not None and o["channel"] not in CHANNELS:
            raise _fail(ow, f"channel {o['channel']!r} is not one of {list(CHANNELS)}")
        if o.get("complexity") is not None and o["complexity"] not in COMPLEXITIES:
            raise _fail(ow, f"complexity {o['complexity']!r} is not one of {list(COMPLEXITIES)}")
        if o.get("team") is not None and o["team"] not in teams:
            raise _fail(ow, f"unknown team {o['team']!r}; teams in this policy: {', '.join(teams)}")
        key = (o.get("channel"), o.get("complexity"), o.get("team"))
        if key == (None, None, None):
            raise _fail(ow, "names none of channel / complexity / team; put a default in 'target' instead")
        if key in seen:
            raise _fail(ow, f"applies to the same channel/complexity/team as targets[{seen[key]}]; keep one")
        seen[key] = i
        overrides.append(TargetOverride(_parse_target(o["target"], f"{ow}.target", allow_estimate), *key))
    return Metric(name, target, calendar, pauses, tuple(overrides), str(spec.get("description", "")))


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Parse and validate policy TOML text; ``source`` names the file in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"name", "reporting_timezone", "teams", "metrics", "description"}
    if unknown:
        raise PolicyError(
            f"{source}: unknown top-level key(s) {sorted(unknown)}; "
            "allowed: name, description, reporting_timezone, teams, metrics"
        )
    raw_teams = data.get("teams")
    if not isinstance(raw_teams, dict) or not raw_teams:
        raise PolicyError(f"{source}: no teams; add at least one [teams.ID] table with its hours")
    teams = {tid: _parse_team(tid, spec, f"{source}: teams.{tid}") for tid, spec in raw_teams.items()}
    raw_metrics = data.get("metrics")
    if not isinstance(raw_metrics, dict):
        raise PolicyError(f"{source}: no [metrics.*] tables; every metric needs a target: {', '.join(METRICS)}")
    unknown = set(raw_metrics) - set(METRICS)
    if unknown:
        raise PolicyError(f"{source}: unknown metric(s) {sorted(unknown)}; known metrics: {', '.join(METRICS)}")
    missing = [m for m in METRICS if m not in raw_metrics]
    if missing:
        raise PolicyError(
            f"{source}: missing target for metric(s) {', '.join(missing)}; "
            f'add e.g. [metrics.{missing[0]}] target = "10min"'
        )
    metrics = {m: _parse_metric(m, raw_metrics[m], teams, f"{source}: metrics.{m}") for m in METRICS}
    tz = data.get("reporting_timezone", "Europe/Amsterdam")
    try:
        Calendar(name="reporting", timezone=tz, always_open=True)
    except ValueError as exc:
        raise PolicyError(f"{source}: reporting_timezone: {exc}") from None
    return Policy(str(data.get("name", Path(source).stem)), teams, metrics, tz, source, text)


def read_config_file(path: str | os.PathLike, what: str, default: Path, error: type[ValueError]) -> str:
    """Text of a configuration file (policy, scenario); a missing or unreadable file is one clear ``error``.

    Parameters
    ----------
    path : str or os.PathLike
        The file; read as UTF-8, a byte order mark dropped (editors on Windows write one).
    what : str
        What the file is, also the command-line option that names it: ``"policy"`` -> ``--policy``.
    default : Path
        The file used when the option is not given, for the message.
    error : type
        The ``ValueError`` subclass to raise (``PolicyError``, ``ScenarioError``).

    Returns
    -------
    str
    """
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{p}: {what} file not found; pass --{what} FILE (the default is {default})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{p}: cannot read the {what} file: {exc}") from None


def load_policy(path: str | os.PathLike | None = None) -> Policy:
    """Load a policy file (default: :func:`default_policy_path`)."""
    p = Path(path) if path is not None else default_policy_path()
    return parse_policy(read_config_file(p, "policy", default_policy_path(), PolicyError), str(p))
