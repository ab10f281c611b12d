"""Read and validate a scenario TOML file against the policy; every problem is one clear message.

Messages name the file, the key, what is wrong and how to fix it, e.g. ``scenario.toml: rosters.L1:
no one is on duty Sun 02:00-06:00, but L1 takes every new ticket around the clock; give at least
1 agent for those hours``. Field documentation: ``docs/scenarios.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
import zoneinfo
from pathlib import Path

import numpy as np

from analytics.settings import settings
from analytics.sla.calendar import WEEKDAYS
from analytics.sla.durations import parse_duration
from analytics.sla.policy import Policy, read_config_file
from analytics.vocabulary import CHANNELS, COMPLEXITIES
from simulation.distributions import parse_dist
from simulation.flows import parse_flows
from simulation.rosters import roster_from_spec
from simulation.scenario import (
    PRIORITIES,
    QUEUE_DISCIPLINES,
    REASONS_DRAWN,
    Behaviour,
    Burst,
    Category,
    Channel,
    Horizon,
    Scenario,
    ScenarioError,
)
from simulation.scenario_check import check_scenario

_TOP = {
    "name",
    "description",
    "horizon",
    "arrivals",
    "customers",
    "categories",
    "routing",
    "work",
    "behaviour",
    "rosters",
}
_SUM_TOL = 1e-6


__all__ = [
    "DEFAULT_SCENARIO",
    "ScenarioError",
    "check_scenario",
    "default_scenario_path",
    "load_scenario",
    "parse_scenario",
]

DEFAULT_SCENARIO = Path(__file__).resolve().parent / "defaults" / "scenario.toml"


def default_scenario_path() -> Path:
    """``$SLA_SCENARIO`` if set, else the packaged default scenario (``simulation/defaults/scenario.toml``)."""
    return settings().scenario or DEFAULT_SCENARIO


def _table(data: dict, key: str, where: str, required: bool = True) -> dict:
    value = data.get(key)
    if value is None:
        if required:
            raise ScenarioError(f"{where}: missing [{key}] table (see docs/scenarios.md)")
        return {}
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}.{key}: must be a table, got {value!r}")
    return value


def _one_of(name: object, allowed, where: str, what: str, listing: str = "choose from") -> None:
    """``name`` must be one of ``allowed``; the message lists them after ``listing``."""
    if name not in allowed:
        raise ScenarioError(f"{where}: unknown {what} {name!r}; {listing} {', '.join(allowed)}")


def _entry(
    name: object, value: object, allowed, where: str, what: str, shape: str, listing: str = "choose from"
) -> None:
    """A named sub-table such as ``[arrivals.channels.NAME]``: a known name, and a table as its value."""
    _one_of(name, allowed, where, what, listing)
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: must be {shape}")


def _unknown(spec: dict, allowed: set, where: str) -> None:
    bad = sorted(set(spec) - allowed)
    if bad:
        hint = difflib.get_close_matches(bad[0], allowed, n=1)
        raise ScenarioError(
            f"{where}: unknown key(s) {bad}{f' (did you mean {hint[0]!r}?)' if hint else ''}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )


def _number(value, where: str, lo: float = 0.0, hi: float = float("inf"), what: str = "number") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise ScenarioError(f"{where}: {value!r} is not a {what}")
    if not lo <= value <= hi:
        rng = f"at least {lo:g}" if hi == float("inf") else f"from {lo:g} to {hi:g}"
        raise ScenarioError(f"{where}: {value!r} is out of range; it must be {rng}")
    return float(value)


def _prob(value, where: str) -> float:
    return _number(value, where, 0.0, 1.0, "probability (a number from 0 to 1)")


def _shares(spec, where: str, allowed=None, what: str = "shares") -> dict[str, float]:
    """A table of probabilities that must sum to 1."""
    if not isinstance(spec, dict) or not spec:
        raise ScenarioError(f"{where}: give a table of {what}, e.g. {{a = 0.7, b = 0.3}}")
    out = {}
    for k, v in spec.items():
        if allowed is not None and k not in allowed:
            raise ScenarioError(
                f"{where}: unknown {what[:-1] if what.endswith('s') else what} {k!r}; choose from {', '.join(allowed)}"
            )
        out[k] = _prob(v, f"{where}.{k}")
    total = sum(out.values())
    if abs(total - 1.0) > _SUM_TOL:
        raise ScenarioError(f"{where}: the {what} add up to {total:.4g}, not 1; adjust them so they sum to 1")
    return out


def _dist(value, where: str):
    try:
        return parse_dist(value, where)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def _duration_min(value, where: str) -> float:
    try:
        return parse_duration(value, what=where) / 60.0
    except ValueError as exc:
        raise ScenarioError(str(exc)) from None


def _rates(value, where: str) -> np.ndarray:
    """168 hourly rates from a number, a list of 168, or 7 rows of 24 (Mon..Sun)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        arr = np.full(168, float(value))
    elif isinstance(value, list) and len(value) == 7 and all(isinstance(r, list) for r in value):
        bad = [i for i, r in enumerate(value, 1) if len(r) != 24]
        if bad:
            raise ScenarioError(
                f"{where}: row {bad[0]} has {len(value[bad[0] - 1])} values; each weekday row "
                "needs 24 (one per hour, 00-01 first)"
            )
        arr = np.array(value, dtype=object).reshape(168)
    elif isinstance(value, list) and len(value) == 168:
        arr = np.array(value, dtype=object)
    else:
        raise ScenarioError(
            f"{where}: give one rate per hour of the week: a number, a list of 168 values, "
            "or 7 rows (Mon..Sun) of 24 values"
        )
    for i, v in enumerate(arr):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not np.isfinite(v):
            raise ScenarioError(f"{where}: value {i + 1} ({_how(i)}) is {v!r}, not a number")
        if v < 0:
            raise ScenarioError(f"{where}: negative rate {v!r} at {_how(i)}; rates are tickets per hour, 0 or more")
    return arr.astype(float)


