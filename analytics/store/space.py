"""Room on disk for a write, and a durable publish.

A write copies the database file and then adds its data, so it needs about the file's size plus what
it adds, free in the database's folder. That is checked before the copy (and, for a simulation,
before it runs), so a full disk is reported at once, not after the work. Publishing syncs the new file,
renames it over the live one and syncs the folder: once a write is reported, a power cut cannot undo it.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from analytics.store.errors import StoreError

__all__ = ["BYTES_PER_EVENT", "MARGIN_BYTES", "check_room", "full_message", "is_disk_full", "publish", "room_needed"]

MARGIN_BYTES = 16 * 2**20
# Stored bytes per event, generous: the demo database holds about 40 (ticket and clock columns
# included); write-ahead log and unfilled blocks during the write come on top.
BYTES_PER_EVENT = 200


def room_needed(db: Path, extra_bytes: int = 0) -> int:
    """Bytes a write into ``db`` needs free: a copy of the file, what it adds, and a margin."""
    size = db.stat().st_size if db.is_file() else 0
    return size + max(int(extra_bytes), 0) + MARGIN_BYTES


def check_room(db: Path, extra_bytes: int = 0) -> None:
    """Refuse a write into ``db`` that cannot fit on its disk.

    Raises
    ------
    StoreError
        Less free space than :func:`room_needed`.
    """
    # The folder may not exist yet (a first write creates it): its nearest existing ancestor is on the
    # same disk.
    folder = next((p for p in db.absolute().parents if p.is_dir()), Path("/"))
    free = shutil.disk_usage(folder).free
    need = room_needed(db, extra_bytes)
    if free < need:
        raise StoreError(
            f"{db}: not enough free disk space for this write: it needs about {_mb(need)} "
            f"(a copy of the database and the new data), {_mb(free)} are free; "
            "free some space or put the database elsewhere with --db"
        )


def publish(tmp: Path, db: Path) -> None:
    """Make ``tmp`` the live ``db``, durably: sync the file, rename it, sync the folder."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, db)
    try:
        dfd = os.open(db.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a platform without folder handles
    try:
        os.fsync(dfd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is done
    finally:
        os.close(dfd)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full (from the OS or from DuckDB)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    return "No space left on device" in text or "Disk quota exceeded" in text


def full_message(db: Path) -> str:
    """The one line for a write that ran out of disk space."""
    return (
        f"{db}: the disk filled up during the write; nothing was changed. "
        "Free some space or put the database elsewhere with --db, then run the command again"
    )


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} bytes"
