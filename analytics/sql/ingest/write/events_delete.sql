-- events_delete: remove the events of the tickets being written (a newer export replaces them whole).
-- Grain: events rows. Inputs: events, new_tickets (registered); parameter ? = dataset_id.
DELETE FROM events
WHERE dataset_id = ? AND ticket_id IN (SELECT ticket_id FROM new_tickets)
