-- raw_rows (XES): the first batch of events read from the log.
-- Grain: event. Inputs: xes_batch (registered Arrow table: line, then one text column per attribute).
CREATE OR REPLACE TEMP TABLE raw_rows AS
SELECT *
FROM xes_batch
