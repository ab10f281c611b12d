"""Datasets for the fronts: the store, listing, importing (with a preview and a mapping built by hand),
exporting, renaming and deleting. Every write is atomic (readers see the old data or the new)."""

from __future__ import annotations

import pandas as pd

from analytics.ingest import FORMATS, ImportResult, import_file
from analytics.ingest.mapping_builder import (
    TICKET_TIME_KINDS,
    ActivityChoice,
    AttributeChoice,
    MappingChoices,
    TableProfile,
    build_mapping_text,
    check_mapping_text,
    import_command,
    profile_table,
    unmeasurable_metrics,
)
from analytics.ingest.preview import Preview, mapping_presets
from analytics.ingest.preview import formats as import_formats
from analytics.ingest.preview import preview as preview_import
from analytics.ingest.readers import file_kind, sheet_names
from analytics.store import datasets as _datasets
from analytics.store.database import Store, default_db_path, file_identity
from analytics.store.export import export_events as _export_events
from analytics.store.names import check_dataset_name

__all__ = [
    "FORMATS",
    "TICKET_TIME_KINDS",
    "ActivityChoice",
    "AttributeChoice",
    "ImportResult",
    "MappingChoices",
    "Preview",
    "Store",
    "TableProfile",
    "build_mapping_text",
    "check_dataset_name",
    "check_mapping_text",
    "dataset_rejects",
    "datasets",
    "default_db_path",
    "delete_dataset",
    "export_events",
    "file_identity",
    "file_kind",
    "import_command",
    "import_file",
    "import_formats",
    "mapping_presets",
    "preview_import",
    "profile_table",
    "rename_dataset",
    "sheet_names",
    "unmeasurable_metrics",
]


def datasets(store: Store) -> pd.DataFrame:
    """Every dataset (name, kind, source, counts, time span); empty when the database has none."""
    return _datasets.list_datasets(store.reader())


def dataset_rejects(store: Store, dataset: str) -> pd.DataFrame:
    """Rows refused by a dataset's imports: file, line, ticket, reason, raw values."""
    return _datasets.rejects(store.reader(), dataset)


def export_events(store: Store, dataset: str, path) -> int:
    """Write a dataset as a canonical events file (CSV, gzip CSV or Parquet by extension); the number of events."""
    return _export_events(store.reader(), dataset, path)


def rename_dataset(store: Store, old: str, new: str) -> None:
    """Rename a dataset (an atomic write: readers see the old name or the new one)."""
    new = new.strip()
    if not new:
        raise ValueError("the new name is empty; type a name for the dataset")
    with store.writer() as con:
        _datasets.rename_dataset(con, old, new)


def delete_dataset(store: Store, name: str) -> None:
    """Delete a dataset and everything in it (an atomic write)."""
    with store.writer() as con:
        _datasets.delete_dataset(con, name)
