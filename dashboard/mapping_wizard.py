"""The Data page's "map columns by hand" step (format ``csv``): widgets that say which column of an
uploaded table is which, and what its values mean, for one row per ticket or one row per event.

Draws only. The file is read by :func:`analytics.ingest.mapping_builder.profile_table` (the importers'
own readers); the choices become a :class:`~analytics.ingest.mapping_builder.MappingChoices`, which
the page turns into mapping text with :func:`~analytics.ingest.mapping_builder.build_mapping_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import available_timezones

import streamlit as st

from analytics import api
from dashboard import markup, tables
from dashboard.mapping_guesses import guess_columns, guess_kind, guess_team, guess_value, has_offset

__all__ = [
    "ATTRIBUTE_LABELS",
    "BY_HAND",
    "IN_FILE",
    "MAIN_TIMES",
    "REFUSE",
    "TOP_VALUES",
    "UNUSED",
    "draw",
    "show_mapping",
]

BY_HAND = "(map columns by hand)"
UNUSED = "(not in this file)"
IN_FILE = "(the times carry a UTC offset)"
REFUSE = "(refuse those rows)"
TOP_VALUES = 50
MAIN_TIMES = {
    "created": "Created / opened at (required)",
    "acknowledged": "Acknowledged at",
    "agent_reply": "First agent reply at",
    "resolved": "Resolved / solved at",
    "closed": "Closed at",
}
ATTRIBUTE_LABELS = {
    "channel": "Channel (ticket or chat)",
    "complexity": "Complexity (sets the resolution target)",
    "category": "Category",
    "priority": "Priority",
    "site": "Site",
    "customer": "Customer",
}
_NO_COMPLEXITY = "(none: the policy's default target)"
_CONSTANT = "(every ticket: {})"
_TO = " → "


@st.cache_data(max_entries=8, show_spinner="Reading the file's columns…")
def _profile(path: str, top: int, sheet: str | None = None) -> api.TableProfile:
    return api.profile_table(path, top=top, sheet=sheet)


@st.cache_data(max_entries=8)
def _sheets(path: str) -> list[str]:
    return api.sheet_names(Path(path)) if api.file_kind(Path(path)) == "excel" else []


def _grid(n: int, width: int = 3) -> list:
    """``n`` layout cells, ``width`` per row."""
    cells = []
    for start in range(0, n, width):
        cells += st.columns(width)[: min(width, n - start)]
    return cells


def _pick(where, label: str, options: list[str], key: str, default: str | None = None, **kwargs) -> str:
    """A selectbox that starts at ``default`` (when it is one of the options)."""
    index = options.index(default) if default in options else 0
    return where.selectbox(label, options, index=index, key=key, **kwargs)


def _values_note(profile: api.TableProfile, column: str, rest: str) -> None:
    shown, total = len(profile.values[column]), profile.distinct[column]
    if total > shown:
        st.caption(
            f"The {shown} most frequent of {total:,} values of **{markup.plain(column)}** are listed; "
            f"the other values {rest}."
        )


def _value_map(
    profile: api.TableProfile,
    column: str,
    key: str,
    options: list[str],
    guess: Callable[[str], str],
    fmt: Callable[[str], str] = str,
) -> dict[str, str]:
    """One selectbox per frequent value of ``column``: source value -> chosen option."""
    counts = profile.values[column]
    out = {}
    for cell, (value, rows) in zip(_grid(len(counts)), counts.itertuples(index=False)):
        out[value] = _pick(
            cell,
            f"{markup.plain(value)} ({rows:,} rows)",
            options,
            f"{key}:{column}:{value}",
            guess(value),
            format_func=fmt,
        )
    return out


def _time_columns(columns: list[str], guesses: dict[str, str]) -> dict[str, str]:
    """Tickets shape: the column holding each event's time (``created`` required)."""
    out = {}
    cells = _grid(len(MAIN_TIMES))
    for cell, (kind, label) in zip(cells, MAIN_TIMES.items()):
        options = columns if kind == "created" else [UNUSED, *columns]
        out[kind] = _pick(cell, label, options, f"map_event_{kind}", guesses.get(kind, UNUSED))
    more = [k for k in api.TICKET_TIME_KINDS if k not in MAIN_TIMES]
    with st.expander("More time columns (other event kinds)"):
        for cell, kind in zip(_grid(len(more)), more):
            out[kind] = _pick(
                cell, f"{kind.replace('_', ' ').capitalize()} at", [UNUSED, *columns], f"map_event_{kind}"
            )
    return {k: c for k, c in out.items() if c != UNUSED}


