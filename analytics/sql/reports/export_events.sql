-- export_events: one dataset as a canonical events file (DESIGN §4): one row per event, ticket
-- attributes on the `created` row, instants as ISO 8601 text in UTC with an explicit +00:00 offset.
-- Grain: event, in ticket and seq order. Inputs: events, tickets; parameter ? = dataset_id.
WITH fmt AS (
    SELECT e.*,
           t.channel, t.category, t.complexity, t.priority, t.site, t.customer
    FROM events e
    JOIN tickets t USING (dataset_id, ticket_id)
    WHERE e.dataset_id = ?
)
SELECT
    ticket_id,
    strftime(ts, CASE WHEN epoch_us(ts) % 1000000 = 0 THEN '%Y-%m-%dT%H:%M:%S+00:00'
                      ELSE '%Y-%m-%dT%H:%M:%S.%f+00:00' END) AS "at",
    kind, team, agent, to_team, reason,
    strftime(due_at, CASE WHEN epoch_us(due_at) % 1000000 = 0 THEN '%Y-%m-%dT%H:%M:%S+00:00'
                          ELSE '%Y-%m-%dT%H:%M:%S.%f+00:00' END) AS due_at,
    CASE WHEN kind = 'created' THEN channel END    AS channel,
    CASE WHEN kind = 'created' THEN category END   AS category,
    CASE WHEN kind = 'created' THEN complexity END AS complexity,
    CASE WHEN kind = 'created' THEN priority END   AS priority,
    CASE WHEN kind = 'created' THEN site END       AS site,
    CASE WHEN kind = 'created' THEN customer END   AS customer,
    detail
FROM fmt
ORDER BY ticket_id, seq
