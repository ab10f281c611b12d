"""A text file's encoding: the one asked for, a byte-order mark's, or what its first block shows.

Detection never turns a few bad bytes into a silently garbled file. The rule, on the first 64 KB:

1. ``--encoding`` wins, if it is a text encoding Python knows (``rot13`` or ``base64`` are not).
2. A byte-order mark says UTF-8 or UTF-16.
3. NUL bytes: UTF-16 without a mark if they sit at every other byte (odd positions: little-endian,
   even: big-endian) and the block decodes as such; a stray few (at most 16, or one byte in 1,000)
   are text with bad values, whose rows are refused; any other NULs mean it is not a text file.
4. UTF-8 if the block decodes as UTF-8, or if it has at least as many valid multi-byte UTF-8
   characters as bytes that are not UTF-8: then the records holding those bytes are refused, each
   with its line, and the rest is read.
5. cp1252 only when the block has no valid multi-byte UTF-8 character at all. The whole file is then
   checked the same way while it is transcoded (:func:`utf8_evidence`), and refused if a later part
   turns out to be UTF-8.
6. Otherwise (some UTF-8, more bytes that are not) the file is refused: pass ``--encoding``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from analytics.ingest.errors import ImportRefused

__all__ = ["ENCODINGS", "check_encoding", "detect_encoding", "guess_from_counts", "utf8_evidence"]

#: The encodings detection chooses from, as messages list them (any other text encoding Python
#: knows, such as latin-1 or cp1250, may still be asked for with ``--encoding``).
ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1252")


def check_encoding(requested: str) -> str:
    """``requested`` if it names a text encoding; else refuse it, listing the supported ones.

    Parameters
    ----------
    requested : str
        ``--encoding`` (or a mapping's ``encoding``).

    Returns
    -------
    str

    Raises
    ------
    ImportRefused
        Unknown to Python, or a codec that is not a text encoding (``rot13``, ``base64``, ``zlib``).
    """
    try:
        # (an empty input would skip the codec's check: four NUL bytes decode in every text encoding)
        b"\x00\x00\x00\x00".decode(requested)
    except UnicodeDecodeError:
        pass
    except LookupError:
        raise ImportRefused(
            f"--encoding {requested!r} is not a text encoding; use one of {', '.join(ENCODINGS)} "
            "(or another text encoding such as latin-1), or leave it out to detect it"
        ) from None
    return requested


def utf8_evidence(data: bytes, decoder=None) -> tuple[int, int]:
    """How UTF-8-like ``data`` is: its valid multi-byte UTF-8 characters and the bytes that are not UTF-8.

    Parameters
    ----------
    data : bytes
        A block of the file.
    decoder : codecs.IncrementalDecoder, optional
        A UTF-8 decoder with ``errors="replace"`` carried from block to block, so that a character cut
        by a block's end is not counted as invalid; by default the block stands alone.

    Returns
    -------
    tuple of (int, int)
        Valid non-ASCII characters, invalid byte runs (each replaced by one U+FFFD).
    """
    if data.isascii():
        return 0, 0
    text = decoder.decode(data) if decoder else data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    return len(text) - len(text.encode("ascii", "ignore")) - invalid, invalid


def guess_from_counts(valid: int, invalid: int) -> str | None:
    """``utf-8``, ``cp1252`` or None (unclear) from :func:`utf8_evidence`'s counts (rules 4 to 6).

    Parameters
    ----------
    valid, invalid : int
        Valid multi-byte UTF-8 characters and bytes that are not UTF-8.

    Returns
    -------
    str or None
    """
    if invalid == 0 or valid >= invalid:
        return "utf-8"
    if valid == 0:
        return "cp1252"
    return None


def _utf16_order(path: Path, sample: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for UTF-16 without a byte-order mark, None without NUL bytes."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if not even and not odd:
        return None
    pairs = max(len(sample) // 2, 1)
    order = None
    if odd * 4 >= pairs and even * 20 <= odd:
        order = "utf-16-le"
    elif even * 4 >= pairs and odd * 20 <= even:
        order = "utf-16-be"
    if order:
        try:
            codecs.getincrementaldecoder(order)().decode(sample, final=False)
            return order
        except UnicodeDecodeError:
            pass
    elif even + odd <= max(len(sample) // 1000, 16):
        # A few stray NULs in text (a NUL typed into an id): the file is read as text, and the rows
        # holding one are refused one by one (a NUL is a control character in an id).
        return None
    raise ImportRefused(
        f"{path}: the file has NUL bytes, so it is not UTF-8 or cp1252 text; if it is UTF-16 without a "
        "byte-order mark pass --encoding utf-16-le (or utf-16-be), otherwise it is not a CSV file"
    )


def detect_encoding(path: Path, sample: bytes, requested: str | None) -> str:
    """The file's text encoding by the rule of the module docstring.

    Parameters
    ----------
    path : Path
        The file, for messages.
    sample : bytes
        Its first block.
    requested : str, optional
        ``--encoding``, which wins when given.

    Returns
    -------
    str
        A Python codec name (``utf-8-sig`` for UTF-8 with a byte order mark).

    Raises
    ------
    ImportRefused
        The requested encoding is not a text encoding, the file is not text, or its encoding is unclear.
    """
    if requested:
        return check_encoding(requested)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    order = _utf16_order(path, sample)
    if order:
        return order
    valid, invalid = utf8_evidence(sample, codecs.getincrementaldecoder("utf-8")(errors="replace"))
    guess = guess_from_counts(valid, invalid)
    if guess is None:
        raise ImportRefused(
            f"{path}: the encoding is unclear: the first 64 KB has {valid} UTF-8 characters and {invalid} "
            "bytes that are not UTF-8; pass --encoding utf-8 (records that are not valid UTF-8 are then "
            "refused with their line) or --encoding cp1252 (or the file's encoding)"
        )
    return guess
