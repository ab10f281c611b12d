"""Mapping files from choices: what the dashboard's "map columns by hand" wizard writes.

:func:`build_mapping_text` is pure: it turns :class:`MappingChoices` (which column is the ticket id,
which columns hold which times, which activity value is which event kind, which group is which team,
...) into the text of a mapping TOML file that :mod:`analytics.ingest.mapping` parses, with the keys
documented in ``docs/importers.md``: :func:`mapping_document` builds the file's tables and ``tomli_w``
writes them. The other helpers are pure too (guesses for the wizard's first
suggestions, the metrics a mapped file cannot measure, the ``sla import`` command line), except
:func:`profile_table`, which reads a file's columns, first rows and most frequent values through the
importers' own readers, without touching any database.
"""

from __future__ import annotations

import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import tomli_w

from analytics.ingest.errors import ImportRefused
from analytics.ingest.mapping import ATTRIBUTES, NONE_KIND, SHAPES, Activity, Mapping, parse_mapping
from analytics.ingest.readers import quote_ident, read_table
from analytics.store.database import fetch_one, prepare
from analytics.store.sqlfiles import filled, sql
from analytics.vocabulary import EVENT_KINDS

__all__ = [
    "HEADER",
    "TICKET_TIME_KINDS",
    "ActivityChoice",
    "AttributeChoice",
    "MappingChoices",
    "TableProfile",
    "build_mapping_text",
    "check_mapping_text",
    "event_kinds",
    "import_command",
    "mapping_document",
    "profile_table",
    "unmeasurable_metrics",
]

# Kinds a ticket table's time column can stand for (the others need a target team or a due time).
TICKET_TIME_KINDS = tuple(k for k in EVENT_KINDS if k not in ("escalated", "approval_requested", "estimate"))


@dataclass(frozen=True)
class AttributeChoice:
    """Where a ticket attribute comes from: a ``column`` (with a value map and default) or a ``value``."""

    column: str | None = None
    value: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    default: str | None = None


# The choice for one activity value is the mapping's own Activity: its canonical kind, with ``to_team``
# for ``escalated`` / ``approval_requested`` and the escalation's ``reason``.
ActivityChoice = Activity


@dataclass(frozen=True)
class MappingChoices:
    """Everything a person chose in the wizard; field names follow the mapping file's keys.

    ``ticket_events`` (tickets shape) maps a canonical kind to the column holding its time.
    ``activities`` maps an activity value to an :class:`ActivityChoice` or a kind name. ``teams`` maps
    a group value to a policy team, ``levels`` to its support line (a move to a higher line is an
    escalation, another move a hand-off). ``missing`` are the source values that mean "no value".
    ``not_measurable`` of None means "derive it from the choices" (:func:`unmeasurable_metrics`).
    """

    name: str
    shape: str = "tickets"
    case: str = ""
    timestamp: str | None = None
    activity: str | None = None
    resource: str | None = None
    group: str | None = None
    order: str | None = None
    created_at: str | None = None
    ticket_events: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, AttributeChoice] = field(default_factory=dict)
    activities: dict[str, ActivityChoice | str] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    intake_team: str | None = None
    default_team: str | None = None
    default_kind: str | None = None
    timezone: str | None = None
    date_format: str | None = None
    sheet: str | None = None
    only_changes: bool = False
    resume_after_pause: bool = True
    reopen_after_resolution: bool = True
    escalation_reason: str | None = None
    missing: tuple[str, ...] = ("",)
    description: str = ""
    not_measurable: dict[str, str] | None = None


# -- TOML text ------------------------------------------------------------------------------------

HEADER = "# Written by the dashboard's import wizard (map columns by hand); keys: docs/importers.md.\n"


def _activity_value(spec: ActivityChoice | str) -> str | dict[str, str]:
    """An ``[activities]`` value: the kind alone, or a table with its target team and reason."""
    spec = ActivityChoice(spec) if isinstance(spec, str) else spec
    if not spec.to_team and not spec.reason:
        return spec.kind
    return {
        "kind": spec.kind,
        **({"to_team": spec.to_team} if spec.to_team else {}),
        **({"reason": spec.reason} if spec.reason else {}),
    }


def _attribute_value(spec: AttributeChoice) -> dict:
    """An ``[attributes.<name>]`` table: a constant ``value``, or a ``column`` with default and map."""
    if spec.column is None:
        return {"value": spec.value}
    table: dict = {"column": spec.column}
    if spec.default is not None:
        table["default"] = spec.default
    if spec.values:
        table["map"] = dict(spec.values)
    return table


