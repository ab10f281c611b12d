"""Text from outside (the page address, file names, dataset and team names, error messages) put into
Markdown so that it shows as the characters it is, never as a link, emphasis, a colour or a formula.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.info`` / ``st.warning`` /
``st.error`` / ``st.success``, headings, widget labels and tab and expander titles. Every value of
outside origin interpolated there goes through :func:`plain` (or :func:`code` inside a code span);
the text around it is the dashboard's own Markdown.

CommonMark lets a backslash escape any ASCII punctuation, so :func:`plain` escapes all of it: that
covers links and images (``[`` ``]`` ``(``), emphasis, headings, lists, tables, Streamlit's ``:red[]``
directives and ``$`` formulas. Line breaks become spaces, so a value cannot start a block of its own.

Escapes are not enough for what Streamlit finds in the text after parsing it: bare addresses
(``https://…``, ``www.…``, ``name@host``) become links and ``:shortcodes:`` emoji or icons. So
:func:`plain` also puts an invisible WORD JOINER (U+2060) after each ``:`` and ``@`` and between
``www`` and its dot: the text reads the same, and a hostile address is neither a link nor a working
address when copied.
"""

from __future__ import annotations

import re

__all__ = ["WORD_JOINER", "code", "plain"]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_FOUND_AFTER_PARSING = re.compile(r"([:@])|(?i:(www))(?=\.)")  # addresses, e-mail, :shortcodes:
WORD_JOINER = "\u2060"


def plain(value: object) -> str:
    """``value`` as text that Markdown shows literally: ``"[x](https://e.org)"`` -> ``"\\[x\\]\\(https\\:⁠\\/..."``."""
    text = _FOUND_AFTER_PARSING.sub(lambda m: m.group(0) + WORD_JOINER, _LINE_BREAKS.sub(" ", str(value)))
    return _PUNCTUATION.sub(r"\\\1", text)


def code(value: object) -> str:
    """``value`` as a Markdown code span, fenced with more backticks than it holds (shown literally)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