def _how(i: int) -> str:
    return f"{WEEKDAYS[i // 24]} {i % 24:02d}:00"


def _team(team: object, policy: Policy, where: str) -> str:
    if team not in policy.teams:
        hint = difflib.get_close_matches(str(team), policy.teams, n=1)
        raise ScenarioError(
            f"{where}: unknown team {team!r}{f' (did you mean {hint[0]!r}?)' if hint else ''}; "
            f"teams of the policy: {', '.join(policy.teams)}"
        )
    return str(team)


def _horizon(spec: dict, where: str) -> Horizon:
    _unknown(spec, {"start", "days", "warmup", "timezone"}, where)
    start = spec.get("start")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError:
            raise ScenarioError(f"{where}.start: {start!r} is not a date like 2026-03-02") from None
    if type(start) is not dt.date:
        raise ScenarioError(f"{where}.start: give the first recorded day as a date, e.g. start = 2026-03-02")
    days = _number(spec.get("days"), f"{where}.days", 1 / 24, 3660, "number of days")
    warm = _duration_min(spec.get("warmup", "0s"), f"{where}.warmup") / 1440.0
    tz = spec.get("timezone", "Europe/Amsterdam")
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ScenarioError(
            f"{where}.timezone: unknown timezone {tz!r}; use an IANA name such as 'Europe/Amsterdam'"
        ) from None
    return Horizon(start, days, warm, tz)


