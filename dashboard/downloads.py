"""CSV downloads that are safe to open in a spreadsheet.

A cell such as ``=HYPERLINK(...)`` in a downloaded CSV is run as a formula by Excel or LibreOffice
(CSV/formula injection). Ticket ids, reasons and team names come from imported files, so any text
cell may start with such a character; prefixing a ``'`` makes the spreadsheet show it as text.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["FORMULA_TRIGGERS", "button", "csv_bytes", "file_name", "neutralise_cell", "neutralise_frame"]

# Characters that make a spreadsheet treat a cell as a formula (tab and carriage return too, as
# some programs skip them before looking at the next character).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula.

    Parameters
    ----------
    value : object
        A cell value; only strings are changed.

    Returns
    -------
    object
        ``"'" + value`` for a string starting with one of :data:`FORMULA_TRIGGERS`, else ``value``.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` with every text cell and column name passed through :func:`neutralise_cell`.

    Numeric columns are left alone: a negative number is a value, not a formula.
    """
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_datetime64_any_dtype(out[col])):
            out[col] = out[col].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The frame as CSV for :func:`streamlit.download_button`, neutralised against formula injection.

    Encoded as UTF-8 with a byte-order mark, because Excel otherwise reads the file as the local
    code page and garbles non-ASCII text (team names, customer names).
    """
    return neutralise_frame(df).to_csv(index=False).encode("utf-8-sig")


def file_name(*parts: str) -> str:
    """A safe ``.csv`` file name from parts such as ``("breaches", dataset)``.

    Dataset names are free text; anything but letters, digits, ``.``, ``_`` and ``-`` becomes ``_``
    so the name works on every operating system.
    """
    stem = "_".join(re.sub(r"[^A-Za-z0-9._-]+", "_", p).strip("._") for p in parts if p)
    return f"{stem or 'download'}.csv"


def button(label: str, data, name: str, key: str) -> None:
    """A CSV download button for a frame, or for a function returning one (computed only on click).

    Parameters
    ----------
    label : button text, e.g. ``"Download breaches (CSV)"``
    data : the frame, or a no-argument function that returns it (for full lists too big to build on
        every rerun of the page)
    name : file name (use :func:`file_name`)
    key : widget key
    """
    import streamlit as st  # here: the rest of this module is plain pandas and tested without Streamlit

    payload = (lambda: csv_bytes(data())) if callable(data) else csv_bytes(data)
    st.download_button(label, payload, file_name=name, mime="text/csv", key=key, icon=":material/download:")
