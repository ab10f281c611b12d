"""Export a dataset as a canonical events file (CSV or Parquet, chosen by the file extension)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from analytics.store.datasets import dataset_id
from analytics.store.sqlfiles import sql

__all__ = ["export_events"]


def export_events(con: duckdb.DuckDBPyConnection, dataset: str, path: str | Path) -> int:
    """Write ``dataset`` to ``path`` (``.csv``, ``.csv.gz`` or ``.parquet``); return the event count."""
    path = Path(path)
    name = path.name.lower()
    if not name.endswith((".csv", ".csv.gz", ".parquet")):
        raise ValueError(f"{path}: choose a file name ending in .csv, .csv.gz or .parquet")
    table = con.sql(sql("reports/export_events"), params=[dataset_id(con, dataset)]).to_arrow_table()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    if name.endswith(".parquet"):
        pq.write_table(table, tmp)
    elif name.endswith(".gz"):
        import pyarrow as pa

        with pa.CompressedOutputStream(str(tmp), "gzip") as out:
            pacsv.write_csv(table, out)
    else:
        pacsv.write_csv(table, tmp)
    tmp.replace(path)  # a reader never sees half a file
    return table.num_rows
