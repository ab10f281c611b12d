"""Text files as bytes: opened plain or gzip, their first block, and a UTF-8 copy of them.

Reading never ends in a traceback: a truncated or broken gzip file, a file that is not valid in its
encoding, or one that switches encoding part-way is refused in one line that says where and what to do.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.encoding import ENCODINGS, guess_from_counts, utf8_evidence
from analytics.ingest.readers.paths import check_file

__all__ = ["FIRST_BLOCK", "first_block", "open_binary", "transcode", "unreadable"]

FIRST_BLOCK = 1 << 16
_BLOCK = 1 << 22
_UTF8_CHAR = re.compile("[^\x00-\x7f\ufffd]")


def open_binary(path: Path):
    """The file opened for reading bytes, through gzip when its name ends in ``.gz``."""
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def unreadable(path: Path, exc: BaseException) -> ImportRefused:
    """The one-line refusal for a file that cannot be read to its end (a truncated or broken gzip).

    Parameters
    ----------
    path : Path
        The file.
    exc : BaseException
        What reading it raised (``OSError``, ``EOFError``, ``zlib.error``).

    Returns
    -------
    ImportRefused
    """
    if isinstance(exc, EOFError):
        return ImportRefused(
            f"{path}: the gzip file is truncated (it ends before its end marker); copy or export it again"
        )
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return ImportRefused(f"{path}: not a complete gzip file ({exc}); copy or export it again")
    return ImportRefused(f"{path}: cannot read the file: {exc}")


def first_block(path: Path) -> bytes:
    """The first 64 KB of the file (uncompressed), from which its encoding and dialect are told.

    Raises
    ------
    ImportRefused
        Not found, unreadable, or a broken gzip file.
    """
    check_file(path)
    try:
        with open_binary(path) as fh:
            return fh.read(FIRST_BLOCK)
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(path, exc) from None


def transcode(path: Path, encoding: str, out: Path, *, detected: bool = False) -> Path:
    """Copy a text file (plain or gzip) in ``encoding`` to ``out`` in UTF-8, block by block.

    Parameters
    ----------
    path : Path
        The file.
    encoding : str
        Its encoding.
    out : Path
        The UTF-8 copy to write.
    detected : bool
        ``encoding`` is cp1252 guessed from the first block: the whole file is checked for UTF-8 on
        the way, and refused if it is not clearly cp1252 (rule 5 of ``encoding``).

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    ImportRefused
        Not valid in ``encoding`` (with the line), UTF-8 after a cp1252 start, or a broken gzip file.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    probe = codecs.getincrementaldecoder("utf-8")(errors="replace") if detected else None
    valid = invalid = lines = 0
    first_utf8 = None
    try:
        with open_binary(path) as src, open(out, "w", encoding="utf-8", newline="") as dst:
            for block in iter(lambda: src.read(_BLOCK), b""):
                try:
                    dst.write(decoder.decode(block))
                except UnicodeDecodeError as exc:
                    line = lines + block[: exc.start].count(b"\n") + 1
                    raise ImportRefused(
                        f"{path}: near line {line}: the file is not valid {encoding} ({exc.reason}); "
                        f"pass --encoding with the file's encoding ({', '.join(ENCODINGS)})"
                    ) from None
                if probe:
                    v, i = utf8_evidence(block, probe)
                    if v and first_utf8 is None:
                        text = block.decode("utf-8", errors="replace")
                        found = _UTF8_CHAR.search(text)
                        first_utf8 = lines + text[: found.start() if found else 0].count("\n") + 1
                    valid, invalid = valid + v, invalid + i
                lines += block.count(b"\n")
            dst.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path}: the file ends inside a character ({exc.reason}): it is not valid {encoding}; "
            f"pass --encoding with the file's encoding ({', '.join(ENCODINGS)})"
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(path, exc) from None
    if detected and guess_from_counts(valid, invalid) != "cp1252":
        raise ImportRefused(
            f"{path}: the file mixes encodings: its first 64 KB reads as cp1252, but it has {valid} UTF-8 "
            f"characters (the first near line {first_utf8}) and {invalid} bytes that are not UTF-8; pass "
            "--encoding utf-8 (records that are not valid UTF-8 are then refused with their line) or "
            "--encoding cp1252"
        )
    return out