def _attributes(profile: api.TableProfile, guesses: dict[str, str]) -> dict[str, api.AttributeChoice]:
    """Channel, complexity, category, priority, site, customer: a constant, a column (mapped or as is)."""
    columns = profile.columns
    out = {}
    st.markdown("**Ticket attributes**")
    cells = _grid(len(ATTRIBUTE_LABELS))
    sources = {}
    for cell, (attr, label) in zip(cells, ATTRIBUTE_LABELS.items()):
        if attr == "channel":
            constants = [_CONSTANT.format(c) for c in ("ticket", "chat")]
        elif attr == "complexity":
            constants = [_NO_COMPLEXITY, *(_CONSTANT.format(c) for c in api.COMPLEXITIES)]
        else:
            constants = [UNUSED]
        sources[attr] = _pick(cell, label, [*constants, *columns], f"map_attr_{attr}", guesses.get(attr))
    for attr, source in sources.items():
        if source in (UNUSED, _NO_COMPLEXITY):
            continue
        if source not in columns:
            out[attr] = api.AttributeChoice(value=source[len("(every ticket: ") : -1])
        elif attr not in ("channel", "complexity"):
            out[attr] = api.AttributeChoice(column=source)
        else:
            options = ["ticket", "chat"] if attr == "channel" else ["", *api.COMPLEXITIES]

            def fmt(v):
                return v or _NO_COMPLEXITY

            title = f"{ATTRIBUTE_LABELS[attr]}: what each value of '{markup.plain(source)}' means"
            with st.expander(title, expanded=True):
                values = _value_map(
                    profile, source, f"map_value:{attr}", options, lambda v, a=attr: guess_value(a, v), fmt
                )
                default = _pick(
                    st, "Other values", options, f"map_value_default:{attr}:{source}", options[0], format_func=fmt
                )
                _values_note(profile, source, f"count as {fmt(default)}")
            out[attr] = api.AttributeChoice(column=source, values=values, default=default)
    return out


def _activities(
    profile: api.TableProfile, column: str, teams: list[str]
) -> tuple[dict[str, api.ActivityChoice], str | None]:
    """Events shape: the canonical kind of each frequent activity value, and of the others."""
    plain = [k for k in api.EVENT_KINDS if k not in ("escalated", "approval_requested")]
    options = [*plain, "none", *(f"escalated{_TO}{t}" for t in teams), *(f"approval_requested{_TO}{t}" for t in teams)]
    with st.expander(f"Event kinds: what each value of '{markup.plain(column)}' is", expanded=True):
        st.caption(
            "`none` makes no event of its own (a move between groups still does). A hand-off is "
            "found from the group column; choose `escalated → TEAM` only for an activity that "
            "itself sends the ticket to a team."
        )
        chosen = _value_map(profile, column, "map_kind", options, guess_kind)
        default = _pick(st, "Other activities", [REFUSE, *plain, "none"], f"map_kind_default:{column}", "internal_note")
        _values_note(profile, column, f"are {default}" if default != REFUSE else "are refused")
    out = {}
    for value, option in chosen.items():
        kind, _, team = option.partition(_TO)
        out[value] = api.ActivityChoice(kind, team or None)
    return out, None if default == REFUSE else default


