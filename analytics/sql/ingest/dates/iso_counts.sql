-- iso_counts: how many distinct values there are, how many read as ISO 8601, how many carry a UTC offset.
-- Grain: one row. Inputs: date_values; parameters ? = the ISO 8601 pattern, the offset pattern.
SELECT
    count(*),
    count(*) FILTER (WHERE regexp_matches(v, ?) AND TRY_CAST(v AS TIMESTAMPTZ) IS NOT NULL),
    count(*) FILTER (WHERE regexp_matches(v, ?))
FROM date_values
