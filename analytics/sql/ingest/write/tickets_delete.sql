-- tickets_delete: remove the tickets being written before they are inserted again.
-- Grain: tickets rows. Inputs: tickets, new_tickets (registered); parameter ? = dataset_id.
DELETE FROM tickets
WHERE dataset_id = ? AND ticket_id IN (SELECT ticket_id FROM new_tickets)
