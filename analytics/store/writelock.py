"""One writer at a time: the advisory lock beside the database, who holds it, what dead writers left.

The lock is ``flock`` on ``NAME.lock`` beside the database file: the kernel releases it when its
holder dies, however it dies, so a killed writer never blocks the next one. While holding it, a
writer writes who it is into the lock file (for the message of a writer that waits) and removes the
private copies (``.NAME.<pid>.tmp``) of writers that died before they could clean up: holding the lock,
no other writer can be working on one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from analytics.store.errors import StoreError

__all__ = ["NOTICE_AFTER_S", "hold", "holder", "lock_path", "remove_leftovers"]

NOTICE_AFTER_S = 1.0  # a writer that has waited this long says so
_POLL_S = 0.05


def lock_path(db: Path) -> Path:
    """The lock file of database ``db``."""
    return db.with_name(db.name + ".lock")


@contextlib.contextmanager
def hold(db: Path, timeout: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the write lock of ``db`` for the ``with`` block, waiting for another writer if need be.

    Parameters
    ----------
    db : Path
        The database file.
    timeout : float, optional
        Seconds to wait at most; default: until the other write ends.
    on_wait : callable, optional
        Called once with a message after :data:`NOTICE_AFTER_S` seconds of waiting.

    Raises
    ------
    StoreError
        The lock was not free within ``timeout`` seconds.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(db)
    with open(path, "a+", encoding="utf-8") as f:
        _acquire(f, db, timeout, on_wait)
        try:
            with contextlib.suppress(OSError):
                f.seek(0)
                f.truncate()
                f.write(f"{os.getpid()} {_command()}\n")
                f.flush()
            yield
        finally:
            with contextlib.suppress(OSError):
                f.truncate(0)
            fcntl.flock(f, fcntl.LOCK_UN)


def _acquire(f, db: Path, timeout: float | None, on_wait: Callable[[str], None] | None) -> None:
    start = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        waited = time.monotonic() - start
        if timeout is not None and waited >= timeout:
            raise StoreError(
                f"{db}: another write ({holder(db)}) still holds the database after {timeout:g} s; "
                "try again when it has finished (sla commands wait longer with --wait SECONDS)"
            )
        if not told and waited >= NOTICE_AFTER_S and on_wait is not None:
            on_wait(f"waiting for another write to {db} to finish ({holder(db)})…")
            told = True
        time.sleep(_POLL_S)


def holder(db: Path) -> str:
    """Who holds the lock of ``db``, as its holder wrote it: ``pid 123: sla import x.csv``."""
    try:
        text = lock_path(db).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    pid, _, command = text.partition(" ")
    if not pid.isdigit():
        return "another process"
    shown = "".join(c if c.isprintable() else "?" for c in command)[:120]
    return f"pid {pid}: {shown}" if shown else f"pid {pid}"


def _command() -> str:
    """This process's command, short: the program's name and its first arguments."""
    words = [os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python", *sys.argv[1:4]]
    return " ".join(words)[:160].replace("\n", " ")


def remove_leftovers(db: Path) -> list[Path]:
    """Remove what dead processes left beside ``db``: writers' copies and readers' private links.

    Call it only while holding the lock (no writer is then working on a copy). A reader's link
    (``.NAME.<pid>.<thread>.<ns>.ro``, removed as soon as it is open) is stale when its process is gone.

    Returns
    -------
    list of Path
        The files removed.
    """
    copy = re.compile(rf"^\.{re.escape(db.name)}\.(\d+)\.tmp(\.wal)?$")
    link = re.compile(rf"^\.{re.escape(db.name)}\.(\d+)\.\d+\.\d+\.ro$")
    removed = []
    try:
        entries = list(os.scandir(db.parent))
    except OSError:
        return removed
    for entry in entries:
        m = copy.match(entry.name)
        r = link.match(entry.name) if m is None else None
        if m is None and (r is None or _alive(int(r.group(1)))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True
