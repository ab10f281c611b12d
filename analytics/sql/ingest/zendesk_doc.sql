-- zd_doc: the whole Zendesk export as one JSON value, which zendesk_rows unpacks.
-- Grain: one row. Inputs: parameter ? = path of the (unpacked) .json file.
CREATE OR REPLACE TEMP TABLE zd_doc AS
SELECT json(content) AS j
FROM read_text(?)
