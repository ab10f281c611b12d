"""The store a command works on: ``--db``, and ``--wait`` for commands that write."""

from __future__ import annotations

import argparse
import math
import sys

from analytics import api

__all__ = ["store_for", "wait_parser"]


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a number of seconds, 0 or more")
    return value


def wait_parser() -> argparse.ArgumentParser:
    """The ``--wait SECONDS`` option of the commands that write."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--wait",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="give up when another write still holds the database after this long (default: wait until it ends)",
    )
    return p


def _tell(message: str) -> None:
    print(f"sla: {message} (Ctrl-C to stop)", file=sys.stderr, flush=True)


def store_for(args) -> api.Store:
    """The command's store: ``--db``, waiting for other writers as ``--wait`` says, and saying so."""
    return api.Store(args.db, lock_timeout=getattr(args, "wait", None), on_wait=_tell)
