"""Import pipeline: read a file into the staged shape, validate it in SQL, write it atomically.

Every format shares the same validation (``analytics/sql/ingest``) and the same writer, so the rules
for bad input are the same whatever the source: refused rows go to ``import_rejects`` with their line
and reason; a ticket with any bad row is refused whole; a file that is wrong as a whole is refused
with one message and leaves the database unchanged.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pandas as pd
import pyarrow as pa

from analytics.ingest import formats
from analytics.ingest import native as native_mod
from analytics.ingest.errors import ImportRefused
from analytics.ingest.staging import Adapter, ImportOptions, Staged, define_check_macros
from analytics.ingest.write import record_import, replace_tickets, write_tickets
from analytics.instants import InstantWindow, instant_window
from analytics.sla.policy import Policy, load_policy
from analytics.store import datasets as ds_mod
from analytics.store.database import Store, fetch_one, prepare, row_count
from analytics.store.names import check_dataset_name, inside
from analytics.store.sqlfiles import sql
from analytics.vocabulary import CHANNELS, COMPLEXITIES, EVENT_KINDS

__all__ = [
    "FORMATS",
    "ImportResult",
    "accepted_tickets",
    "check",
    "import_file",
    "reject_digest",
    "stage",
    "validate",
    "write_tickets",
]

# format name -> adapter(con, path, options) that stages the file in the working connection
FORMATS: dict[str, Adapter] = formats.FORMATS


@dataclass
class ImportResult:
    """What an import did, for the CLI summary and the dashboard."""

    dataset: str
    file: str
    rows_read: int
    tickets_new: int = 0
    tickets_updated: int = 0
    events: int = 0
    rejects: pd.DataFrame = field(default_factory=pd.DataFrame)
    already_imported: bool = False
    notes: list[str] = field(default_factory=list)
    not_measurable: dict[str, str] = field(default_factory=dict)
    native: int = 0

    def summary(self) -> str:
        """The result in one paragraph, as ``sla import`` prints it.

        Returns
        -------
        str
        """
        if self.already_imported:
            return f"{self.file} was already imported into dataset '{self.dataset}' (same content); nothing changed."
        text = (
            f"Imported {self.file} into dataset '{self.dataset}': {self.rows_read} rows read, "
            f"{self.tickets_new} new tickets, {self.tickets_updated} updated, {self.events} events."
        )
        if self.native:
            text += f" {self.native} native SLA verdicts kept."
        if self.notes:
            text += " Notes: " + "; ".join(self.notes) + "."
        if len(self.rejects):
            text += f" {len(self.rejects)} rows refused: " + reject_digest(self.rejects)
            text += f" See them with: sla rejects --dataset {self.dataset}."
        if self.not_measurable:
            text += (
                " Not measurable from this source (their clocks are not applicable): "
                + "; ".join(f"{m}: {why}" for m, why in self.not_measurable.items())
                + "."
            )
        return text


def reject_digest(rejects: pd.DataFrame, examples: int = 3) -> str:
    """Short human summary of refused rows: the first few, with line and reason.

    Parameters
    ----------
    rejects : pandas.DataFrame
        Refused rows (``source_line``, ``reason``, ...).
    examples : int
        How many to name.

    Returns
    -------
    str
        ``line N: reason; ...; and K more.``
    """
    shown = [
        f"line {int(r.source_line)}: {r.reason}" if pd.notna(r.source_line) else str(r.reason)
        for r in rejects.head(examples).itertuples()
    ]
    more = len(rejects) - len(shown)
    return "; ".join(shown) + (f"; and {more} more." if more > 0 else ".")


def _check_timezone(tz: str | None) -> None:
    if tz is None:
        return
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImportRefused(
            f"unknown timezone {tz!r} for --timezone; use an IANA name such as Europe/Amsterdam, America/Toronto or UTC"
        ) from None


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check(
    con: duckdb.DuckDBPyConnection,
    staged: Staged,
    policy: Policy,
    timezone: str | None,
    window: InstantWindow | None = None,
) -> pd.DataFrame:
    """Check the rows an adapter staged in ``con`` (leaving ``staged_verdict`` there); return the refused rows.

    For a single-pass staging (``staged.finish``), the first statement here is the one that reads the
    file; ``staged`` then learns its line numbers, malformed records and rows read.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection, holding what the adapter staged.
    staged : Staged
        What the adapter returned.
    policy : Policy
        Its teams are the valid ones.
    timezone : str, optional
        IANA zone for timestamps without a UTC offset.
    window : InstantWindow, optional
        The plausible instants (default: :func:`analytics.instants.instant_window`); rows with an
        instant outside it are refused.

    Returns
    -------
    pandas.DataFrame
        ``source_line, ticket_id, raw, reason`` of every refused row (malformed records included), in
        line order.

    Raises
    ------
    ImportRefused
        The file cannot be read or checked as a whole.
    """
    window = window or instant_window()
    try:
        define_check_macros(con)
        params = {
            "tz": timezone,
            "earliest": window.earliest,
            "latest": window.latest,
            "teams": list(policy.teams),
            "kinds": list(EVENT_KINDS),
            "channels": list(CHANNELS),
            "complexities": list(COMPLEXITIES),
        }
        con.execute(sql("ingest/10_staged_checked"), params)
    except duckdb.Error as exc:
        if staged.unreadable:
            raise staged.unreadable(exc) from None
        what = "read" if staged.finish else "checked"
        raise ImportRefused(f"the file could not be {what}: {str(exc).splitlines()[0]}") from None
    try:
        if staged.finish:
            staged.finish(con, staged)
        con.execute(sql("ingest/20_staged_verdict"))
        if staged.load_raw:
            if row_count(con, "staged_rejected"):
                staged.load_raw(con)
            else:
                con.execute(sql("ingest/source_raw_none"))
        rejects = con.execute(sql("ingest/50_rejects")).fetchdf()
    except duckdb.Error as exc:
        raise ImportRefused(f"the file could not be checked: {exc}") from None
    malformed = staged.malformed
    if malformed:
        extra = pd.DataFrame(
            {
                "source_line": [m[0] for m in malformed],
                "ticket_id": None,
                "raw": [m[1] for m in malformed],
                "reason": [m[2] for m in malformed],
            }
        )
        rejects = pd.concat([extra, rejects], ignore_index=True).sort_values("source_line", kind="stable")
    return rejects.reset_index(drop=True)


def accepted_tickets(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The accepted tickets of the import checked in ``con`` (after :func:`check`).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.

    Returns
    -------
    pyarrow.Table
        The columns of ``analytics/sql/ingest/30_accepted_tickets.sql``.
    """
    try:
        return con.sql(sql("ingest/30_accepted_tickets")).to_arrow_table()
    except duckdb.Error as exc:
        raise ImportRefused(f"the file could not be checked: {exc}") from None


