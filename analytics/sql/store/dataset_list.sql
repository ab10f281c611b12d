-- dataset_list: one row per dataset for listings (CLI `sla datasets`, the Data page).
-- Grain: dataset. Inputs: datasets; parameters $earliest, $latest (the plausible window of instants,
-- analytics/instants.py). A first or last event outside the window (infinity, year 9999, stored by
-- an older version) is shown as NULL: pandas cannot hold it, and the clocks leave its ticket out.
SELECT name, kind, source, ticket_count AS tickets, event_count AS events, reject_count AS rejects,
       CASE WHEN first_event_at BETWEEN $earliest AND $latest THEN first_event_at END AS first_event_at,
       CASE WHEN last_event_at BETWEEN $earliest AND $latest THEN last_event_at END   AS last_event_at,
       created_at, updated_at, scenario, seed, replication, policy
FROM datasets
ORDER BY updated_at DESC, name