def _rules(choices: MappingChoices) -> dict:
    """The ``[rules]`` that differ from a mapping's defaults (and the event-log switches, always)."""
    rules = {"intake_team": choices.intake_team, "default_team": choices.default_team if choices.group else None}
    if choices.shape == "events":
        rules |= {"default_kind": choices.default_kind, "escalation_reason": choices.escalation_reason}
    rules = {k: v for k, v in rules.items() if v}
    if tuple(choices.missing) != ("",):
        rules["missing"] = list(choices.missing)
    if choices.shape == "events":
        rules |= {
            "only_changes": choices.only_changes,
            "resume_after_pause": choices.resume_after_pause,
            "reopen_after_resolution": choices.reopen_after_resolution,
        }
    return rules


def _check(choices: MappingChoices) -> None:
    if choices.shape not in SHAPES:
        raise ValueError(f"shape {choices.shape!r} is not one of {', '.join(SHAPES)}")
    if not choices.case:
        raise ValueError("choose the column that holds the ticket id")
    if choices.shape == "tickets" and not choices.ticket_events.get("created"):
        raise ValueError("choose the column that holds each ticket's creation time")
    if choices.shape == "events" and not (choices.timestamp and choices.activity):
        raise ValueError("choose the timestamp column and the activity (status / event) column")


def mapping_document(choices: MappingChoices) -> dict:
    """The mapping for ``choices`` as the dict its TOML file holds (:func:`build_mapping_text` writes it).

    Parameters
    ----------
    choices : MappingChoices
        Everything the person chose in the wizard.

    Returns
    -------
    dict
        Keys in the order of ``docs/importers.md``; tables that would be empty are left out.

    Raises
    ------
    ValueError
        A required choice is missing (ticket id column; created time, or timestamp and activity).
    """
    _check(choices)
    events = choices.shape == "events"
    doc: dict = {"name": choices.name or "mapping"}
    if choices.description:
        doc["description"] = choices.description
    doc["shape"] = choices.shape
    doc |= {key: getattr(choices, key) for key in ("timezone", "date_format", "sheet") if getattr(choices, key)}
    roles = [("case", choices.case)]
    if events:
        roles += [("timestamp", choices.timestamp), ("activity", choices.activity)]
    roles += [("resource", choices.resource), ("group", choices.group)]
    if events:
        roles += [("order", choices.order), ("created_at", choices.created_at)]
    doc["columns"] = {role: column for role, column in roles if column}
    if not events:
        doc["ticket_events"] = {k: choices.ticket_events[k] for k in EVENT_KINDS if choices.ticket_events.get(k)}
    attributes = {
        attr: _attribute_value(spec)
        for attr in ATTRIBUTES
        if (spec := choices.attributes.get(attr)) is not None and (spec.column is not None or spec.value is not None)
    }
    if attributes:
        doc["attributes"] = attributes
    if events and choices.activities:
        doc["activities"] = {value: _activity_value(spec) for value, spec in choices.activities.items()}
    if choices.group and choices.teams:
        doc["teams"] = dict(choices.teams)
    if events and choices.group and choices.levels:
        doc["levels"] = dict(choices.levels)
    rules = _rules(choices)
    if rules:
        doc["rules"] = rules
    scope = unmeasurable_metrics(choices) if choices.not_measurable is None else choices.not_measurable
    if scope:
        doc["metrics"] = {"not_measurable": dict(scope)}
    return doc


def build_mapping_text(choices: MappingChoices) -> str:
    """The mapping TOML text for ``choices``; :func:`analytics.ingest.mapping.load_mapping` reads it.

    Parameters
    ----------
    choices : MappingChoices
        The wizard's choices, turned into tables by :func:`mapping_document`.

    Returns
    -------
    str
        A complete mapping file (see ``docs/importers.md``) written by ``tomli_w`` after a comment line
        saying where it comes from; deterministic for equal choices.

    Raises
    ------
    ValueError
        As :func:`mapping_document` raises it, naming the missing choice.
    """
    return HEADER + tomli_w.dumps(mapping_document(choices))


