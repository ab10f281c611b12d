-- staged_verdict: the final verdict for every staged row: accepted (reject_reason NULL) or refused.
-- Grain: one source row. Inputs: staged_checked.
-- Rules: an exact duplicate of an earlier row is refused on its own; a ticket with any invalid row,
-- no `created` event, several `created` events, or an event before its `created` is refused whole
-- (its other rows too), so that no ticket is ever imported with a partial history.
CREATE OR REPLACE TEMP TABLE staged_verdict AS
WITH dup AS (
    SELECT
        *,
        row_number() OVER w AS dup_rank,
        min(line) OVER w   AS dup_of
    FROM staged_checked
    WINDOW w AS (PARTITION BY tid, ts, k, tm, agent_v, to_tm, reason_v, due_ts, channel_v, category_v,
                              complexity_v, priority_v, site_v, customer_v, detail_v ORDER BY line, sub)
), created AS (
    SELECT tid,
           count(*)                AS n_created,
           min(ts)                 AS created_ts,
           min(line)               AS created_line,
           string_agg(line::VARCHAR, ', ' ORDER BY line) AS created_lines
    FROM dup
    WHERE own_problem IS NULL AND dup_rank = 1 AND k = 'created'
    GROUP BY tid
), rowcheck AS (
    SELECT
        d.*,
        c.n_created, c.created_line, c.created_lines,
        CASE
            WHEN d.own_problem IS NOT NULL THEN d.own_problem
            WHEN d.dup_rank = 1 AND c.n_created = 1 AND d.ts < c.created_ts
                THEN format('{} at {} is before the ticket''s created event at {} (line {})',
                            d.k, strftime(d.ts, '%Y-%m-%dT%H:%M:%SZ'), strftime(c.created_ts, '%Y-%m-%dT%H:%M:%SZ'), c.created_line)
        END AS row_problem
    FROM dup d
    LEFT JOIN created c USING (tid)
), ticketcheck AS (
    SELECT
        tid,
        arg_min(line, line) FILTER (WHERE row_problem IS NOT NULL AND (dup_rank = 1 OR own_problem IS NOT NULL)) AS bad_line,
        arg_min(row_problem, line) FILTER (WHERE row_problem IS NOT NULL AND (dup_rank = 1 OR own_problem IS NOT NULL)) AS bad_reason
    FROM rowcheck
    WHERE tid IS NOT NULL
    GROUP BY tid
)
SELECT
    r.*,
    CASE
        WHEN r.row_problem IS NOT NULL THEN r.row_problem
        WHEN r.dup_rank > 1 THEN format('duplicate of line {}', r.dup_of)
        WHEN t.bad_line IS NOT NULL
            THEN format('ticket ''{}'' is refused whole because line {} is invalid: {}', r.tid, t.bad_line, t.bad_reason)
        WHEN r.n_created IS NULL
            THEN format('ticket ''{}'' has no created event; every ticket needs one (it carries channel, category, complexity)', r.tid)
        WHEN r.n_created > 1
            THEN format('ticket ''{}'' has {} created events (lines {}); keep one', r.tid, r.n_created, r.created_lines)
    END AS reject_reason
FROM rowcheck r
LEFT JOIN ticketcheck t USING (tid);
