"""File names DuckDB reads literally: the file with exactly that name, never a glob of others.

DuckDB's readers (``read_csv``, ``read_parquet``, ``read_text``, ...) treat ``*``, ``?``, ``[...]`` and
``**`` in a path as a pattern, a leading ``~`` as the home folder, a backslash as an escape, and a
relative path as relative to ``file_search_path``; ``glob[1].csv`` would read ``glob1.csv`` and
``exp*.csv`` every file it matches. So a reader hands DuckDB either the file's absolute path, when
every character of it is plain, or a private link to the file, with a plain name, in a temporary
folder that lives while the reader runs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analytics.escape import shown
from analytics.ingest.errors import ImportRefused

__all__ = ["check_file", "duckdb_path", "is_plain"]

# Letters and digits of any script, and punctuation DuckDB gives no meaning in a local path (not ``=``:
# a folder named ``key=value`` would add a hive partition column).
_PLAIN = re.compile(r"[\w./ +,@%:-]+")
_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,8}){1,2}$")


def check_file(path: Path) -> None:
    """Refuse ``path`` unless it names an existing regular file.

    Parameters
    ----------
    path : Path
        The file as the person named it (never expanded as a pattern).

    Raises
    ------
    ImportRefused
        ``<path>: file not found`` (or: is a folder).
    """
    if path.is_dir():
        raise ImportRefused(f"{shown(str(path))}: is a folder, not a file; name one file to import")
    if not path.is_file():
        raise ImportRefused(f"{shown(str(path))}: file not found")


def is_plain(text: str) -> bool:
    """Whether DuckDB reads the absolute path ``text`` as exactly that file (no pattern, no escape).

    Parameters
    ----------
    text : str
        An absolute path.

    Returns
    -------
    bool
    """
    return text.startswith("/") and _PLAIN.fullmatch(text) is not None and "**" not in text


@contextmanager
def duckdb_path(path: Path) -> Iterator[str]:
    """A path for DuckDB's readers that names exactly ``path``, valid inside the ``with`` block.

    The absolute path when it is plain (:func:`is_plain`); otherwise a hard link to the file (a
    symbolic link across file systems, a copy as the last resort) under a plain name that keeps the
    file's suffix (``.csv.gz`` still says gzip), in a private temporary folder removed afterwards.

    Parameters
    ----------
    path : Path
        An existing file.

    Yields
    ------
    str

    Raises
    ------
    ImportRefused
        The file does not exist, or no plain temporary folder can be made.
    """
    check_file(path)
    absolute = os.path.abspath(path)
    if is_plain(absolute):
        yield absolute
        return
    base = tempfile.gettempdir()
    if not is_plain(os.path.abspath(base)):
        raise ImportRefused(
            f"{shown(str(path))}: the temporary folder {shown(base)} has characters a file reader would take "
            "as a pattern; set TMPDIR to a folder with a plain name (e.g. /tmp) or rename the file"
        )
    folder = tempfile.mkdtemp(prefix="sla-read-", dir=base)
    match = _SUFFIX.search(path.name)
    link = os.path.join(folder, "source" + (match.group(0).lower() if match else ""))
    try:
        try:
            os.link(absolute, link)
        except OSError:
            try:
                os.symlink(absolute, link)
            except OSError:
                shutil.copyfile(absolute, link)
        yield link
    finally:
        shutil.rmtree(folder, ignore_errors=True)