def validate(
    con: duckdb.DuckDBPyConnection,
    staged: Staged,
    policy: Policy,
    timezone: str | None,
    window: InstantWindow | None = None,
) -> tuple[pa.Table, pa.Table, pd.DataFrame]:
    """Check the rows an adapter staged in ``con``; return accepted tickets, accepted events and refused rows.

    Parameters
    ----------
    con, staged, policy, timezone, window
        As for :func:`check`.

    Returns
    -------
    tuple of (pyarrow.Table, pyarrow.Table, pandas.DataFrame)
        Accepted tickets, their events, and the refused rows.
    """
    rejects = check(con, staged, policy, timezone, window)
    tickets = accepted_tickets(con)
    try:
        events = con.sql(sql("ingest/40_accepted_events")).to_arrow_table()
    except duckdb.Error as exc:
        raise ImportRefused(f"the file could not be checked: {exc}") from None
    return tickets, events, rejects


def _refuse(store: Store, name: str, rejects: pd.DataFrame, message: str) -> None:
    """Refuse the whole file: ``message`` with a digest of the refused rows, which are saved for inspection."""
    saved = None
    if rejects is not None and not rejects.empty:
        folder = store.path.parent / "rejects"
        folder.mkdir(parents=True, exist_ok=True)
        saved = str(inside(folder, f"{name}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}.csv"))
        rejects.to_csv(saved, index=False)
    raise ImportRefused(
        message + " " + reject_digest(rejects) + (f" All refused rows: {saved}" if saved else ""), rejects, saved
    )


