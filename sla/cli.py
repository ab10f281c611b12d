"""The ``sla`` command line: a scriptable contract over the same API the dashboard uses.

Every command takes ``--db PATH`` (default ``$SLA_DB`` or ``data/sla.duckdb``). Errors are one line
on stderr, ``sla: error: ...``, with exit code 2 (usage) or 1 (anything else); never a traceback
(set ``SLA_DEBUG=1`` to see one). Text from a file in a message or a table is escaped (``api.shown``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

from analytics import api
from analytics.api import EXPECTED_ERRORS
from dashboard.editor_secret import MIN_SECRET_LENGTH, hash_secret
from sla import __version__
from sla.calibration_commands import add_commands as add_calibration_commands
from sla.output import FORMATS as OUT_FORMATS
from sla.output import write_frame
from sla.simulation_commands import add_commands as add_simulation_commands
from sla.store_options import store_for, wait_parser

__all__ = [
    "build_parser",
    "cmd_clocks",
    "cmd_compliance",
    "cmd_dashboard",
    "cmd_datasets",
    "cmd_delete",
    "cmd_editor_secret",
    "cmd_export",
    "cmd_import",
    "cmd_rejects",
    "cmd_rename",
    "dashboard_command",
    "main",
]


def _store(args) -> api.Store:
    return store_for(args)


def cmd_import(args) -> int:
    policy = api.load_policy(args.policy)
    result = api.import_file(
        _store(args),
        args.path,
        name=args.name,
        fmt=args.format,
        timezone=args.timezone,
        policy=policy,
        strict=args.strict,
        mapping=args.mapping,
        date_format=args.date_format,
        encoding=args.encoding,
        delimiter=args.delimiter,
        sheet=args.sheet,
        earliest=args.earliest,
        latest=args.latest,
    )
    print(api.shown(result.summary()))
    return 0


def cmd_datasets(args) -> int:
    store = _store(args)
    if not store.exists():
        raise api.StoreError(f"{store.path}: database not found; import data first (sla import FILE --name NAME)")
    write_frame(api.datasets(store), args.format)
    return 0


def cmd_clocks(args) -> int:
    df = api.clocks(_store(args), args.dataset, api.load_policy(args.policy), args.as_of)
    if args.status:
        df = df[df["status"] == args.status]
    if args.metric:
        df = df[df["metric"] == args.metric]
    write_frame(df, args.format)
    return 0


def cmd_compliance(args) -> int:
    df = api.compliance(_store(args), args.dataset, args.by, api.load_policy(args.policy), args.as_of)
    write_frame(df, args.format)
    return 0


def cmd_export(args) -> int:
    n = api.export_events(_store(args), args.dataset, args.path)
    print(f"Exported {n} events of dataset '{args.dataset}' to {args.path}")
    return 0


def cmd_rejects(args) -> int:
    write_frame(api.dataset_rejects(_store(args), args.dataset), args.format)
    return 0


def cmd_rename(args) -> int:
    api.rename_dataset(_store(args), args.old, args.new)
    print(f"Renamed dataset '{args.old}' to '{args.new.strip()}'")
    return 0


def cmd_delete(args) -> int:
    if not args.yes:
        raise ValueError(f"deleting dataset '{args.name}' cannot be undone; repeat with --yes to confirm")
    api.delete_dataset(_store(args), args.name)
    print(f"Deleted dataset '{args.name}'")
    return 0


def dashboard_command(port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line of the dashboard, listening on ``address``:``port`` only."""
    if not 0 < port < 65536:
        raise ValueError(f"--port: {port} is not a port number; use 1 to 65535, e.g. --port 8501")
    if not address.strip() or any(c.isspace() for c in address):
        raise ValueError(f"--address: {address!r} is not an address; use e.g. 127.0.0.1 or 0.0.0.0")
    app = Path(__file__).resolve().parent / "streamlit_app.py"
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # No "Deploy" button or developer menu for the people who read the dashboard.
        "--client.toolbarMode",
        "minimal",
    ]


def cmd_dashboard(args) -> int:
    cmd = dashboard_command(args.port, args.address)
    env = dict(os.environ, SLA_DB=str(Path(args.db or api.default_db_path()).resolve()))
    if args.read_only:
        env["SLA_READ_ONLY"] = "1"
    return subprocess.call(cmd, env=env)


