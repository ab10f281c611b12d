-- tickets_insert: write the tickets of an import or a simulated run into a dataset.
-- Grain: ticket. Inputs: new_tickets (registered: the columns of accepted_tickets); parameter
-- ? = dataset_id. {replication} is the column `replication` when new_tickets has it (simulated
-- runs), else NULL.
INSERT INTO tickets (dataset_id, ticket_id, channel, category, complexity, priority, site, customer, created_at,
                     replication)
SELECT ?, ticket_id, channel, category, complexity, priority, site, customer, created_at, {replication}
FROM new_tickets
