-- instant_text_problem(v, what): why the text of a timestamp is refused before it is read, or NULL.
-- Grain: one value (a macro, inlined where it is used). Inputs: v, the trimmed text of an instant;
-- what, how the message names it (`at`, `due_at`, `Opened value`).
-- DuckDB reads special words as instants (`epoch` as 1970-01-01, `infinity` / `-infinity` as the
-- ends of time), signed years (`-0044-03-15`) and any UTC offset (`+25:00`); none of them is an
-- instant a helpdesk recorded. The plausible window of years is checked on the instant itself.
-- The first test passes the usual ISO 8601 instant with a real offset at the cost of one match, so
-- the slower tests below run only on the rare other values.
CREATE OR REPLACE TEMP MACRO instant_text_problem(v, what) AS CASE
    WHEN v IS NULL THEN NULL
    WHEN regexp_full_match(v, '\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?\s*(Z|z|[+-](0\d|1[0-3])(:?[0-5]\d)?|[+-]14(:?00)?)?')
        THEN NULL
    WHEN regexp_matches(v, '^\s*[+-]?[A-Za-z]+\s*$')
        THEN format('cannot read {} ''{}'' as a timestamp: special words such as epoch, infinity or now are refused; write the instant in ISO 8601, e.g. 2026-03-02T09:15:00+01:00', what, v)
    WHEN regexp_matches(v, '^\s*[+-]\d')
        THEN format('{} ''{}'' has a signed year; write the instant in ISO 8601 with a four-digit year, e.g. 2026-03-02T09:15:00+01:00', what, v)
    WHEN TRY_CAST(regexp_extract(v, '\d:\d\d(?::\d\d(?:\.\d+)?)?\s*[+-](\d\d):?(\d\d)?\s*$', 2) AS INTEGER) > 59
        THEN format('{} ''{}'' has a UTC offset with more than 59 minutes; correct the offset (e.g. +05:30)', what, v)
    WHEN TRY_CAST(regexp_extract(v, '\d:\d\d(?::\d\d(?:\.\d+)?)?\s*[+-](\d\d):?(\d\d)?\s*$', 1) AS INTEGER) * 60
         + coalesce(TRY_CAST(regexp_extract(v, '\d:\d\d(?::\d\d(?:\.\d+)?)?\s*[+-](\d\d):?(\d\d)?\s*$', 2) AS INTEGER), 0) > 840
        THEN format('{} ''{}'' has a UTC offset beyond ±14:00 (real offsets lie between -12:00 and +14:00); correct the offset', what, v)
END
