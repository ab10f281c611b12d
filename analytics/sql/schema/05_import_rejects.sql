-- import_rejects: every source row an import refused, with its line and the reason; nothing is
-- silently dropped. Grain: one refused source row. `raw` is the row as JSON (column -> text).
CREATE TABLE IF NOT EXISTS import_rejects (
    dataset_id   INTEGER NOT NULL,
    import_id    INTEGER NOT NULL,
    source_file  VARCHAR NOT NULL,
    source_line  BIGINT,
    ticket_id    VARCHAR,
    raw          VARCHAR,
    reason       VARCHAR NOT NULL
);
