-- raw_rows (Zendesk): one row per ticket-relevant change in a Zendesk Support API export, in the
-- column shape that the `zendesk` mapping reads. Grain: one audit event (status change, group change,
-- comment) or one ticket metric event. Inputs: zd_doc (j: the whole JSON document with `tickets` and
-- `audits` and/or `ticket_metric_events`, optional `users` and `groups`).
-- `line` is the record number: tickets 1..n in file order, then audit events, then metric events.
-- `activity` is 'status:<value>', 'group', 'comment:<public|private>:<end-user|agent>' or
-- 'metric:<metric>:<type>'; the mapping says which canonical kind each is.
CREATE OR REPLACE TEMP TABLE raw_rows AS
WITH tickets AS (
    SELECT row_number() OVER () AS n, t
    FROM (SELECT unnest(coalesce(json_extract(j, '$.tickets[*]'), [])) AS t FROM zd_doc)
), users AS (
    SELECT u->>'id' AS id, u->>'role' AS role
    FROM (SELECT unnest(coalesce(json_extract(j, '$.users[*]'), [])) AS u FROM zd_doc)
), groups AS (
    SELECT g->>'id' AS id, g->>'name' AS name
    FROM (SELECT unnest(coalesce(json_extract(j, '$.groups[*]'), [])) AS g FROM zd_doc)
), t AS (
    SELECT n, t->>'id' AS ticket_id, t->>'created_at' AS created_at, t->>'requester_id' AS requester_id,
           t->>'priority' AS priority, t->>'type' AS type, t->'via'->>'channel' AS via_channel,
           t->>'group_id' AS group_id, t->>'subject' AS subject
    FROM tickets
), audits AS (
    SELECT row_number() OVER () AS a_n, a
    FROM (SELECT unnest(coalesce(json_extract(j, '$.audits[*]'), [])) AS a FROM zd_doc)
), audit_events AS (
    SELECT a_n, a->>'ticket_id' AS ticket_id, a->>'created_at' AS "at", a->>'author_id' AS audit_author,
           row_number() OVER (PARTITION BY a_n) AS e_n, e
    FROM (SELECT a_n, a, unnest(coalesce(json_extract(a, '$.events[*]'), [])) AS e FROM audits)
), audit_group AS (
    SELECT a_n, any_value(e->>'value') AS group_id
    FROM audit_events WHERE e->>'field_name' = 'group_id' AND nullif(e->>'value', '') IS NOT NULL
    GROUP BY a_n
), audit_rows AS (
    SELECT ae.a_n, ae.e_n, ae.ticket_id, ae."at",
           CASE
               WHEN ae.e->>'type' IN ('Create', 'Change') AND ae.e->>'field_name' = 'status' THEN 'status:' || (ae.e->>'value')
               WHEN ae.e->>'type' IN ('Create', 'Change') AND ae.e->>'field_name' = 'group_id' THEN 'group'
               WHEN ae.e->>'type' = 'Comment' THEN 'comment:'
                    || CASE WHEN (ae.e->>'public')::BOOLEAN THEN 'public' ELSE 'private' END || ':'
                    || CASE WHEN coalesce(u.role, CASE WHEN coalesce(ae.e->>'author_id', ae.audit_author) = t.requester_id
                                                       THEN 'end-user' ELSE 'agent' END) = 'end-user' THEN 'end-user' ELSE 'agent' END
           END AS activity,
           coalesce(ae.e->>'author_id', ae.audit_author) AS author,
           ag.group_id
    FROM audit_events ae
    LEFT JOIN t ON t.ticket_id = ae.ticket_id
    LEFT JOIN users u ON u.id = coalesce(ae.e->>'author_id', ae.audit_author)
    LEFT JOIN audit_group ag ON ag.a_n = ae.a_n
), metric_rows AS (
    SELECT row_number() OVER () AS m_n, m->>'ticket_id' AS ticket_id, m->>'time' AS "at",
           'metric:' || (m->>'metric') || ':' || (m->>'type') AS activity
    FROM (SELECT unnest(coalesce(json_extract(j, '$.ticket_metric_events[*]'), [])) AS m FROM zd_doc)
), events AS (
    SELECT row_number() OVER (ORDER BY a_n, e_n) AS k, ticket_id, "at", activity, author, group_id
    FROM audit_rows WHERE activity IS NOT NULL
    UNION ALL
    SELECT 1000000000 + m_n, ticket_id, "at", activity, NULL, NULL FROM metric_rows
), numbered AS (
    SELECT (SELECT count(*) FROM tickets) + row_number() OVER (ORDER BY k) + 1 AS line, e.*
    FROM events e
)
SELECT n.line, n.ticket_id, n."at", n.activity, coalesce(g.name, n.group_id) AS "group", n.author,
       t.created_at, t.priority, t.type, t.via_channel AS channel, t.requester_id AS requester
FROM numbered n
LEFT JOIN t USING (ticket_id)
LEFT JOIN groups g ON g.id = n.group_id
ORDER BY n.line;
