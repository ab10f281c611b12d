"""Importers: turn files into the canonical event model and write them to the store atomically."""

from analytics.ingest.errors import ImportRefused
from analytics.ingest.pipeline import FORMATS, ImportResult, import_file

__all__ = ["FORMATS", "ImportRefused", "ImportResult", "import_file"]