def _arrivals(spec: dict, categories: dict, where: str):
    _unknown(spec, {"multiplier", "trend", "channels", "bursts"}, where)
    mult = _number(spec.get("multiplier", 1.0), f"{where}.multiplier", 0, 1000)
    trend = _number(spec.get("trend", 0.0), f"{where}.trend", -0.99, 100, "relative growth per year")
    chans = _table(spec, "channels", where)
    channels = {}
    for name, cs in chans.items():
        cw = f"{where}.channels.{name}"
        _entry(name, cs, CHANNELS, cw, "channel", "a table with rates and categories", listing="channels are")
        _unknown(cs, {"rates", "categories"}, cw)
        if "rates" not in cs:
            raise ScenarioError(f"{cw}: missing 'rates' (tickets per hour for each hour of the week)")
        channels[name] = Channel(
            _rates(cs["rates"], f"{cw}.rates"),
            _shares(cs.get("categories"), f"{cw}.categories", list(categories), "categories"),
        )
    if not channels:
        raise ScenarioError(f"{where}.channels: no channels; add [arrivals.channels.ticket] with rates")
    bursts = []
    raw = spec.get("bursts", [])
    if not isinstance(raw, list):
        raise ScenarioError(f"{where}.bursts: must be an array of tables: [[arrivals.bursts]]")
    for i, b in enumerate(raw, 1):
        bw = f"{where}.bursts[{i}]"
        if not isinstance(b, dict):
            raise ScenarioError(f"{bw}: must be a table")
        _unknown(b, {"per_week", "tickets", "within", "channel", "category", "complexity"}, bw)
        channel = b.get("channel", "ticket")
        if channel not in CHANNELS:
            raise ScenarioError(f"{bw}.channel: {channel!r} is not one of {', '.join(CHANNELS)}")
        cat = b.get("category")
        if cat not in categories:
            raise ScenarioError(f"{bw}.category: {cat!r} is not a category of [categories] ({', '.join(categories)})")
        cx = b.get("complexity", "standard")
        if cx not in COMPLEXITIES:
            raise ScenarioError(f"{bw}.complexity: {cx!r} is not one of {', '.join(COMPLEXITIES)}")
        bursts.append(
            Burst(
                _number(b.get("per_week", 0), f"{bw}.per_week", 0, 1000),
                _number(b.get("tickets", 0), f"{bw}.tickets", 0, 100000),
                max(_duration_min(b.get("within", "15min"), f"{bw}.within"), 1e-3),
                channel,
                cat,
                cx,
            )
        )
    return mult, trend, channels, tuple(bursts)


def _categories(spec: dict, policy: Policy, where: str) -> dict[str, Category]:
    if not spec:
        raise ScenarioError(f"{where}: no categories; add e.g. [categories.billing] with complexity shares")
    out = {}
    for name, cs in spec.items():
        cw = f"{where}.{name}"
        if not isinstance(cs, dict):
            raise ScenarioError(f"{cw}: must be a table")
        _unknown(cs, {"complexity", "escalation", "specialist"}, cw)
        cx = _shares(cs.get("complexity"), f"{cw}.complexity", COMPLEXITIES, "complexity shares")
        spec_team = cs.get("specialist")
        if spec_team is not None:
            spec_team = _team(spec_team, policy, f"{cw}.specialist")
        esc = {}
        raw = cs.get("escalation", {})
        if not isinstance(raw, dict):
            raise ScenarioError(f"{cw}.escalation: must be a table: complexity -> {{reason = probability}}")
        for cxname, reasons in raw.items():
            ew = f"{cw}.escalation.{cxname}"
            _entry(
                cxname, reasons, COMPLEXITIES, ew, "complexity", "a table of reason = probability, e.g. {server = 0.3}"
            )
            probs = {}
            for r, p in reasons.items():
                if r == "volume":
                    raise ScenarioError(
                        f"{ew}.volume: 'volume' escalations depend on L1's queue; set them with "
                        "routing.volume_threshold and routing.volume_share instead"
                    )
                if r not in REASONS_DRAWN:
                    raise ScenarioError(
                        f"{ew}: unknown escalation reason {r!r}; choose from {', '.join(REASONS_DRAWN)}"
                    )
                probs[r] = _prob(p, f"{ew}.{r}")
            total = sum(probs.values())
            if total > 1 + _SUM_TOL:
                raise ScenarioError(
                    f"{ew}: escalation probabilities add up to {total:.4g}, more than 1; the rest "
                    "(1 - sum) is the share L1 resolves itself, so keep the sum at most 1"
                )
            if probs.get("complex") and spec_team is None:
                raise ScenarioError(
                    f"{ew}.complex: escalations for 'complex' go to the category's specialist, but "
                    f'{cw} has none; add specialist = "SYSADMIN" (or another team)'
                )
            esc[cxname] = probs
        out[name] = Category(cx, esc, spec_team)
    return out