def _import_key(path: Path, fmt: str, options: ImportOptions, mapping_text: str = "") -> str:
    """The import's identity: the file's sha256, combined with the options when there are any."""
    sha = _file_sha256(path)
    key = options.key()
    if fmt == "events" and not key:
        return sha
    extra = json.dumps({"format": fmt, **key, "mapping_text": mapping_text}, sort_keys=True)
    return hashlib.sha256((sha + extra).encode()).hexdigest()


def stage(
    path: str | Path, fmt: str, options: ImportOptions, con: duckdb.DuckDBPyConnection | None = None
) -> tuple[duckdb.DuckDBPyConnection, Staged]:
    """Run the format's adapter on ``con`` (its temporary tables).

    Parameters
    ----------
    path : str or Path
        The file.
    fmt : str
        One of :data:`FORMATS`.
    options : ImportOptions
        What the person said about the file.
    con : duckdb.DuckDBPyConnection, optional
        The connection to stage in; by default a fresh in-memory connection, which the caller closes.

    Returns
    -------
    tuple of (duckdb.DuckDBPyConnection, Staged)
        The connection and what the adapter staged.
    """
    own = con is None
    if own:
        con = prepare(duckdb.connect())
    con.execute("SET preserve_insertion_order = true")
    try:
        define_check_macros(con)
        return con, FORMATS[fmt](con, Path(path), options)
    except BaseException:
        if own:
            con.close()
        raise


def import_file(
    store: Store,
    path: str | Path,
    *,
    name: str,
    fmt: str = "events",
    timezone: str | None = None,
    policy: Policy | None = None,
    strict: bool = False,
    mapping: str | None = None,
    date_format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    earliest: str | int | None = None,
    latest: str | int | None = None,
) -> ImportResult:
    """Import one file into dataset ``name`` (created if missing).

    Atomic: either every accepted ticket and every reject is written, or nothing is. Idempotent: the
    same file content (with the same options) again changes nothing; a newer export replaces the
    tickets it contains.

    Parameters
    ----------
    store : Store
        The database.
    path : str or Path
        The file.
    name : str
        Dataset name.
    fmt : str
        One of :data:`FORMATS`: ``events``, ``eventlog``, ``csv``, ``servicenow``, ``zendesk``, ``jira``.
    timezone : str, optional
        IANA zone for timestamps without a UTC offset (overrides the mapping's).
    policy : Policy, optional
        Teams and targets (default: the default policy).
    strict : bool
        Refuse the whole file if any row is refused.
    mapping : str, optional
        Preset name or mapping TOML path (``eventlog``, ``csv``; optional for the other formats).
    date_format : str, optional
        strptime format of the source's dates when detection cannot decide.
    encoding, delimiter, sheet : str, optional
        CSV encoding and delimiter (detected by default), Excel sheet.
    earliest, latest : str or int, optional
        The plausible window of instants, each a year or a date (default: ``SLA_EARLIEST`` /
        ``SLA_LATEST``, else 1990 to ten years after now); rows outside it are refused.

    Returns
    -------
    ImportResult
        Counts, refused rows and notes; ``already_imported`` when nothing changed.

    Raises
    ------
    ImportRefused
        The file cannot be imported as a whole; the database is unchanged.
    """
    path = Path(path)
    try:
        name = check_dataset_name(name)
    except ValueError as exc:
        raise ImportRefused(str(exc)) from None
    if fmt not in FORMATS:
        raise ImportRefused(f"unknown format {fmt!r}; available formats: {', '.join(FORMATS)}")
    if not path.is_file():
        raise ImportRefused(f"{path}: file not found")
    _check_timezone(timezone)
    try:
        window = instant_window(earliest, latest)
    except ValueError as exc:
        raise ImportRefused(str(exc)) from None
    earliest = None if earliest is None or not str(earliest).strip() else str(earliest).strip()
    latest = None if latest is None or not str(latest).strip() else str(latest).strip()
    policy = policy or load_policy()
    options = ImportOptions(
        mapping=mapping,
        timezone=timezone,
        date_format=date_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        earliest=earliest,
        latest=latest,
        teams=tuple(policy.teams),
    )
    mapping_text = formats.mapping_text(fmt, mapping)
    key: Future = Future()
    if store.exists() and fetch_one(store.reader(), sql("ingest/seen_file_name"), [name, str(path)]):
        # This file name was imported into the dataset before: most likely the same content again,
        # which the hash tells at once, before any staging.
        key.set_result(_import_key(path, fmt, options, mapping_text))
        if fetch_one(store.reader(), sql("ingest/seen_content"), [name, key.result()]):
            return ImportResult(name, str(path), 0, already_imported=True)
    # Otherwise the import's identity (the file's hash) is worked out in a thread while the file is
    # staged and checked: both read the whole file, and DuckDB leaves part of the CPU idle. A file
    # imported before under another name changes nothing either, whatever its staging found.
    with ThreadPoolExecutor(1) as pool:
        if not key.done():
            key = pool.submit(_import_key, path, fmt, options, mapping_text)
        try:
            return _import(store, path, name, fmt, policy, options, strict, key, window)
        except _Repeat:
            return ImportResult(name, str(path), 0, already_imported=True)
        except ImportRefused:
            if (
                key.exception() is None
                and store.exists()
                and fetch_one(store.reader(), sql("ingest/seen_content"), [name, key.result()])
            ):
                return ImportResult(name, str(path), 0, already_imported=True)
            raise


