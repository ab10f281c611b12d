-- staged_verdict: the final verdict for every staged row: accepted (reject_reason NULL) or refused.
-- Grain: one source row. Inputs: staged_checked.
-- Rules: an exact duplicate of an earlier row is refused on its own; a ticket with any invalid row,
-- no `created` event, several `created` events, or an event before its `created` is refused whole
-- (its other rows too), so that no ticket is ever imported with a partial history.
-- Only the refused rows are worked out here (`staged_rejected`, keyed by the row's rowid in
-- staged_checked); `staged_verdict` is staged_checked with their reasons, every other row accepted.
-- Two cheap passes find the suspects: exact duplicates are looked for only among rows that share
-- ticket, instant and kind with another row (a hash of the three), and one aggregate per ticket
-- finds the tickets that break a rule. Only the rows of those tickets (and rows with a problem of
-- their own) are looked at row by row.
CREATE OR REPLACE TEMP TABLE staged_dup AS
WITH same_hash AS (
    SELECT hash(tid, ts, k) AS h FROM staged_checked GROUP BY h HAVING count(*) > 1
)
SELECT rid, dup_of
FROM (
    SELECT
        rowid               AS rid,
        row_number() OVER w AS dup_rank,
        min(line) OVER w    AS dup_of
    FROM staged_checked
    WHERE hash(tid, ts, k) IN (SELECT h FROM same_hash)
    WINDOW w AS (PARTITION BY tid, ts, k, tm, agent_v, to_tm, reason_v, due_ts, channel_v, category_v,
                              complexity_v, priority_v, site_v, customer_v, detail_v ORDER BY line, sub)
)
WHERE dup_rank > 1;

CREATE OR REPLACE TEMP TABLE staged_rejected AS
WITH per_ticket AS (
    -- valid, non-duplicate rows only: their `created` count and instant, and their earliest instant
    SELECT tid,
           count(*) FILTER (WHERE k = 'created') AS n_created,
           min(ts) FILTER (WHERE k = 'created')  AS created_ts,
           min(line) FILTER (WHERE k = 'created') AS created_line,
           min(ts)                               AS first_ts
    FROM staged_checked
    WHERE own_problem IS NULL AND rowid NOT IN (SELECT rid FROM staged_dup)
    GROUP BY tid
), suspect AS (
    -- tickets that break a rule, or have a row with a problem or a duplicate
    SELECT tid FROM per_ticket WHERE n_created <> 1 OR first_ts < created_ts
    UNION
    SELECT tid FROM staged_checked WHERE own_problem IS NOT NULL AND tid IS NOT NULL
    UNION
    SELECT s.tid FROM staged_checked s SEMI JOIN staged_dup d ON d.rid = s.rowid
), created AS (
    -- n_created is NULL for a ticket without a valid `created` row
    SELECT tid, nullif(n_created, 0) AS n_created, created_ts, created_line
    FROM per_ticket WHERE tid IN (SELECT tid FROM suspect)
), rows_ AS (
    SELECT rowid AS rid, * FROM staged_checked
    WHERE tid IN (SELECT tid FROM suspect) OR own_problem IS NOT NULL
), flagged AS (
    -- rows with a problem of their own, duplicates, rows before their ticket's `created`, and the
    -- rows of tickets without exactly one `created`
    SELECT
        s.rid, s.line, s.tid, d.dup_of, c.n_created,
        CASE
            WHEN s.own_problem IS NOT NULL THEN s.own_problem
            WHEN d.rid IS NULL AND c.n_created = 1 AND s.ts < c.created_ts
                THEN format('{} at {} is before the ticket''s created event at {} (line {})',
                            s.k, strftime(s.ts, '%Y-%m-%dT%H:%M:%SZ'), strftime(c.created_ts, '%Y-%m-%dT%H:%M:%SZ'), c.created_line)
        END AS row_problem
    FROM rows_ s
    LEFT JOIN created c ON c.tid = s.tid
    LEFT JOIN staged_dup d ON d.rid = s.rid
    WHERE s.own_problem IS NOT NULL OR d.rid IS NOT NULL OR c.n_created IS DISTINCT FROM 1 OR s.ts < c.created_ts
), ticketcheck AS (
    SELECT
        tid,
        arg_min(line, line)        AS bad_line,
        arg_min(row_problem, line) AS bad_reason
    FROM flagged
    WHERE row_problem IS NOT NULL AND tid IS NOT NULL
    GROUP BY tid
), created_lines AS (
    SELECT tid, string_agg(line::VARCHAR, ', ' ORDER BY line) AS created_lines
    FROM rows_
    WHERE own_problem IS NULL AND k = 'created' AND rid NOT IN (SELECT rid FROM staged_dup)
      AND tid IN (SELECT tid FROM created WHERE n_created > 1)
    GROUP BY tid
)
SELECT
    f.rid,
    CASE
        WHEN f.row_problem IS NOT NULL THEN f.row_problem
        WHEN f.dup_of IS NOT NULL THEN format('duplicate of line {}', f.dup_of)
        WHEN t.bad_line IS NOT NULL
            THEN format('ticket ''{}'' is refused whole because line {} is invalid: {}', f.tid, t.bad_line, t.bad_reason)
        WHEN f.n_created IS NULL
            THEN format('ticket ''{}'' has no created event; every ticket needs one (it carries channel, category, complexity)', f.tid)
        WHEN f.n_created > 1
            THEN format('ticket ''{}'' has {} created events (lines {}); keep one', f.tid, f.n_created, cl.created_lines)
    END AS reject_reason
FROM flagged f
LEFT JOIN ticketcheck t ON t.tid = f.tid
LEFT JOIN created_lines cl ON cl.tid = f.tid
UNION ALL
-- the other rows of a ticket refused whole (one `created`, no problem of their own, not duplicates)
SELECT s.rid, format('ticket ''{}'' is refused whole because line {} is invalid: {}', s.tid, t.bad_line, t.bad_reason)
FROM rows_ s
JOIN ticketcheck t ON t.tid = s.tid
WHERE s.rid NOT IN (SELECT rid FROM flagged);

CREATE OR REPLACE TEMP VIEW staged_verdict AS
SELECT s.*, r.reject_reason
FROM staged_checked s
LEFT JOIN staged_rejected r ON r.rid = s.rowid;
