-- mapped_rows: every source row of a mapped import (event log, ServiceNow, Jira, Zendesk, any CSV)
-- with its instant, canonical kind and team, and the row's own problem (NULL when the row is fine).
-- Grain: one source row part (`line`, `part`; a ticket-shaped row has one part per timestamp column).
-- Inputs: mapped_source (text, built from the mapping), activity_map, team_map; parameters
-- $fmt (strptime format, NULL for ISO 8601), $tz (zone for offset-less values, or NULL),
-- $default_kind, $default_team, $mapping (its name) and the source column names for messages;
-- macro instant_text_problem (ingest/macros: special words, signed years, offsets beyond ±14:00).
CREATE OR REPLACE TEMP TABLE mapped_rows AS
WITH parsed AS (
    SELECT
        s.*,
        CASE WHEN $fmt IS NOT NULL THEN timezone($tz, try_strptime(s.ts_text, $fmt))
             WHEN regexp_matches(s.ts_text, '(Z|z|[+-]\d\d(:?\d\d)?)$') THEN TRY_CAST(s.ts_text AS TIMESTAMPTZ)
             ELSE timezone($tz, TRY_CAST(s.ts_text AS TIMESTAMP)) END            AS ts,
        CASE WHEN $fmt IS NOT NULL THEN timezone($tz, try_strptime(s.created_text, $fmt))
             WHEN regexp_matches(s.created_text, '(Z|z|[+-]\d\d(:?\d\d)?)$') THEN TRY_CAST(s.created_text AS TIMESTAMPTZ)
             ELSE timezone($tz, TRY_CAST(s.created_text AS TIMESTAMP)) END       AS created_ts,
        a.kind     AS a_kind,
        a.to_team  AS a_to_team,
        a.reason   AS a_reason,
        tm.team    AS grp_team,
        tm.level   AS grp_level
    FROM mapped_source s
    LEFT JOIN activity_map a ON a.activity = s.activity
    LEFT JOIN team_map tm ON tm.grp = s.grp
)
SELECT
    * EXCLUDE (ts_col, created_text, a_kind),  -- read only by the checks below
    coalesce(a_kind, $default_kind)                                   AS kind0,
    CASE WHEN grp IS NOT NULL THEN coalesce(grp_team, $default_team) END AS row_team,
    CASE
        WHEN case_id IS NULL
            THEN format('empty {}: every row needs the id of its ticket', $case_col)
        WHEN ts_text IS NULL
            THEN format('empty {}: every event needs a timestamp', ts_col)
        WHEN $fmt IS NULL AND instant_text_problem(ts_text, ts_col || ' value') IS NOT NULL
            THEN instant_text_problem(ts_text, ts_col || ' value')
        WHEN $fmt IS NULL AND instant_text_problem(created_text, $created_col || ' value') IS NOT NULL
            THEN instant_text_problem(created_text, $created_col || ' value')
        WHEN ts IS NULL AND $fmt IS NULL AND $tz IS NULL AND TRY_CAST(ts_text AS TIMESTAMP) IS NOT NULL
            THEN format('timestamp ''{}'' ({}) has no UTC offset; pass --timezone ZONE or set timezone in the mapping', ts_text, ts_col)
        WHEN ts IS NULL
            THEN format('cannot read {} value ''{}'' as a timestamp ({}); pass --date-format if the export uses another format',
                        ts_col, ts_text, coalesce('expected the format ' || $fmt, 'expected ISO 8601'))
        WHEN created_text IS NOT NULL AND created_ts IS NULL
            THEN format('cannot read {} value ''{}'' as a timestamp', $created_col, created_text)
        WHEN activity IS NULL AND $default_kind IS NULL
            THEN format('empty {}: every event needs an activity', $activity_col)
        WHEN a_kind IS NULL AND $default_kind IS NULL
            THEN format('activity ''{}'' is not in the [activities] table of mapping {}; add it (e.g. "{}" = "internal_note") or set rules.default_kind',
                        activity, $mapping, activity)
        WHEN grp IS NOT NULL AND grp_team IS NULL AND $default_team IS NULL
            THEN format('group ''{}'' ({}) is not in the [teams] table of mapping {}; add it (e.g. "{}" = "L1") or set rules.default_team',
                        grp, $group_col, $mapping, grp)
    END AS problem
FROM parsed;
