"""Text from a file, made safe to show: control and invisible characters written as escapes.

A value, column name or file name read from an imported file may hold terminal escape sequences
(``ESC [31m`` recolours a terminal, ``ESC ]`` sets its title), carriage returns that overwrite a line,
or bidirectional overrides (``U+202E``) that make text read backwards. Wherever such text is shown (an
error message, ``sla rejects``, a table of the command line), it goes through :func:`shown`, which
writes each of those characters as a Python-style escape and keeps every other character, accented
and non-Latin letters included, as it is.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["shown"]

# Unicode categories written as escapes: controls (C0, DEL, C1), format characters (bidi overrides,
# zero-width spaces, the BOM), surrogates (undecodable bytes kept by ``surrogateescape``) and the
# line and paragraph separators.
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Joiners that scripts (Persian, Indic) and emoji sequences need to render correctly.
_KEPT = frozenset({"\u200c", "\u200d"})
_CANDIDATE = re.compile(r"[^\x20-\x7e]")


def _escape(char: str) -> str:
    if char in _KEPT or unicodedata.category(char) not in _ESCAPED:
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(text: object) -> str:
    """``text`` as it may be printed: control and invisible characters as ``\\xNN`` / ``\\uNNNN``.

    Backslashes are left as they are, so ``shown(shown(t)) == shown(t)`` and a message can pass
    through more than one front safely.

    Parameters
    ----------
    text : object
        Any value (``str()`` of it is shown; ``None`` is ``''``).

    Returns
    -------
    str
        One line: newlines, tabs and carriage returns are escaped too.

    Examples
    --------
    >>> shown("Zoë\\x1b[31m red")
    'Zoë\\\\x1b[31m red'
    """
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    if value.isascii() and value.isprintable():
        return value
    return _CANDIDATE.sub(lambda m: _escape(m.group(0)), value)
