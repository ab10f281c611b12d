-- metric_scope: metrics a dataset's source cannot measure (e.g. an event log without automatic
-- acknowledgements or customer-visible replies), with the reason; their clocks are shown as not
-- applicable instead of breached. Grain: (dataset_id, metric). Written by analytics.ingest from the
-- mapping's [metrics] not_measurable table (replaced by each import that uses a mapping).
CREATE TABLE IF NOT EXISTS metric_scope (
    dataset_id  INTEGER NOT NULL,
    metric      VARCHAR NOT NULL,
    measurable  BOOLEAN NOT NULL,
    reason      VARCHAR,
    source      VARCHAR                      -- mapping or format that said so
);
