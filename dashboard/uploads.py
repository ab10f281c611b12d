"""Uploaded files for the import wizard: kept next to the database under ``uploads/``.

The importers read a file by path and record it as the dataset's source, so an upload is written to
disk once, named by its content hash (the same upload twice is the same file) and its original name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path


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
