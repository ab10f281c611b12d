"""Uploaded files for the import wizard: kept next to the database under ``uploads/``, and the mapping
files the wizard builds, under ``mappings/``.

The importers read a file by path and record it as the dataset's source, so an upload is written to
disk once, named by its content hash (the same upload twice is the same file) and its original name.
A mapping built by hand is saved as ``mappings/NAME.toml`` when it is used for an import, so that
``sla import ... --format csv --mapping mappings/NAME.toml`` repeats the import.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["dataset_name_for", "draft_mapping", "mapping_path", "save_mapping", "save_upload"]


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Write an uploaded file to ``folder`` and return its path (idempotent for equal content)."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).strip("._") or "upload.csv"
    path = folder / f"{hashlib.sha256(data).hexdigest()[:12]}-{safe}"
    if not path.exists():
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def dataset_name_for(file_name: str) -> str:
    """A dataset name suggested by a file name: ``"tickets-2026-03.csv.gz"`` -> ``"tickets-2026-03"``."""
    stem = Path(file_name).name
    for suffix in (".gz", ".csv", ".parquet", ".xes", ".xlsx", ".json"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    return re.sub(r"\s+", "-", stem.strip()) or "imported"


def mapping_path(folder: Path, name: str) -> Path:
    """Where the mapping of dataset ``name`` is kept: ``folder/NAME.toml`` (a safe file name)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name.strip()).strip("._") or "mapping"
    return folder / f"{safe}.toml"


def save_mapping(folder: Path, name: str, text: str) -> Path:
    """Write mapping ``text`` to :func:`mapping_path` (replacing an earlier one) and return the path.

    Parameters
    ----------
    folder : Path
        The mappings folder next to the database (``data/mappings``).
    name : str
        The dataset name the mapping was built for.
    text : str
        The mapping TOML text.

    Returns
    -------
    Path
        The written file, which ``sla import ... --format csv --mapping FILE`` reads.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = mapping_path(folder, name)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


@contextlib.contextmanager
def draft_mapping(text: str | None) -> Iterator[str | None]:
    """A mapping being built in the wizard, as a file for the preview to read, removed afterwards
    (only the mapping of an actual import is kept). Yields its path, or None without ``text``."""
    if text is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="sla-mapping-") as folder:
        path = Path(folder) / "mapping.toml"
        path.write_text(text, encoding="utf-8")
        yield str(path)