def check_mapping_text(text: str, origin: str = "built in the wizard") -> Mapping:
    """Parse and validate mapping text exactly as an import will.

    Parameters
    ----------
    text : str
        A mapping file's text (from :func:`build_mapping_text`, perhaps edited by hand).
    origin : str
        Where it comes from, for messages.

    Returns
    -------
    Mapping

    Raises
    ------
    ImportRefused
        The text is not valid TOML or a key is wrong (the message names the key).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportRefused(f"mapping {origin}: not valid TOML: {exc}") from None
    return parse_mapping(data, origin=origin, text=text, default_name=data.get("name", "mapping"))


# -- what a mapped file can measure ----------------------------------------------------------------


def event_kinds(choices: MappingChoices) -> set[str]:
    """The canonical kinds an import with ``choices`` can produce (besides ``created``).

    Parameters
    ----------
    choices : MappingChoices
        The wizard's choices: its ticket events, or its activities, default kind and group column.

    Returns
    -------
    set of str
    """
    if choices.shape == "tickets":
        return {k for k, c in choices.ticket_events.items() if c}
    kinds = {(ActivityChoice(s) if isinstance(s, str) else s).kind for s in choices.activities.values()}
    if choices.default_kind:
        kinds.add(choices.default_kind)
    if choices.group:
        kinds.add("escalated")  # a move to another group's team is a hand-off
    return kinds - {NONE_KIND}


def unmeasurable_metrics(choices: MappingChoices) -> dict[str, str]:
    """Metrics whose clocks a file mapped with ``choices`` cannot measure, with the reason.

    Their clocks would otherwise show as breached (no acknowledgement ever arrives) rather than as
    not applicable; see "Metrics a source cannot measure" in ``docs/importers.md``.

    Parameters
    ----------
    choices : MappingChoices
        The wizard's choices (the kinds they map to, by :func:`event_kinds`).

    Returns
    -------
    dict of str to str
        Metric -> reason, for the mapping's ``[metrics.not_measurable]``.
    """
    kinds = event_kinds(choices)
    table = choices.shape == "tickets"
    out = {}
    if "acknowledged" not in kinds:
        out["acknowledgement"] = "the file has no acknowledgement times"
    if "agent_reply" not in kinds:
        out["first_response"] = "the file has no agent replies"
    if table or "agent_reply" not in kinds:
        out["status_update"] = (
            "a ticket table has at most the first reply, not every update" if table else "the file has no agent replies"
        )
    if table or "agent_reply" not in kinds:
        out["escalation_notice"] = "a ticket table has no escalations" if table else "the file has no agent replies"
    if table:
        out["handoff_pickup"] = "a ticket table has no hand-offs (only one group per ticket)"
    if not kinds & {"resolved", "closed"}:
        out["resolution"] = "the file has no resolution or closing times"
    return out


# -- the command line ------------------------------------------------------------------------------


def import_command(
    path: str | Path,
    dataset: str,
    mapping_file: str | Path,
    *,
    db: str | Path | None = None,
    policy: str | Path | None = None,
    strict: bool = False,
) -> str:
    """The ``sla import`` command that repeats an import made with a mapping file.

    Parameters
    ----------
    path : str or Path
        The imported file.
    dataset : str
        The dataset name.
    mapping_file : str or Path
        The saved mapping TOML.
    db, policy : str or Path, optional
        ``--db`` and ``--policy``, when they are not the command's defaults.
    strict : bool
        Add ``--strict``.

    Returns
    -------
    str
        One shell-quoted command line.
    """
    parts = ["sla", "import", str(path), "--name", dataset, "--format", "csv", "--mapping", str(mapping_file)]
    if db is not None:
        parts += ["--db", str(db)]
    if policy is not None:
        parts += ["--policy", str(policy)]
    if strict:
        parts.append("--strict")
    return shlex.join(parts)


# -- reading a file's columns ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableProfile:
    """A table file's columns, first rows and most frequent (trimmed, non-empty) values per column."""

    columns: list[str]
    head: pd.DataFrame
    rows: int
    values: dict[str, pd.DataFrame]  # column -> value, rows (most frequent first, at most ``top``)
    distinct: dict[str, int]  # column -> number of distinct non-empty values


def profile_table(
    path: str | Path,
    *,
    head: int = 5,
    top: int = 50,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> TableProfile:
    """Read a CSV / Excel / Parquet file with the importers' readers and describe its columns.

    Parameters
    ----------
    path : str or Path
        The file.
    head : int
        How many first rows to return.
    top : int
        How many most frequent values to return per column.
    sheet, encoding, delimiter : str, optional
        As for ``sla import`` (detected by default).

    Returns
    -------
    TableProfile

    Raises
    ------
    ImportRefused
        The file cannot be read as a table.
    """
    con = prepare(duckdb.connect())
    try:
        src = read_table(con, Path(path), encoding=encoding, delimiter=delimiter, sheet=sheet)
        first = con.execute(sql("ingest/profile/head"), [int(head)]).fetchdf()
        values, distinct = {}, {}
        for col in src.columns:
            # The identifier is a quoted column name of the file's own header; values are bound.
            value = f"nullif(trim({quote_ident(col)}), '')"
            values[col] = con.execute(filled("ingest/profile/top_values", value=value), [int(top)]).fetchdf()
            distinct[col] = int(fetch_one(con, filled("ingest/profile/distinct_values", value=value))[0])
    except duckdb.Error as exc:
        raise ImportRefused(f"{Path(path).name}: cannot read the file's columns: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    return TableProfile(list(src.columns), first, src.rows, values, distinct)
