-- mapped_states: the valid rows of each ticket in order, with what each row changes: its own event
-- kind, the owning team before it, group moves, the pause state before it, and whether it is the
-- first row after a resolution (work after a resolution reopens the ticket, even a row that makes
-- no event of its own, such as BPI's re-queueing).
-- Grain: one valid source row part, keyed by `rid` (the rowid of its mapped_rows row: the other
-- values of the row are read from there, so the window pass sorts only the few columns it needs).
-- Inputs: mapped_rows; parameters $only_changes (a row makes its own event only when the activity
-- differs from the previous row's: audit-style exports repeat the state on every update),
-- $created_mode ('first_event' | 'activity'), $intake_team, $has_levels.
-- One window pass orders each ticket's rows and reads the previous rows' values: the previous
-- activity and kind (the first row after a resolution or closing is the row right after one), the
-- latest group, and the latest owner and state set before the row. A row's owner and state come
-- from its kind: a row that merely repeats the previous row's activity sets the same state as that
-- row, and a repeated escalating activity keeps the ticket with the team it escalated to.
CREATE OR REPLACE TEMP TABLE mapped_states AS
WITH rows_ AS (
    SELECT
        rowid AS rid, case_id, row_team, a_to_team, grp, grp_level, activity, kind0, ts, order_num, line, part,
        -- who owns the ticket after this row: an escalating activity hands it to its to_team, a row
        -- with a group to that group's team.
        CASE WHEN kind0 = 'escalated' AND a_to_team IS NOT NULL THEN a_to_team ELSE row_team END AS owner_after,
        CASE WHEN kind0 = 'none' OR kind0 IS NULL THEN NULL
             WHEN kind0 = 'created' AND $created_mode = 'first_event' THEN NULL
             WHEN kind0 = 'paused' THEN 'paused'
             WHEN kind0 IN ('resolved', 'closed') THEN 'done' ELSE 'open' END                        AS state_after
    FROM mapped_rows
    WHERE problem IS NULL
), ordered AS (
    SELECT
        rid, case_id, row_team, grp, grp_level,
        row_number() OVER s AS pos,
        CASE
            WHEN kind0 = 'none' THEN NULL
            WHEN kind0 = 'created' AND $created_mode = 'first_event' THEN NULL
            WHEN $only_changes AND activity IS NOT DISTINCT FROM lag(activity) OVER s THEN NULL
            ELSE kind0
        END AS own_kind,
        coalesce(lag(kind0) OVER s IN ('resolved', 'closed'), false)
            AND kind0 NOT IN ('resolved', 'closed', 'reopened') AS reopen_here,
        lag(grp IGNORE NULLS) OVER s         AS prev_grp,
        lag(grp_level IGNORE NULLS) OVER s   AS prev_level,
        lag(owner_after IGNORE NULLS) OVER s AS prev_owner_after,
        lag(state_after IGNORE NULLS) OVER s AS prev_state
    FROM rows_
    WINDOW s AS (PARTITION BY case_id ORDER BY ts, order_num NULLS LAST, line, part)
)
SELECT
    rid, pos, own_kind, reopen_here, prev_grp, prev_state,
    coalesce(prev_owner_after, CASE WHEN pos = 1 THEN row_team END, $intake_team) AS prev_owner,
    CASE
        WHEN grp IS NULL OR prev_grp IS NULL OR grp = prev_grp THEN NULL
        WHEN grp_level > prev_level THEN 'escalated'
        WHEN row_team IS DISTINCT FROM coalesce(prev_owner_after, $intake_team)
            THEN CASE WHEN $has_levels THEN 'assigned' ELSE 'escalated' END
    END AS move_kind
FROM ordered;