def _work(spec: dict, policy: Policy, categories, where: str):
    _unknown(spec, set(policy.teams) | {"complexity_factor"}, where)
    factor = {}
    for k, v in (spec.get("complexity_factor") or {}).items():
        _one_of(k, COMPLEXITIES, f"{where}.complexity_factor", "complexity")
        factor[k] = _number(v, f"{where}.complexity_factor.{k}", 0.0, 1000)
    work = {}
    for team, ts in spec.items():
        if team == "complexity_factor":
            continue
        tw = f"{where}.{team}"
        if not isinstance(ts, dict) or "default" not in ts:
            raise ScenarioError(f'{tw}: give at least default = {{mean = "20min", cv = 0.6}}')
        _unknown(ts, set(categories) | {"default"}, tw)
        work[team] = {k: _dist(v, f"{tw}.{k}") for k, v in ts.items()}
    return work, factor


def _behaviour(spec: dict, where: str) -> Behaviour:
    d = {
        "ack_delay": "20s",
        "ack_outages_per_week": 0.0,
        "ack_outage_duration": "20min",
        "notice_delay": "2min",
        "status_every": "3h",
        "pause_probability": 0.0,
        "pause_duration": "2h",
        "reopen_probability": 0.0,
        "reopen_after": "1d",
        "close_after": "2d",
        "approval_delay": "1h",
        "approval_denied": 0.0,
        "custom_estimate": "4h",
        "queue": "fifo",
        "reply_writing": "0s",
        "notice_work": "0s",
        "status_work": "0s",
    }
    _unknown(spec, set(d), where)
    v = {**d, **spec}
    queue = v["queue"]
    if queue not in QUEUE_DISCIPLINES:
        raise ScenarioError(
            f"{where}.queue: {queue!r} is not one of {', '.join(QUEUE_DISCIPLINES)} "
            "(fifo: first come first served; priority: by ticket priority; deadline: earliest "
            "SLA deadline first)"
        )
    status = v["status_every"]
    status_dist = None if status in ("off", 0, "0", "0s") else _dist(status, f"{where}.status_every")
    if status_dist is not None and status_dist.expected <= 0:
        raise ScenarioError(f'{where}.status_every: must be above zero, or "off"')
    return Behaviour(
        ack_delay=_dist(v["ack_delay"], f"{where}.ack_delay"),
        ack_outages_per_week=_number(v["ack_outages_per_week"], f"{where}.ack_outages_per_week", 0, 1000),
        ack_outage_duration=_dist(v["ack_outage_duration"], f"{where}.ack_outage_duration"),
        notice_delay=_dist(v["notice_delay"], f"{where}.notice_delay"),
        status_every=status_dist,
        pause_probability=_prob(v["pause_probability"], f"{where}.pause_probability"),
        pause_duration=_dist(v["pause_duration"], f"{where}.pause_duration"),
        reopen_probability=_prob(v["reopen_probability"], f"{where}.reopen_probability"),
        reopen_after=_dist(v["reopen_after"], f"{where}.reopen_after"),
        close_after=_dist(v["close_after"], f"{where}.close_after"),
        approval_delay=_dist(v["approval_delay"], f"{where}.approval_delay"),
        approval_denied=_prob(v["approval_denied"], f"{where}.approval_denied"),
        custom_estimate_hours=_duration_min(v["custom_estimate"], f"{where}.custom_estimate") / 60.0,
        volume_threshold=0,
        volume_share=0.0,
        queue=queue,
        reply_writing=_dist(v["reply_writing"], f"{where}.reply_writing"),
        notice_work=_agent_time(v["notice_work"], f"{where}.notice_work"),
        status_work=_agent_time(v["status_work"], f"{where}.status_work"),
    )


def _agent_time(value, where: str):
    """Agent time of a message: a distribution, or None when it is always zero (the message is free)."""
    d = _dist(value, where)
    return None if d.kind == "fixed" and d.mean <= 0 else d


