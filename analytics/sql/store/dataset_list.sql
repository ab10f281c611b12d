-- dataset_list: one row per dataset for listings (CLI `sla datasets`, the Data page).
-- Grain: dataset. Inputs: datasets.
SELECT name, kind, source, ticket_count AS tickets, event_count AS events, reject_count AS rejects,
       first_event_at, last_event_at, created_at, updated_at, scenario, seed, replication, policy
FROM datasets
ORDER BY updated_at DESC, name