def _teams(
    profile: api.TableProfile, column: str, policy: api.Policy, intake: str
) -> tuple[dict[str, str], str | None]:
    """The policy team of each frequent group value, and of the others."""
    teams = list(policy.teams)
    names = {t: getattr(policy.teams[t], "name", t) for t in teams}
    with st.expander(f"Teams: which policy team each value of '{markup.plain(column)}' is", expanded=True):
        chosen = _value_map(profile, column, "map_team", teams, lambda v: guess_team(v, names, intake))
        default = _pick(st, "Other groups", [REFUSE, *teams], f"map_team_default:{column}", intake)
        _values_note(profile, column, f"count as {default}" if default != REFUSE else "are refused")
    return chosen, None if default == REFUSE else default


def _levels(team_map: dict[str, str], policy: api.Policy) -> dict[str, int]:
    """The support line of each mapped group value (its team's tier in the policy), when group moves
    between lines are to be told apart from hand-offs within a line; else no levels."""
    tiers = {
        value: policy.teams[team].tier
        for value, team in team_map.items()
        if team in policy.teams and policy.teams[team].tier is not None
    }
    if not tiers:
        return {}
    by_line = st.checkbox(
        "A move to a group of a higher support line (its team's tier in the policy) is an "
        "escalation; any other move between groups is a hand-off",
        True,
        key="map_levels",
        help="Without this, every move to another team's group is an escalation.",
    )
    return tiers if by_line else {}


def _timezone(profile: api.TableProfile, time_columns: list[str], policy: api.Policy) -> str | None:
    """The zone of offset-less times; a hint when the first values of the time columns carry none."""
    naive = [c for c in time_columns if any(not has_offset(str(v)) for v in profile.values[c]["value"].head(20))]
    zones = [
        IN_FILE,
        policy.reporting_timezone,
        "UTC",
        *sorted(z for z in available_timezones() if z not in (policy.reporting_timezone, "UTC")),
    ]
    if naive:
        st.info(
            f"The times in {', '.join(markup.plain(repr(c)) for c in naive)} have no UTC offset: choose the "
            "timezone they are in (the importer never guesses one)."
        )
    tz = st.selectbox("Timezone of times without an offset", zones, key="map_timezone")
    return None if tz == IN_FILE else tz