def _size(path: Path) -> int:
    """The file's size: about what an import of it adds to the database, for the free-space check."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Repeat(Exception):
    """The file was imported into the dataset before (raised in the writer, which discards its copy)."""


def _import(
    store: Store,
    path: Path,
    name: str,
    fmt: str,
    policy: Policy,
    options: ImportOptions,
    strict: bool,
    key: Future,
    window: InstantWindow,
) -> ImportResult:
    """:func:`import_file` once its arguments are checked; ``key`` is the import's identity (a future)."""
    # The file is staged and checked in the writer's own connection (temporary tables, never written
    # to the file), so the accepted events go into the store in one pass without a copy through
    # Python. Refusing the file inside the writer discards its private copy: the database is unchanged.
    # Staging runs outside the writer's transaction (nothing was written in it yet): rows of a table
    # filled inside a transaction have provisional rowids, and readers number lines by rowid.
    with store.writer(extra_bytes=_size(path)) as con:
        con.execute("COMMIT")
        _, staged = stage(path, fmt, replace(options, single_pass=True), con)
        rejects = check(con, staged, policy, staged.timezone, window)
        sha = key.result()
        if fetch_one(con, sql("ingest/seen_content"), [name, sha]):
            raise _Repeat
        rows_read = staged.rows_read
        if rows_read == 0:
            raise ImportRefused(f"{path}: the file has a header but no rows; nothing to import")
        tickets = accepted_tickets(con)
        if tickets.num_rows == 0:
            _refuse(store, name, rejects, f"{path}: no ticket could be imported; all {rows_read} rows were refused.")
        if strict and len(rejects):
            _refuse(
                store,
                name,
                rejects,
                f"{path}: {len(rejects)} rows refused and --strict is set, so nothing was imported.",
            )
        native = native_mod.accepted_native(con, staged.native)
        con.execute("BEGIN TRANSACTION")
        result = ImportResult(
            name,
            str(path),
            rows_read,
            rejects=rejects,
            notes=staged.notes,
            not_measurable=staged.not_measurable,
            native=native.num_rows if native is not None else 0,
        )
        dsid, created = ds_mod.get_or_create(
            con,
            name,
            kind="history",
            source=str(path),
            policy=policy.source,
            params={"format": fmt, "timezone": staged.timezone, **options.key()},
        )
        replace_tickets(con, dsid, tickets, f"({sql('ingest/40_accepted_events')})", result)
        native_mod.write_import_extras(
            con, dsid, created, tickets, native, staged.not_measurable, staged.mapping or fmt
        )
        record_import(con, dsid, fmt, sha, result)
        ds_mod.refresh_counts(con, dsid, source=str(path), policy=policy.source)
    return result
