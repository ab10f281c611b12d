-- raw_rows (XES): append a further batch of events (attributes new in it were added as columns first).
-- Grain: event. Inputs: raw_rows, xes_batch (registered Arrow table).
INSERT INTO raw_rows BY NAME
SELECT *
FROM xes_batch
