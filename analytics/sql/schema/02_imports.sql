-- imports: one row per accepted import run, so re-importing the same file is recognised.
-- Grain: (dataset_id, import_id). Inputs: written by analytics.ingest.
CREATE TABLE IF NOT EXISTS imports (
    dataset_id    INTEGER NOT NULL,
    import_id     INTEGER NOT NULL,
    file_name     VARCHAR NOT NULL,
    file_sha256   VARCHAR NOT NULL,
    format        VARCHAR NOT NULL,
    imported_at   TIMESTAMPTZ NOT NULL,
    rows_read     BIGINT NOT NULL,
    tickets_new   BIGINT NOT NULL,
    tickets_updated BIGINT NOT NULL,
    events        BIGINT NOT NULL,
    rejects       BIGINT NOT NULL
);
