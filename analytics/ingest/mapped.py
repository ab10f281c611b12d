"""The mapping engine: a source table (``raw_rows``) plus a :class:`Mapping` give canonical events.

Shared by the ``eventlog``, ``csv``, ``servicenow``, ``jira`` and ``zendesk`` formats. Python only
builds the projection of the mapped columns (quoted identifiers, values bound as parameters) and the
small lookup tables of the mapping; the derivation of events is SQL (``analytics/sql/ingest/mapped``):

- events shape: one row per event; the activity's kind from ``[activities]``; a group move to a
  higher support line (``[levels]``) is ``escalated``, to another team ``assigned`` (or
  ``escalated`` when the mapping has no levels); work after a pause is ``resumed``, after a
  resolution ``reopened``; ``created`` is the ticket's first row unless an activity says so;
- tickets shape: one row per ticket; each ``[ticket_events]`` column with a value is one event.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.ingest.dates import detect
from analytics.ingest.errors import ImportRefused
from analytics.ingest.mapping import ATTRIBUTES, Mapping, resolve_column
from analytics.ingest.readers import SourceTable, create_source_raw, quote_ident
from analytics.ingest.staging import ImportOptions, Staged
from analytics.store.sqlfiles import bound, sql

__all__ = ["MAPPED_SQL", "check_teams", "stage_mapped"]

MAPPED_SQL = (
    "ingest/mapped/10_mapped_rows",
    "ingest/mapped/20_mapped_states",
    "ingest/mapped/30_case_attributes",
    "ingest/mapped/35_mapped_rules",
    "ingest/mapped/40_mapped_staged",
)


def check_teams(mapping: Mapping, teams: tuple[str, ...]) -> None:
    """Refuse a mapping that names teams the policy does not have (before reading any row).

    Parameters
    ----------
    mapping : Mapping
        The validated mapping.
    teams : tuple of str
        The policy's team ids (none: nothing to check).

    Raises
    ------
    ImportRefused
        Naming the unknown teams and the policy's.
    """
    if not teams:
        return
    unknown = sorted(mapping.teams_used() - set(teams))
    if unknown:
        raise ImportRefused(
            f"mapping {mapping.origin}: team(s) {', '.join(unknown)} are not in the policy "
            f"(teams: {', '.join(teams)}); map groups to policy teams or add the teams to the policy"
        )


def _bind(params: list, value) -> str:
    """A reference to ``value`` in the one-row table ``mapped_consts`` (built from ``params``)."""
    params.append(value)
    return f"k._mapping_const_{len(params) - 1}"


def _consts(params: list) -> str:
    """The one-row table ``mapped_consts`` of the values :func:`_bind` collected (fixed names and types;
    the values are bound in the given order)."""
    consts = ", ".join(
        f"?::{'VARCHAR[]' if isinstance(v, list) else 'VARCHAR'} AS _mapping_const_{i}" for i, v in enumerate(params)
    )
    return f"CREATE OR REPLACE TEMP TABLE mapped_consts AS SELECT {consts or '1 AS _mapping_const'}"


def _clean(expr: str, params: list, missing: tuple[str, ...]) -> str:
    """The value without surrounding spaces, NULL when it is one of the mapping's missing markers.

    Trimming is the costly part, so it is done only for the values that need it (a leading or
    trailing space, or a missing marker), which is almost none in a real export."""
    miss = _bind(params, list(missing))
    return (
        f"CASE WHEN {expr} LIKE ' %' OR {expr} LIKE '% ' OR list_contains({miss}, {expr}) "
        f"THEN CASE WHEN list_contains({miss}, trim({expr})) THEN NULL ELSE trim({expr}) END ELSE {expr} END"
    )


def _lookup_tables(con: duckdb.DuckDBPyConnection, mapping: Mapping) -> None:
    """The mapping's small lookup tables (``analytics/sql/ingest/lookups``), filled from its tables."""
    acts = pd.DataFrame(
        [(k, a.kind, a.to_team, a.reason) for k, a in mapping.activities.items()],
        columns=["activity", "kind", "to_team", "reason"],
        dtype=object,
    )
    if mapping.shape == "tickets":
        acts = pd.DataFrame(
            [(k, k, None, None) for k in mapping.ticket_events],
            columns=["activity", "kind", "to_team", "reason"],
            dtype=object,
        )
    teams = pd.DataFrame(
        [(g, t, mapping.levels.get(g)) for g, t in mapping.teams.items()], columns=["grp", "team", "level"]
    ).astype({"grp": object, "team": object, "level": "Int64"})
    amap = pd.DataFrame(
        [(a, s, v) for a, spec in mapping.attributes.items() for s, v in spec.values.items()],
        columns=["attr", "src", "value"],
        dtype=object,
    )
    adef = pd.DataFrame(
        [(a, spec.default, bool(spec.values)) for a, spec in mapping.attributes.items()],
        columns=["attr", "value", "has_map"],
    ).astype({"attr": object, "value": object, "has_map": bool})
    for name, df in (("activity_map", acts), ("team_map", teams), ("attr_map", amap), ("attr_default", adef)):
        con.execute(sql(f"ingest/lookups/{name}"))
        if len(df):
            con.register("lookup_df", df)
            con.execute(f"INSERT INTO {name} SELECT * FROM lookup_df")  # fixed table names
            con.unregister("lookup_df")


