-- native_sla: the source system's own SLA verdicts per ticket (ServiceNow `made_sla`, Jira Service
-- Management "Time to first response" / "Time to resolution"), kept beside our clocks so that the
-- product can show "their verdict vs. our clocks". Grain: (dataset_id, ticket_id, name).
-- Written by analytics.ingest with the ticket (replaced whole with it); read by analytics.native.
CREATE TABLE IF NOT EXISTS native_sla (
    dataset_id  INTEGER NOT NULL,
    ticket_id   VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,            -- 'servicenow' | 'jira' | 'zendesk'
    name        VARCHAR NOT NULL,            -- the source's field, e.g. 'made_sla', 'Time to resolution'
    metric      VARCHAR,                     -- our metric it speaks about, or NULL
    met         BOOLEAN,                     -- true: met; false: breached; NULL: running or unknown
    value       VARCHAR                      -- the source's text, as exported
);