def draw(path: Path, policy: api.Policy, name: str) -> api.MappingChoices:
    """Draw the column-mapping widgets for the uploaded table at ``path``; return the choices.

    Parameters
    ----------
    path : Path
        The uploaded file (CSV, Excel or Parquet).
    policy : api.Policy
        The policy in force: its teams are the targets of the group values.
    name : str
        The dataset name, used as the mapping's name.

    Returns
    -------
    api.MappingChoices

    Raises
    ------
    ImportRefused
        The file cannot be read as a table.
    """
    sheets = _sheets(str(path))
    sheet = None
    if len(sheets) > 1:
        sheet = st.selectbox("Sheet", sheets, key="map_sheet", help="The workbook's sheet that holds the table.")
    profile = _profile(str(path), TOP_VALUES, sheet)
    if not profile.columns:
        raise ValueError(f"{path.name}: the file has no columns")
    st.subheader("Map the columns")
    st.caption(f"{profile.rows:,} rows, {len(profile.columns)} columns. The first rows as they are in the file:")
    st.dataframe(profile.head, hide_index=True, height=tables.table_height(len(profile.head), 6))
    shape = st.radio(
        "The file has",
        ["tickets", "events"],
        key="map_shape",
        horizontal=True,
        format_func=lambda s: {"tickets": "one row per ticket", "events": "one row per event"}[s],
    )
    columns = profile.columns
    guesses = guess_columns(columns, shape)
    optional = [UNUSED, *columns]
    left, mid, right = st.columns(3)
    case = _pick(left, "Ticket id", columns, "map_case", guesses.get("case"))
    group = _pick(
        mid,
        "Team / group",
        optional,
        "map_group",
        guesses.get("group"),
        help="Support group, queue or line; its values are mapped to the policy's teams below.",
    )
    resource = _pick(right, "Agent", optional, "map_resource", guesses.get("resource"))
    picked = {
        "case": case,
        "group": None if group == UNUSED else group,
        "resource": None if resource == UNUSED else resource,
    }
    events: dict[str, str] = {}
    if shape == "tickets":
        st.markdown("**Times** (each column with a value makes one event of that kind)")
        events = _time_columns(columns, guesses)
        time_columns = list(dict.fromkeys(events.values()))
    else:
        a, b, c, d = st.columns(4)
        picked["timestamp"] = _pick(a, "Timestamp", columns, "map_timestamp", guesses.get("timestamp"))
        picked["activity"] = _pick(
            b, "Activity / status / event kind", columns, "map_activity", guesses.get("activity")
        )
        order = _pick(c, "Order of equal times (optional)", optional, "map_order")
        created_at = _pick(
            d,
            "Ticket created at (optional)",
            optional,
            "map_created_at",
            help="When the ticket's creation is not its first row's time.",
        )
        picked["order"] = None if order == UNUSED else order
        picked["created_at"] = None if created_at == UNUSED else created_at
        time_columns = [picked["timestamp"], *([picked["created_at"]] if picked["created_at"] else [])]
    attributes = _attributes(profile, guesses)
    teams = list(policy.teams)
    intake = _pick(
        st,
        "Team that receives new tickets",
        teams,
        "map_intake_team",
        "L1",
        help="The team of each ticket's first event when it has no group.",
    )
    activities, default_kind = ({}, None)
    if shape == "events":
        activities, default_kind = _activities(profile, picked["activity"], teams)
    team_map, default_team = ({}, None)
    if picked["group"]:
        team_map, default_team = _teams(profile, picked["group"], policy, intake)
    tz = _timezone(profile, time_columns, policy)
    date_format = (
        st.text_input(
            "Date format, only if the dates are ambiguous (optional)",
            key="map_date_format",
            placeholder="e.g. %d/%m/%Y %H:%M",
        ).strip()
        or None
    )
    missing = st.text_input(
        "Values that mean 'no value', besides an empty cell (optional, comma-separated)",
        key="map_missing",
        placeholder="e.g. ?, N/A, -",
    )
    rules = {"missing": ("", *dict.fromkeys(v.strip() for v in missing.split(",") if v.strip()))}
    if shape == "events":
        with st.expander("Rules for events"):
            rules |= {
                "only_changes": st.checkbox(
                    "A row makes an event only when its activity changed (audit-style exports repeat the state)",
                    key="map_only_changes",
                ),
                "resume_after_pause": st.checkbox("Work after a pause resumes the ticket", True, key="map_resume"),
                "reopen_after_resolution": st.checkbox(
                    "Work after a resolution reopens the ticket", True, key="map_reopen"
                ),
                "levels": _levels(team_map, policy),
                "escalation_reason": st.text_input(
                    "Reason recorded on escalations (optional)", key="map_escalation_reason", placeholder="e.g. complex"
                ).strip()
                or None,
            }
    choices = api.MappingChoices(
        name=name or "mapping",
        shape=shape,
        ticket_events=events,
        attributes=attributes,
        activities=activities,
        teams=team_map,
        intake_team=intake,
        default_team=default_team,
        default_kind=default_kind,
        timezone=tz,
        date_format=date_format,
        sheet=sheet,
        **picked,
        **rules,
    )
    scope = api.unmeasurable_metrics(choices)
    if scope:
        st.caption(
            "Not measurable from this file (their clocks will show as not applicable): "
            + "; ".join(f"{tables.metric_label(m)}: {scope[m]}" for m in api.METRICS if m in scope)
            + "."
        )
    return choices


def show_mapping(text: str, mapping_file: Path, command: str) -> None:
    """The built mapping: a download, its text, and the command that repeats the import.

    Parameters
    ----------
    text : str
        The mapping TOML text.
    mapping_file : Path
        Where the import will save it (``data/mappings/NAME.toml``).
    command : str
        The ``sla import`` command line using ``mapping_file``.
    """
    st.download_button(
        "Download the mapping (TOML)",
        text.encode("utf-8"),
        file_name=mapping_file.name,
        mime="application/toml",
        key="download_mapping",
        icon=":material/download:",
    )
    with st.expander("The mapping file"):
        st.code(text, language="toml")
    st.caption(f"On import the mapping is saved as {markup.code(mapping_file)}; this command repeats the import:")
    st.code(command, language="sh")
