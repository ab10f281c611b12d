-- zendesk_keys: the top-level keys of the export (it needs tickets, and audits or ticket_metric_events).
-- Grain: one row. Inputs: zd_doc.
SELECT json_keys(j)
FROM zd_doc
