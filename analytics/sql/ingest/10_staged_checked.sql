-- staged_checked: every staged source row with its values trimmed and parsed, and its own problem.
-- Grain: one staged row (`line`, `sub`: an adapter may derive several events from one source line).
-- Inputs: `staged` (text columns from any importer; `at_ts` is the instant when the adapter already
-- read it, else NULL and `at` is parsed here; `problem` is the adapter's own finding), parameters
-- $tz (IANA zone for offset-less timestamps, or NULL), $teams (team ids of the policy),
-- $kinds, $channels, $complexities (canonical vocabularies), $earliest and $latest (the plausible
-- window of instants, analytics/instants.py); macros instant_text_problem and hidden_character
-- (ingest/macros).
-- `problem` is NULL for a row that is valid on its own; ticket-level checks come next.
-- Values are trimmed only when they need it (trimming every value is the costly part of this pass).
CREATE OR REPLACE TEMP TABLE staged_checked AS
WITH t AS (
    SELECT
        line,
        coalesce(sub, 0)                              AS sub,
        problem                                       AS adapter_problem,
        CASE WHEN ticket_id LIKE ' %' OR ticket_id LIKE '% ' OR ticket_id = '' THEN nullif(trim(ticket_id), '') ELSE ticket_id END AS tid,
        at_ts                                         AS given_ts,
        CASE WHEN at_ts IS NULL THEN nullif(trim("at"), '') END AS at_text,
        CASE WHEN list_contains($kinds, kind) THEN kind ELSE lower(nullif(trim(kind), '')) END AS k,
        CASE WHEN team LIKE ' %' OR team LIKE '% ' OR team = '' THEN nullif(trim(team), '') ELSE team END AS tm,
        CASE WHEN agent LIKE ' %' OR agent LIKE '% ' OR agent = '' THEN nullif(trim(agent), '') ELSE agent END AS agent_v,
        CASE WHEN to_team LIKE ' %' OR to_team LIKE '% ' OR to_team = '' THEN nullif(trim(to_team), '') ELSE to_team END AS to_tm,
        CASE WHEN reason LIKE ' %' OR reason LIKE '% ' OR reason = '' THEN nullif(trim(reason), '') ELSE reason END AS reason_v,
        CASE WHEN due_at LIKE ' %' OR due_at LIKE '% ' OR due_at = '' THEN nullif(trim(due_at), '') ELSE due_at END AS due_text,
        CASE WHEN list_contains($channels, channel) THEN channel ELSE lower(nullif(trim(channel), '')) END AS channel_v,
        CASE WHEN category LIKE ' %' OR category LIKE '% ' OR category = '' THEN nullif(trim(category), '') ELSE category END AS category_v,
        CASE WHEN list_contains($complexities, complexity) THEN complexity ELSE lower(nullif(trim(complexity), '')) END AS complexity_v,
        CASE WHEN priority LIKE ' %' OR priority LIKE '% ' OR priority = '' THEN nullif(trim(priority), '') ELSE priority END AS priority_v,
        CASE WHEN site LIKE ' %' OR site LIKE '% ' OR site = '' THEN nullif(trim(site), '') ELSE site END AS site_v,
        CASE WHEN customer LIKE ' %' OR customer LIKE '% ' OR customer = '' THEN nullif(trim(customer), '') ELSE customer END AS customer_v,
        nullif(detail, '')                            AS detail_v
    FROM staged
), parsed AS (
    SELECT
        *,
        regexp_matches(at_text, '\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|z|[+-]\d\d(:?\d\d)?)$')  AS at_offset,
        regexp_matches(due_text, '\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|z|[+-]\d\d(:?\d\d)?)$') AS due_offset,
        instant_text_problem(at_text, 'at')                                               AS at_word,
        instant_text_problem(due_text, 'due_at')                                          AS due_word,
        -- one match over the four names, so that the per-name tests run only on the rare row with one
        regexp_matches(concat_ws(' ', tid, tm, to_tm, agent_v), '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]')   AS hidden_any
    FROM t
), instants AS (
    SELECT
        *,
        CASE WHEN given_ts IS NOT NULL THEN given_ts
             WHEN at_offset THEN TRY_CAST(at_text AS TIMESTAMPTZ)
             WHEN $tz IS NOT NULL THEN timezone($tz, TRY_CAST(at_text AS TIMESTAMP)) END AS ts,
        CASE WHEN due_offset THEN TRY_CAST(due_text AS TIMESTAMPTZ)
             WHEN $tz IS NOT NULL THEN timezone($tz, TRY_CAST(due_text AS TIMESTAMP)) END AS due_ts
    FROM parsed
)
SELECT
    line, sub, tid, ts, k, tm, agent_v, to_tm, reason_v, due_ts, channel_v, category_v, complexity_v,
    priority_v, site_v, customer_v, detail_v,
    CASE
        WHEN adapter_problem IS NOT NULL THEN adapter_problem
        WHEN tid IS NULL THEN 'empty ticket_id: every row needs the id of its ticket'
        WHEN hidden_any AND hidden_character(tid) IS NOT NULL
            THEN format('ticket_id ''{}'' contains a control or invisible character ({}); remove it, so that ids that look alike are alike',
                        regexp_replace(tid, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?', 'g'), hidden_character(tid))
        WHEN given_ts IS NULL AND at_text IS NULL THEN 'empty at: every event needs a timestamp'
        WHEN at_word IS NOT NULL THEN at_word
        WHEN NOT at_offset AND $tz IS NULL AND TRY_CAST(at_text AS TIMESTAMP) IS NOT NULL
            THEN format('timestamp ''{}'' has no UTC offset; add one (e.g. 2026-03-02T09:15:00+01:00) or pass --timezone ZONE', at_text)
        WHEN ts IS NULL
            THEN format('cannot read at ''{}'' as a timestamp; expected ISO 8601 with a UTC offset, e.g. 2026-03-02T09:15:00+01:00', at_text)
        WHEN isinf(ts) OR ts < $earliest OR ts > $latest
            THEN format('at ''{}'' lies outside the plausible window {} to {}; correct the row, or widen the window with --earliest / --latest',
                        coalesce(at_text, strftime(ts, '%Y-%m-%dT%H:%M:%SZ')), strftime($earliest, '%Y-%m-%d'), strftime($latest, '%Y-%m-%d'))
        WHEN k IS NULL THEN 'empty kind: every row needs an event kind'
        WHEN NOT list_contains($kinds, k)
            THEN format('unknown event kind ''{}''; expected one of: {}', k, array_to_string($kinds, ', '))
        WHEN hidden_any AND hidden_character(tm) IS NOT NULL
            THEN format('team ''{}'' contains a control or invisible character ({}); remove it',
                        regexp_replace(tm, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?', 'g'), hidden_character(tm))
        WHEN hidden_any AND hidden_character(to_tm) IS NOT NULL
            THEN format('to_team ''{}'' contains a control or invisible character ({}); remove it',
                        regexp_replace(to_tm, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?', 'g'), hidden_character(to_tm))
        WHEN hidden_any AND hidden_character(agent_v) IS NOT NULL
            THEN format('agent ''{}'' contains a control or invisible character ({}); remove it',
                        regexp_replace(agent_v, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]', '?', 'g'), hidden_character(agent_v))
        WHEN tm IS NOT NULL AND NOT list_contains($teams, tm)
            THEN format('unknown team ''{}'' (teams in the policy: {}); add it to the policy or correct the row', tm, array_to_string($teams, ', '))
        WHEN to_tm IS NOT NULL AND NOT list_contains($teams, to_tm)
            THEN format('unknown to_team ''{}'' (teams in the policy: {}); add it to the policy or correct the row', to_tm, array_to_string($teams, ', '))
        WHEN k IN ('escalated', 'approval_requested') AND to_tm IS NULL
            THEN format('''{}'' event without to_team: name the team the ticket goes to', k)
        WHEN due_word IS NOT NULL THEN due_word
        WHEN due_text IS NOT NULL AND NOT due_offset AND $tz IS NULL AND TRY_CAST(due_text AS TIMESTAMP) IS NOT NULL
            THEN format('due_at ''{}'' has no UTC offset; add one or pass --timezone ZONE', due_text)
        WHEN due_text IS NOT NULL AND due_ts IS NULL
            THEN format('cannot read due_at ''{}'' as a timestamp; expected ISO 8601 with a UTC offset', due_text)
        WHEN isinf(due_ts) OR due_ts < $earliest OR due_ts > $latest
            THEN format('due_at ''{}'' lies outside the plausible window {} to {}; correct the row, or widen the window with --earliest / --latest',
                        due_text, strftime($earliest, '%Y-%m-%d'), strftime($latest, '%Y-%m-%d'))
        WHEN k = 'estimate' AND due_ts IS NULL
            THEN 'estimate event without due_at: give the promised completion time'
        WHEN k = 'created' AND channel_v IS NULL
            THEN format('created event without channel: use one of {}', array_to_string($channels, ', '))
        WHEN k = 'created' AND NOT list_contains($channels, channel_v)
            THEN format('unknown channel ''{}''; use one of {}', channel_v, array_to_string($channels, ', '))
        WHEN k = 'created' AND complexity_v IS NOT NULL AND NOT list_contains($complexities, complexity_v)
            THEN format('unknown complexity ''{}''; use one of {} or leave it empty', complexity_v, array_to_string($complexities, ', '))
    END AS own_problem
FROM instants;
