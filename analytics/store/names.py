"""What a dataset may be called, and file paths derived from outside text that must stay in their folder.

A dataset's name comes from a person (``--name``, the import form, a rename) and ends up in file
names (refused rows are saved as ``rejects/<name>-<time>.csv``), in page addresses and in tables.
It is checked here, in one place, for every way a dataset gets a name.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

__all__ = ["MAX_NAME_LENGTH", "check_dataset_name", "inside"]

MAX_NAME_LENGTH = 100
_SEPARATORS = ("/", "\\")


def check_dataset_name(name: object) -> str:
    """The dataset name, trimmed, if it can be used; else ``ValueError`` saying why and what to do.

    A name is 1 to 100 characters after trimming, without control or invisible format characters
    and without path separators, and is not ``.`` or ``..``.

    Parameters
    ----------
    name : object
        The name as given.

    Returns
    -------
    str
        The trimmed name.
    """
    text = str(name if name is not None else "").strip()
    if not text:
        raise ValueError("the dataset name is empty; give a name such as 'helpdesk-2026'")
    if len(text) > MAX_NAME_LENGTH:
        raise ValueError(
            f"the dataset name is {len(text)} characters long; use at most {MAX_NAME_LENGTH} ('{text[:20]}…')"
        )
    odd = [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    if odd:
        shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in odd}))
        raise ValueError(f"the dataset name {text!r} contains control or invisible characters ({shown}); remove them")
    if any(sep in text for sep in _SEPARATORS) or text in (".", ".."):
        raise ValueError(
            f"the dataset name {text!r} contains a path separator or is '.' or '..'; use letters, "
            "digits, spaces, '-' or '_'"
        )
    return text


def inside(folder: Path, file_name: str) -> Path:
    """``folder / file_name``, refusing a name that would resolve outside ``folder``.

    Raises
    ------
    ValueError
        When the path leaves the folder (a separator or ``..`` in ``file_name``).
    """
    base = Path(folder).resolve()
    path = (base / file_name).resolve()
    if path.parent != base:
        raise ValueError(f"{file_name!r} is not a plain file name; it would be written outside {base}")
    return path