def _projection(mapping: Mapping, src: SourceTable, where: str) -> tuple[str, list, list[str], dict[str, str]]:
    """SQL of the view ``mapped_source`` over ``raw_rows``, the values it reads from ``mapped_consts``
    (a view takes no parameters), the timestamp columns, roles."""
    found = src.columns
    cols = {}
    for role in ("case", "timestamp", "activity", "resource", "group", "order", "created_at"):
        names = mapping.columns.get(role)
        required = role == "case" or (mapping.shape == "events" and role in ("timestamp", "activity"))
        cols[role] = resolve_column(mapping, role, names, found, where, required) if names else None
        if names and cols[role] is None and role in ("group",) and mapping.intake_team is None:
            raise ImportRefused(
                f"{where}: mapping '{mapping.name}' names group column "
                f"{' or '.join(map(repr, names))}, which the file lacks, and no rules.intake_team; "
                f"found columns: {', '.join(found)}"
            )
    miss = mapping.missing

    def col(role: str, params: list) -> str:
        return _clean(quote_ident(cols[role]), params, miss) if cols[role] else "NULL"

    def attrs(params: list) -> list[str]:
        out = []
        for attr in ATTRIBUTES:
            spec = mapping.attributes.get(attr)
            if spec is None:
                out.append(f"NULL::VARCHAR AS {attr}_src")
            elif spec.value is not None:
                out.append(f"{_bind(params, spec.value)}::VARCHAR AS {attr}_src")
            else:
                name = resolve_column(mapping, f"{attr} attribute", spec.columns, found, where, spec.default is None)
                out.append((_clean(quote_ident(name), params, miss) if name else "NULL::VARCHAR") + f" AS {attr}_src")
        return out

    parts, params, ts_cols = [], [], []
    if mapping.shape == "events":
        events = [("activity", None, cols["timestamp"])]
    else:
        events = []
        for kind, names in mapping.ticket_events.items():
            name = resolve_column(mapping, f"{kind} time", names, found, where, kind == "created")
            if name:
                events.append((kind, kind, name))
    for i, (_, kind, ts_col) in enumerate(events):
        p = params
        ts_cols.append(ts_col)
        text = [
            f"line, {i} AS part",
            f"{col('case', p)} AS case_id",
            f"{_clean(quote_ident(ts_col), p, miss)} AS ts_text",
        ]
        text.append(f"{_bind(p, ts_col)}::VARCHAR AS ts_col")
        if kind is None:
            text.append(f"{col('activity', p)} AS activity")
        else:
            text.append(f"{_bind(p, kind)}::VARCHAR AS activity")
        text.append(f"{col('group', p)} AS grp")
        text.append(f"{col('resource', p)} AS resource")
        text.append(f"TRY_CAST({col('order', p)} AS DOUBLE) AS order_num")
        text.append(f"{col('created_at', p)} AS created_text")
        text += attrs(p)
        keep = "" if kind in (None, "created") else f" WHERE nullif(trim({quote_ident(ts_col)}), '') IS NOT NULL"
        parts.append(f"SELECT {', '.join(text)} FROM raw_rows CROSS JOIN mapped_consts k{keep}")
    if cols["created_at"]:
        ts_cols.append(cols["created_at"])
    # Identifiers are quoted column names of the file's header (checked to exist); values are bound
    # into mapped_consts. A view: mapped_rows reads it once.
    return "CREATE OR REPLACE TEMP VIEW mapped_source AS " + " UNION ALL ".join(parts), params, ts_cols, cols


