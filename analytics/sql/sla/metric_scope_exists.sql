-- metric_scope_exists: whether the database has the metric_scope table (a database written before
-- it existed has none). Grain: one row. Inputs: DuckDB's catalog.
SELECT count(*)
FROM duckdb_tables()
WHERE table_name = 'metric_scope'
