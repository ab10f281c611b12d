"""Mapping files: which source columns are which, and how source values become canonical ones.

A mapping is a TOML file (presets ship in ``analytics/ingest/presets``; ``docs/importers.md`` documents
every key). It is validated on load, so a mistake is one message naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from analytics.ingest.errors import ImportRefused
from analytics.vocabulary import EVENT_KINDS, METRICS

__all__ = [
    "ATTRIBUTES",
    "COLUMN_ROLES",
    "NONE_KIND",
    "PRESETS",
    "SHAPES",
    "Activity",
    "Attribute",
    "Mapping",
    "load_mapping",
    "parse_mapping",
    "preset_names",
    "resolve_column",
]

PRESETS = Path(__file__).resolve().parent / "presets"
SHAPES = ("events", "tickets")
ATTRIBUTES = ("channel", "category", "complexity", "priority", "site", "customer")
COLUMN_ROLES = ("case", "timestamp", "activity", "resource", "group", "order", "created_at")
NONE_KIND = "none"  # an activity that makes no event of its own (it may still move the ticket)
_TOP = {
    "name",
    "description",
    "source",
    "shape",
    "timezone",
    "date_format",
    "delimiter",
    "encoding",
    "sheet",
    "columns",
    "ticket_events",
    "attributes",
    "activities",
    "teams",
    "levels",
    "rules",
    "metrics",
}
_RULES = {
    "created": ("first_event", "activity"),
    "intake_team": None,
    "default_team": None,
    "default_kind": None,
    "resume_after_pause": bool,
    "reopen_after_resolution": bool,
    "only_changes": bool,
    "escalation_reason": None,
    "missing": list,
}


@dataclass(frozen=True)
class Attribute:
    """A ticket attribute: from a column (with an optional value map) or a constant."""

    columns: tuple[str, ...] = ()
    value: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    default: str | None = None


@dataclass(frozen=True)
class Activity:
    """The canonical kind of one activity value; ``to_team`` for ``escalated`` / ``approval_requested``,
    ``reason`` for an escalation's reason."""

    kind: str
    to_team: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Mapping:
    """A validated mapping; see ``docs/importers.md`` for the meaning of every field."""

    name: str
    origin: str
    shape: str = "events"
    description: str = ""
    timezone: str | None = None
    date_format: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ticket_events: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attributes: dict[str, Attribute] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    created: str = "first_event"
    intake_team: str | None = None
    default_team: str | None = None
    default_kind: str | None = None
    resume_after_pause: bool = True
    reopen_after_resolution: bool = True
    only_changes: bool = False
    escalation_reason: str | None = None
    missing: tuple[str, ...] = ("",)
    not_measurable: dict[str, str] = field(default_factory=dict)
    text: str = field(default="", repr=False)

    def source_names(self) -> set[str]:
        """Every source column name the mapping may read (each role's alternatives)."""
        names = {n for alts in (*self.columns.values(), *self.ticket_events.values()) for n in alts}
        return names | {n for a in self.attributes.values() for n in a.columns}

    def teams_used(self) -> set[str]:
        """Every policy team the mapping names (checked against the policy before reading rows)."""
        used = set(self.teams.values()) | {a.to_team for a in self.activities.values() if a.to_team}
        return used | {t for t in (self.intake_team, self.default_team) if t}


def preset_names() -> list[str]:
    """Names of the shipped mapping presets.

    Returns
    -------
    list of str
        Sorted file names of ``analytics/ingest/presets`` without ``.toml``.
    """
    return sorted(p.stem for p in PRESETS.glob("*.toml"))


