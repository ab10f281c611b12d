-- tickets_replaced: how many of the tickets being written the dataset already holds (they are
-- replaced, with all their events). Grain: one row. Inputs: tickets, new_tickets (registered);
-- parameter ? = dataset_id.
SELECT count(*)
FROM tickets t
SEMI JOIN new_tickets n USING (ticket_id)
WHERE t.dataset_id = ?
