-- mapped_states: the valid rows of each ticket in order, with what each row changes: its own event
-- kind, the owning team before and after it, group moves, the pause state before it, and whether it is
-- the first row after a resolution (work after a resolution reopens the ticket, even a row that makes
-- no event of its own, such as BPI's re-queueing).
-- Grain: one valid source row part. Inputs: mapped_rows; parameters $only_changes (a row makes its
-- own event only when the activity differs from the previous row's: audit-style exports repeat the
-- state on every update), $created_mode ('first_event' | 'activity'), $intake_team, $has_levels.
CREATE OR REPLACE TEMP TABLE mapped_states AS
WITH ordered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY case_id ORDER BY ts, order_num NULLS LAST, line, part) AS pos
    FROM mapped_rows
    WHERE problem IS NULL
), own AS (
    SELECT
        *,
        CASE
            WHEN kind0 = 'none' THEN NULL
            WHEN kind0 = 'created' AND $created_mode = 'first_event' THEN NULL
            WHEN $only_changes AND activity IS NOT DISTINCT FROM lag(activity) OVER w THEN NULL
            ELSE kind0
        END AS own_kind,
        count(*) FILTER (WHERE kind0 IN ('resolved', 'closed')) OVER w AS done_group,
        last_value(grp IGNORE NULLS) OVER wp        AS prev_grp,
        last_value(grp_level IGNORE NULLS) OVER wp  AS prev_level
    FROM ordered
    WINDOW w AS (PARTITION BY case_id ORDER BY pos),
           wp AS (PARTITION BY case_id ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), owners AS (
    SELECT
        *,
        -- who owns the ticket after this row: an escalating activity hands it to its to_team, a row
        -- with a group to that group's team.
        CASE WHEN own_kind IN ('escalated') AND a_to_team IS NOT NULL THEN a_to_team ELSE row_team END AS owner_after,
        CASE WHEN own_kind IS NULL THEN NULL WHEN own_kind = 'paused' THEN 'paused'
             WHEN own_kind IN ('resolved', 'closed') THEN 'done' ELSE 'open' END                    AS state_after
    FROM own
)
SELECT
    *,
    coalesce(last_value(owner_after IGNORE NULLS) OVER wp, CASE WHEN pos = 1 THEN row_team END, $intake_team) AS prev_owner,
    last_value(state_after IGNORE NULLS) OVER wp AS prev_state,
    done_group > 0 AND kind0 NOT IN ('resolved', 'closed', 'reopened')
        AND row_number() OVER (PARTITION BY case_id, done_group, kind0 IN ('resolved', 'closed') ORDER BY pos) = 1
        AS reopen_here,
    CASE
        WHEN grp IS NULL OR prev_grp IS NULL OR grp = prev_grp THEN NULL
        WHEN grp_level > prev_level THEN 'escalated'
        WHEN row_team IS DISTINCT FROM coalesce(last_value(owner_after IGNORE NULLS) OVER wp, $intake_team)
            THEN CASE WHEN $has_levels THEN 'assigned' ELSE 'escalated' END
    END AS move_kind
FROM owners
WINDOW wp AS (PARTITION BY case_id ORDER BY pos ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING);