def load_mapping(spec: str | Path) -> Mapping:
    """A preset by name (``bpic2013``) or a TOML file by path, validated.

    Parameters
    ----------
    spec : str or Path
        A preset name, or the path of a mapping TOML file.

    Returns
    -------
    Mapping
        Validated, with the file's text.

    Raises
    ------
    ImportRefused
        Unknown preset, unreadable file, or a wrong key/value (the message names the key).
    """
    path = Path(spec)
    if not path.suffix and not path.exists():
        path = PRESETS / f"{spec}.toml"
        if not path.is_file():
            raise ImportRefused(
                f"unknown mapping {str(spec)!r}; presets: {', '.join(preset_names())}, "
                "or give the path of a mapping TOML file"
            )
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ImportRefused(f"mapping {path}: cannot read it: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(f"mapping {path}: not valid TOML: {exc}") from None
    return parse_mapping(data, origin=str(path), text=text, default_name=path.stem)


def _fail(origin: str, key: str, message: str) -> ImportRefused:
    return ImportRefused(f"mapping {origin}: {key}: {message}")


def _names(origin: str, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise _fail(origin, key, "must be a column name or a list of alternative column names")


def _table(origin: str, data: dict, key: str) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _fail(origin, key, "must be a table, e.g. [" + key + "]")
    return value


def parse_mapping(data: dict, *, origin: str = "<mapping>", text: str = "", default_name: str = "mapping") -> Mapping:
    """Validate a mapping given as a dict (as read from TOML); see :func:`load_mapping`.

    Parameters
    ----------
    data : dict
        The TOML document.
    origin : str
        Where it comes from, for messages.
    text : str
        Its text (part of an import's identity).
    default_name : str
        The name when the document has none.

    Returns
    -------
    Mapping
        Every key checked; the rules' defaults filled in.

    Raises
    ------
    ImportRefused
        A wrong key or value (the message names the key).
    """
    unknown = set(data) - _TOP
    if unknown:
        raise _fail(origin, ", ".join(sorted(unknown)), f"unknown key(s); known keys: {', '.join(sorted(_TOP))}")
    shape = data.get("shape", "events")
    if shape not in SHAPES:
        raise _fail(origin, "shape", f"{shape!r} is not one of {', '.join(SHAPES)}")
    tz = data.get("timezone")
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise _fail(origin, "timezone", f"unknown timezone {tz!r}; use an IANA name such as Europe/Rome") from None
    columns = {}
    for role, value in _table(origin, data, "columns").items():
        if role not in COLUMN_ROLES:
            raise _fail(origin, f"columns.{role}", f"unknown role; roles: {', '.join(COLUMN_ROLES)}")
        columns[role] = _names(origin, f"columns.{role}", value)
    required = ("case", "timestamp", "activity") if shape == "events" else ("case",)
    for role in required:
        if role not in columns:
            raise _fail(
                origin, f"columns.{role}", f"missing; a mapping of shape {shape!r} needs columns " + ", ".join(required)
            )
    ticket_events = {}
    for kind, value in _table(origin, data, "ticket_events").items():
        if kind not in EVENT_KINDS:
            raise _fail(origin, f"ticket_events.{kind}", f"unknown event kind; use one of {', '.join(EVENT_KINDS)}")
        ticket_events[kind] = _names(origin, f"ticket_events.{kind}", value)
    if shape == "tickets" and "created" not in ticket_events:
        raise _fail(origin, "ticket_events.created", "missing; name the column holding each ticket's creation time")
    attributes = {}
    for attr, spec in _table(origin, data, "attributes").items():
        where = f"attributes.{attr}"
        if attr not in ATTRIBUTES:
            raise _fail(origin, where, f"unknown attribute; use one of {', '.join(ATTRIBUTES)}")
        if isinstance(spec, str):
            spec = {"value": spec}
        if not isinstance(spec, dict) or ("column" in spec) == ("value" in spec):
            raise _fail(origin, where, 'give either column = "..." (with optional map and default) or value = "..."')
        values = spec.get("map", {})
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            raise _fail(origin, f"{where}.map", "must be a table of source value = canonical value")
        sources = _names(origin, f"{where}.column", spec["column"]) if "column" in spec else ()
        attributes[attr] = Attribute(
            columns=sources, value=spec.get("value"), values=dict(values), default=spec.get("default")
        )
    activities = {}
    for value, spec in _table(origin, data, "activities").items():
        where = f"activities.{value!r}"
        if isinstance(spec, str):
            spec = {"kind": spec}
        kind = spec.get("kind") if isinstance(spec, dict) else None
        if kind not in (*EVENT_KINDS, NONE_KIND):
            raise _fail(origin, where, f"unknown event kind {kind!r}; use one of {', '.join(EVENT_KINDS)} or 'none'")
        if kind in ("escalated", "approval_requested") and not spec.get("to_team"):
            raise _fail(origin, where, f"a {kind!r} activity needs to_team (the team the ticket goes to)")
        activities[value] = Activity(kind, spec.get("to_team"), spec.get("reason"))
    teams = {str(k): v for k, v in _table(origin, data, "teams").items()}
    if not all(isinstance(v, str) and v for v in teams.values()):
        raise _fail(origin, "teams", "every value must be a team id of the policy")
    levels = {str(k): v for k, v in _table(origin, data, "levels").items()}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in levels.values()):
        raise _fail(origin, "levels", "every value must be a whole number (1 = first line, 2 = second, ...)")
    rules = _table(origin, data, "rules")
    for key, value in rules.items():
        if key not in _RULES:
            raise _fail(origin, f"rules.{key}", f"unknown rule; rules: {', '.join(_RULES)}")
        allowed = _RULES[key]
        if isinstance(allowed, tuple) and value not in allowed:
            raise _fail(origin, f"rules.{key}", f"{value!r} is not one of {', '.join(allowed)}")
        if isinstance(allowed, type) and not isinstance(value, allowed):
            raise _fail(origin, f"rules.{key}", f"must be a {allowed.__name__}")
    if rules.get("default_kind") not in (None, *EVENT_KINDS, NONE_KIND):
        raise _fail(origin, "rules.default_kind", f"unknown event kind {rules['default_kind']!r}")
    if (
        shape == "events"
        and rules.get("created", "first_event") == "activity"
        and not any(a.kind == "created" for a in activities.values())
    ):
        raise _fail(origin, "rules.created", "'activity' needs an activity mapped to 'created' in [activities]")
    metrics = _table(origin, data, "metrics")
    not_measurable = metrics.get("not_measurable", {})
    if not isinstance(not_measurable, dict) or set(not_measurable) - set(METRICS):
        raise _fail(
            origin, "metrics.not_measurable", f"must be a table of metric = reason; metrics: {', '.join(METRICS)}"
        )
    return Mapping(
        name=data.get("name", default_name),
        origin=origin,
        shape=shape,
        description=data.get("description", ""),
        timezone=tz,
        date_format=data.get("date_format"),
        delimiter=data.get("delimiter"),
        encoding=data.get("encoding"),
        sheet=data.get("sheet"),
        columns=columns,
        ticket_events=ticket_events,
        attributes=attributes,
        activities=activities,
        teams=teams,
        levels=levels,
        created=rules.get("created", "first_event"),
        intake_team=rules.get("intake_team"),
        default_team=rules.get("default_team"),
        default_kind=rules.get("default_kind"),
        resume_after_pause=rules.get("resume_after_pause", True),
        reopen_after_resolution=rules.get("reopen_after_resolution", True),
        only_changes=rules.get("only_changes", False),
        escalation_reason=rules.get("escalation_reason"),
        missing=tuple(rules.get("missing", [""])),
        not_measurable=dict(not_measurable),
        text=text,
    )


def resolve_column(
    mapping: Mapping, role: str, names: tuple[str, ...], found: list[str], where: str, required: bool = True
) -> str | None:
    """The source column for ``role``: the first alternative present (exact, then ignoring case).

    Parameters
    ----------
    mapping : Mapping
        The mapping, for messages.
    role : str
        What the column is for (``case``, ``created time``, ...), for messages.
    names : tuple of str
        The mapping's alternatives.
    found : list of str
        The file's columns.
    where : str
        The file, for messages.
    required : bool
        Refuse when none is present (else return None).

    Returns
    -------
    str or None

    Raises
    ------
    ImportRefused
        A required column is missing (the message lists the columns found).
    """
    for name in names:
        if name in found:
            return name
    lower = {f.lower(): f for f in found}
    for name in names:
        if name.lower() in lower:
            return lower[name.lower()]
    if not required:
        return None
    wanted = " or ".join(repr(n) for n in names)
    raise ImportRefused(
        f"{where}: missing column {wanted} (the {role} column of mapping '{mapping.name}'); "
        f"found columns: {', '.join(found) or '(none)'}. Check that --format and --mapping match "
        "the file, or correct the mapping."
    )