def _read_secret() -> str:
    """The secret from a hidden prompt, typed twice; or the first line of stdin when it is not a terminal."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    secret = getpass.getpass(f"Editor secret (at least {MIN_SECRET_LENGTH} characters): ")
    if getpass.getpass("The same again: ") != secret:
        raise ValueError("the two secrets differ; nothing was made, try again")
    return secret


def cmd_editor_secret(args) -> int:
    print(hash_secret(_read_secret()))
    print(
        "sla: this is the hash of the editor secret; start the dashboard with it in SLA_EDITOR_SECRET_HASH "
        "(or in a file named by SLA_EDITOR_SECRET_HASH_FILE). Editors unlock with the secret itself.",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=None, help=f"DuckDB database file (default: $SLA_DB or {api.default_db_path()})"
    )
    wait = wait_parser()
    pol = argparse.ArgumentParser(add_help=False)
    pol.add_argument(
        "--policy", default=None, help=f"SLA policy TOML file (default: $SLA_POLICY or {api.default_policy_path()})"
    )
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format", choices=OUT_FORMATS, default="table", help="output format (default: table)")
    asof = argparse.ArgumentParser(add_help=False)
    asof.add_argument(
        "--as-of",
        default=None,
        help="read clocks as of this instant, ISO 8601 with offset (default: the dataset's latest event)",
    )

    p = argparse.ArgumentParser(prog="sla", description="SLA analytics for a support organisation.")
    p.add_argument("--version", action="version", version=f"sla {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("import", parents=[common, pol, wait], help="import a file into a dataset")
    s.add_argument("path", help="file to import")
    s.add_argument(
        "--format",
        choices=list(api.FORMATS),
        default="events",
        help="input format (default: events = canonical events CSV/Parquet); eventlog (CSV/XES), csv "
        "(CSV/Excel/Parquet), servicenow, zendesk, jira: see docs/importers.md",
    )
    s.add_argument("--name", required=True, help="dataset name (created if missing, updated if it exists)")
    s.add_argument(
        "--mapping",
        default=None,
        metavar="NAME|FILE",
        help="mapping preset (bpic2013, helpdesk-italian, servicenow-audit, servicenow-list, jira, "
        "zendesk) or a mapping TOML file; required for eventlog and csv",
    )
    s.add_argument(
        "--timezone", default=None, help="IANA timezone for timestamps without a UTC offset (e.g. Europe/Amsterdam)"
    )
    s.add_argument(
        "--date-format",
        default=None,
        help="how the source writes dates, in strftime codes (e.g. '%%d/%%m/%%Y %%H:%%M'), when detection "
        "cannot decide",
    )
    s.add_argument(
        "--encoding",
        default=None,
        help="CSV encoding: utf-8, utf-16, utf-16-le, utf-16-be, cp1252 or another text encoding "
        "(default: detected; see docs/importers.md)",
    )
    s.add_argument("--delimiter", default=None, help="CSV delimiter: ',', ';' or 'tab' (default: detected)")
    s.add_argument("--sheet", default=None, help="Excel sheet name (default: the first sheet)")
    s.add_argument(
        "--earliest",
        default=None,
        metavar="YEAR|DATE",
        help="earliest plausible instant, a year (1990) or a date (2024-06-30); rows before it are refused "
        "(default: $SLA_EARLIEST or 1990)",
    )
    s.add_argument(
        "--latest",
        default=None,
        metavar="YEAR|DATE",
        help="latest plausible instant, a year or a date; rows after it are refused "
        "(default: $SLA_LATEST or ten years after now)",
    )
    s.add_argument("--strict", action="store_true", help="refuse the whole file if any row is refused")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("datasets", parents=[common, fmt], help="list datasets")
    s.set_defaults(func=cmd_datasets)

    s = sub.add_parser("clocks", parents=[common, pol, fmt, asof], help="one row per SLA clock")
    s.add_argument("--dataset", required=True)
    s.add_argument("--status", choices=["met", "breached", "pending"], help="only clocks with this status")
    s.add_argument("--metric", default=None, help="only clocks of this metric")
    s.set_defaults(func=cmd_clocks)

    s = sub.add_parser("compliance", parents=[common, pol, fmt, asof], help="compliance table")
    s.add_argument("--dataset", required=True)
    s.add_argument(
        "--by",
        default="metric",
        help=f"comma-separated dimensions (default: metric); any of: {','.join(api.DIMENSIONS)}",
    )
    s.set_defaults(func=cmd_compliance)

    s = sub.add_parser("export", parents=[common], help="export a dataset as canonical events (CSV or Parquet)")
    s.add_argument("--dataset", required=True)
    s.add_argument("path", help="output file: .csv, .csv.gz or .parquet")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("rejects", parents=[common, fmt], help="rows refused by a dataset's imports")
    s.add_argument("--dataset", required=True)
    s.set_defaults(func=cmd_rejects)

    s = sub.add_parser("rename", parents=[common, wait], help="rename a dataset")
    s.add_argument("old")
    s.add_argument("new")
    s.set_defaults(func=cmd_rename)

    s = sub.add_parser("delete", parents=[common, wait], help="delete a dataset")
    s.add_argument("name")
    s.add_argument("--yes", action="store_true", help="confirm the deletion")
    s.set_defaults(func=cmd_delete)

    s = sub.add_parser("dashboard", parents=[common], help="start the dashboard")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only). On another address everyone is a "
        "viewer unless an editor secret is set (SLA_EDITOR_SECRET_HASH, see sla editor-secret and the README)",
    )
    s.add_argument(
        "--read-only",
        action="store_true",
        help="serve viewers only: nothing can be imported, renamed, deleted or simulated, and editing cannot be "
        "unlocked",
    )
    s.set_defaults(func=cmd_dashboard)

    s = sub.add_parser(
        "editor-secret",
        help="make the hash of a dashboard editor secret (read from a prompt, or stdin) for SLA_EDITOR_SECRET_HASH",
    )
    s.set_defaults(func=cmd_editor_secret)

    # Commands of the simulation package (`sla simulate`, `sla compare`).
    add_simulation_commands(sub, {"common": common, "policy": pol, "format": fmt, "wait": wait})
    add_calibration_commands(sub, {"common": common, "policy": pol})
    return p


def _one_line_warnings(shown):
    """``warnings.showwarning`` printing the data's warnings as one line (``sla: warning: ...``)."""

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, api.EXPECTED_WARNINGS):
            print(f"sla: warning: {api.shown(str(message))}", file=sys.stderr)
        else:
            shown(message, category, filename, lineno, file, line)

    return show


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.showwarning = _one_line_warnings(warnings.showwarning)
        return _run(args)


def _run(args) -> int:
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("sla: interrupted; nothing was changed by an unfinished write", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except EXPECTED_ERRORS as exc:
        if api.debug_enabled():
            traceback.print_exc()
        print(f"sla: error: {api.shown(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        if api.debug_enabled():
            traceback.print_exc()
        print(
            f"sla: unexpected error ({type(exc).__name__}): {api.shown(exc)}. Set SLA_DEBUG=1 for details.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
