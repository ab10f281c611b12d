-- refresh_counts: update one dataset's row counts and event time span after a write.
-- Grain: one datasets row. Inputs: tickets, events, import_rejects; parameters $ds, $now, $source, $policy.
UPDATE datasets SET
    ticket_count   = (SELECT count(*) FROM tickets WHERE dataset_id = $ds),
    event_count    = (SELECT count(*) FROM events WHERE dataset_id = $ds),
    reject_count   = (SELECT count(*) FROM import_rejects WHERE dataset_id = $ds),
    first_event_at = (SELECT min(ts) FROM events WHERE dataset_id = $ds),
    last_event_at  = (SELECT max(ts) FROM events WHERE dataset_id = $ds),
    updated_at     = $now,
    source         = coalesce($source, source),
    policy         = coalesce($policy, policy)
WHERE dataset_id = $ds