def stage_mapped(con: duckdb.DuckDBPyConnection, src: SourceTable, mapping: Mapping, options: ImportOptions) -> Staged:
    """Turn ``raw_rows`` into ``staged`` with ``mapping``; see the module docstring.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection holding ``raw_rows``.
    src : SourceTable
        What the reader found (columns, rows, malformed records).
    mapping : Mapping
        The validated mapping.
    options : ImportOptions
        ``timezone`` and ``date_format`` override the mapping's; ``teams`` are the policy's.

    Returns
    -------
    Staged
    """
    where = str(src.path)
    check_teams(mapping, options.teams)
    build, params, ts_cols, cols = _projection(mapping, src, where)
    con.execute(_consts(params), params)
    con.execute(build)
    tz = options.timezone or mapping.timezone
    fmt = detect(con, "raw_rows", ts_cols, where, options.date_format or mapping.date_format, tz)
    _lookup_tables(con, mapping)
    created_mode = "activity" if mapping.shape == "tickets" else mapping.created
    values = {
        "fmt": fmt.strptime,
        "tz": tz,
        "default_kind": mapping.default_kind,
        "default_team": mapping.default_team,
        "mapping": mapping.name,
        "case_col": cols["case"],
        "created_col": cols["created_at"],
        "activity_col": cols["activity"],
        "group_col": cols["group"],
        "only_changes": mapping.only_changes,
        "created_mode": created_mode,
        "intake_team": mapping.intake_team,
        "has_levels": bool(mapping.levels),
        "resume": mapping.resume_after_pause,
        "reopen": mapping.reopen_after_resolution,
        "escalation_reason": mapping.escalation_reason,
    }
    for name in MAPPED_SQL:
        text = sql(name)
        con.execute(text, bound(text, values))
    load_raw = None
    if src.read_again is None:
        create_source_raw(con, src.columns)
    else:  # only some columns were read: the refused rows' JSON comes from the whole file, read again

        def load_raw(con: duckdb.DuckDBPyConnection) -> None:
            create_source_raw(con, src.read_again(con).columns, "full_rows")

    notes = list(src.notes)
    if tz and not fmt.has_offset:
        origin = "--timezone" if options.timezone else f"mapping {mapping.name}"
        notes.append(f"timestamps without offset read as {tz} ({origin})")
    if fmt.strptime:
        notes.append(f"dates read as {fmt.strptime}")
    if mapping.default_team and cols["group"]:
        unmapped = [r[0] for r in con.execute(sql("ingest/mapped/unmapped_groups")).fetchall()]
        if unmapped:
            more = " and more" if len(unmapped) > 5 else ""
            notes.append(
                f"groups not in the mapping counted as {mapping.default_team} (rules.default_team): "
                f"{', '.join(unmapped[:5])}{more}"
            )
    return Staged(
        rows_read=src.rows_read,
        malformed=src.malformed,
        notes=notes,
        timezone=tz,
        mapping=mapping.name,
        mapping_text=mapping.text,
        not_measurable=dict(mapping.not_measurable),
        load_raw=load_raw,
    )
