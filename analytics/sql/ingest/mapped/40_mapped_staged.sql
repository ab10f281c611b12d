-- staged (mapped imports): the canonical events derived from the mapped rows, in the staged shape
-- that the shared validation reads (`line`, `sub`, canonical text columns, `at_ts`, `problem`).
-- Grain: one derived event; several may come from one source line, ordered by `sub`:
--   0 created (the ticket's first row, when rules.created = 'first_event'),
--   1 reopened (work after a resolution), 2 resumed (work after a pause),
--   3 escalated / assigned (the row's group moved to a higher line / another team),
--   4 the row's own event (its activity's kind), or the row itself when it has a problem.
-- A view: the validation reads it once. The instant is passed on as read (`at_ts`); `at` is the
-- source's text of a refused row only (the import preview shows `at_ts` as text).
-- Each kind of event picks its rows from the narrow mapped_states first and only then reads their
-- values from mapped_rows (and the ticket's attributes, which only `created` events carry).
-- Inputs: mapped_rows, mapped_states, case_attributes, mapped_rules (created_mode, resume, reopen,
-- escalation_reason, intake_team).
CREATE OR REPLACE TEMP VIEW staged AS
WITH ev AS (
    SELECT m.line, 0 AS sub, m.case_id AS ticket_id, coalesce(m.created_ts, m.ts) AS at_ts,
           'created' AS kind, coalesce(m.row_team, r.intake_team) AS team, m.resource AS agent, NULL AS to_team,
           NULL AS reason, NULL AS due_at, ca.channel, ca.category, ca.complexity, ca.priority, ca.site, ca.customer,
           m.activity AS detail
    FROM mapped_states st CROSS JOIN mapped_rules r
    JOIN mapped_rows m ON m.rowid = st.rid
    JOIN case_attributes ca ON ca.case_id = m.case_id
    WHERE st.pos = 1 AND r.created_mode = 'first_event'
    UNION ALL
    SELECT m.line, 1, m.case_id, m.ts, 'reopened', st.prev_owner, m.resource, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, 'work after the resolution: ' || coalesce(m.activity, '')
    FROM mapped_states st CROSS JOIN mapped_rules r JOIN mapped_rows m ON m.rowid = st.rid
    WHERE r.reopen AND st.reopen_here
    UNION ALL
    SELECT m.line, 2, m.case_id, m.ts, 'resumed', st.prev_owner, m.resource, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, 'work after the pause: ' || coalesce(m.activity, '')
    FROM mapped_states st CROSS JOIN mapped_rules r JOIN mapped_rows m ON m.rowid = st.rid
    WHERE r.resume AND st.prev_state = 'paused' AND NOT st.reopen_here
      AND st.own_kind NOT IN ('paused', 'resolved', 'closed', 'reopened', 'resumed')
    UNION ALL
    SELECT m.line, 3, m.case_id, m.ts, st.move_kind,
           CASE WHEN st.move_kind = 'escalated' THEN st.prev_owner ELSE m.row_team END, m.resource,
           CASE WHEN st.move_kind = 'escalated' THEN m.row_team END,
           CASE WHEN st.move_kind = 'escalated' THEN r.escalation_reason END, NULL,
           NULL, NULL, NULL, NULL, NULL, NULL, st.prev_grp || ' -> ' || m.grp
    FROM mapped_states st CROSS JOIN mapped_rules r JOIN mapped_rows m ON m.rowid = st.rid
    WHERE st.move_kind IS NOT NULL
    UNION ALL
    SELECT m.line, 4, m.case_id, m.ts, st.own_kind,
           CASE WHEN st.own_kind = 'escalated' THEN st.prev_owner ELSE coalesce(m.row_team, st.prev_owner) END, m.resource,
           CASE WHEN st.own_kind IN ('escalated', 'approval_requested') THEN m.a_to_team END,
           coalesce(m.a_reason, CASE WHEN st.own_kind = 'escalated' THEN r.escalation_reason END), NULL,
           ca.channel, ca.category, ca.complexity, ca.priority, ca.site, ca.customer,
           m.activity
    FROM mapped_states st CROSS JOIN mapped_rules r JOIN mapped_rows m ON m.rowid = st.rid
    LEFT JOIN case_attributes ca ON ca.case_id = m.case_id AND st.own_kind = 'created'
    WHERE st.own_kind IS NOT NULL
)
SELECT line, sub, ticket_id, NULL::VARCHAR AS "at", kind, team, agent,
       to_team, reason, due_at, channel, category, complexity, priority, site, customer, detail, at_ts,
       NULL::VARCHAR AS problem
FROM ev
UNION ALL
SELECT line, 4, case_id, ts_text, kind0, row_team, resource, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, activity, NULL::TIMESTAMPTZ, problem
FROM mapped_rows WHERE problem IS NOT NULL;