def parse_scenario(text: str, policy: Policy, source: str = "<scenario>") -> Scenario:
    """Parse and validate scenario TOML text against ``policy``.

    Parameters
    ----------
    text : str
        The scenario file's text (kept in the scenario, and stored with each run).
    policy : Policy
        Teams, calendars and targets the scenario refers to.
    source : str
        The file, named in messages.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        The first problem, naming the file and key and how to fix it.
    """
    where = Path(source).name if source != "<scenario>" else source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from None
    _unknown(data, _TOP, where)
    horizon = _horizon(_table(data, "horizon", where), f"{where}: horizon")
    categories = _categories(_table(data, "categories", where), policy, f"{where}: categories")
    mult, trend, channels, bursts = _arrivals(_table(data, "arrivals", where), categories, f"{where}: arrivals")
    cust = _table(data, "customers", where, required=False)
    _unknown(cust, {"count", "sites", "priority"}, f"{where}: customers")
    customers = int(_number(cust.get("count", 1000), f"{where}: customers.count", 1, 1e9))
    site_teams = {t.site: tid for tid, t in policy.teams.items() if t.site}
    sites = _shares(
        cust.get("sites", {s: 1 / len(site_teams) for s in site_teams} if site_teams else {"": 1.0}),
        f"{where}: customers.sites",
        list(site_teams) or None,
        "site shares",
    )
    priorities = _shares(
        cust.get("priority", {"normal": 1.0}), f"{where}: customers.priority", PRIORITIES, "priority shares"
    )

    routing = _table(data, "routing", where, required=False)
    rw = f"{where}: routing"
    _unknown(routing, {"intake", "server", "approval", "volume_threshold", "volume_share", "flows", "max_hops"}, rw)
    intake = _team(routing.get("intake", "L1"), policy, f"{rw}.intake")
    server = _team(routing.get("server", "SYSADMIN" if "SYSADMIN" in policy.teams else intake), policy, f"{rw}.server")
    approval = _team(routing.get("approval", "MGMT" if "MGMT" in policy.teams else intake), policy, f"{rw}.approval")
    behaviour = _behaviour(_table(data, "behaviour", where, required=False), f"{where}: behaviour")
    threshold = int(_number(routing.get("volume_threshold", 0), f"{rw}.volume_threshold", 0, 1e9))
    share = _prob(routing.get("volume_share", 0.0), f"{rw}.volume_share")
    behaviour = Behaviour(**{**behaviour.__dict__, "volume_threshold": threshold, "volume_share": share})
    flows = parse_flows(
        routing.get("flows"), routing.get("max_hops"), lambda n, w: _team(n, policy, w), list(categories), rw
    )

    work, factor = _work(_table(data, "work", where), policy, categories, f"{where}: work")
    rosters = {}
    for team, spec in _table(data, "rosters", where).items():
        _team(team, policy, f"{where}: rosters.{team}")
        try:
            rosters[team] = roster_from_spec(spec, policy.teams[team])
        except ValueError as exc:
            raise ScenarioError(f"{where}: rosters.{team}: {exc}") from None
    scenario = Scenario(
        name=str(data.get("name", Path(source).stem)),
        horizon=horizon,
        multiplier=mult,
        trend=trend,
        channels=channels,
        bursts=bursts,
        categories=categories,
        sites=sites,
        priorities=priorities,
        customers=customers,
        intake=intake,
        server_team=server,
        approval_team=approval,
        site_teams=site_teams,
        work=work,
        complexity_factor=factor,
        behaviour=behaviour,
        rosters=rosters,
        description=str(data.get("description", "")),
        flows=flows,
        text=text,
        source=str(source),
    )
    check_scenario(scenario, policy, where)
    return scenario


def load_scenario(path, policy: Policy) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or os.PathLike
        The scenario TOML file (``docs/scenarios.md``).
    policy : Policy

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        The file is missing or unreadable, or see :func:`parse_scenario`.
    """
    p = Path(path)
    return parse_scenario(read_config_file(p, "scenario", default_scenario_path(), ScenarioError), policy, str(p))
