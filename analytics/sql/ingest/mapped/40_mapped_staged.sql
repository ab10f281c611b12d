-- staged (mapped imports): the canonical events derived from the mapped rows, in the staged shape
-- that the shared validation reads (`line`, `sub`, canonical text columns, `problem`).
-- Grain: one derived event; several may come from one source line, ordered by `sub`:
--   0 created (the ticket's first row, when rules.created = 'first_event'),
--   1 reopened (work after a resolution), 2 resumed (work after a pause),
--   3 escalated / assigned (the row's group moved to a higher line / another team),
--   4 the row's own event (its activity's kind), or the row itself when it has a problem.
-- Inputs: mapped_rows, mapped_states, case_attributes; parameters $created_mode, $resume, $reopen,
-- $escalation_reason.
CREATE OR REPLACE TEMP TABLE staged AS
WITH s AS (
    SELECT st.*, ca.channel, ca.category, ca.complexity, ca.priority, ca.site, ca.customer
    FROM mapped_states st JOIN case_attributes ca USING (case_id)
), iso AS (
    SELECT *, strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S.%fZ') AS at_text FROM s
)
SELECT line, 0 AS sub, case_id AS ticket_id,
       strftime(timezone('UTC', coalesce(created_ts, ts)), '%Y-%m-%dT%H:%M:%S.%fZ') AS "at",
       'created' AS kind, coalesce(row_team, $intake_team) AS team, resource AS agent, NULL AS to_team,
       NULL AS reason, NULL AS due_at, channel, category, complexity, priority, site, customer,
       activity AS detail, NULL AS problem
FROM iso WHERE pos = 1 AND $created_mode = 'first_event'
UNION ALL
SELECT line, 1, case_id, at_text, 'reopened', prev_owner, resource, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, 'work after the resolution: ' || coalesce(activity, ''), NULL
FROM iso WHERE $reopen AND reopen_here
UNION ALL
SELECT line, 2, case_id, at_text, 'resumed', prev_owner, resource, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, 'work after the pause: ' || coalesce(activity, ''), NULL
FROM iso WHERE $resume AND prev_state = 'paused' AND NOT reopen_here AND own_kind NOT IN ('paused', 'resolved', 'closed', 'reopened', 'resumed')
UNION ALL
SELECT line, 3, case_id, at_text, move_kind,
       CASE WHEN move_kind = 'escalated' THEN prev_owner ELSE row_team END, resource,
       CASE WHEN move_kind = 'escalated' THEN row_team END,
       CASE WHEN move_kind = 'escalated' THEN $escalation_reason END, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, prev_grp || ' -> ' || grp, NULL
FROM iso WHERE move_kind IS NOT NULL
UNION ALL
SELECT line, 4, case_id, at_text, own_kind,
       CASE WHEN own_kind = 'escalated' THEN prev_owner ELSE coalesce(row_team, prev_owner) END, resource,
       CASE WHEN own_kind IN ('escalated', 'approval_requested') THEN a_to_team END,
       coalesce(a_reason, CASE WHEN own_kind = 'escalated' THEN $escalation_reason END), NULL,
       CASE WHEN own_kind = 'created' THEN channel END, CASE WHEN own_kind = 'created' THEN category END,
       CASE WHEN own_kind = 'created' THEN complexity END, CASE WHEN own_kind = 'created' THEN priority END,
       CASE WHEN own_kind = 'created' THEN site END, CASE WHEN own_kind = 'created' THEN customer END,
       activity, NULL
FROM iso WHERE own_kind IS NOT NULL
UNION ALL
SELECT line, 4, case_id, ts_text, kind0, row_team, resource, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, activity, problem
FROM mapped_rows WHERE problem IS NOT NULL;
