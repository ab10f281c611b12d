-- verdicts_delete_tickets: remove the native verdicts of the tickets an import writes (it brings
-- their current ones). Grain: native_sla rows. Inputs: native_sla, imported_tickets (registered:
-- ticket_id); parameter ? = dataset_id.
DELETE FROM native_sla
WHERE dataset_id = ? AND ticket_id IN (SELECT ticket_id FROM imported_tickets)
