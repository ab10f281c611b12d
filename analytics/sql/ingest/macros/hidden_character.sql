-- hidden_character(v): the first control or invisible character of a value as `U+XXXX at position N`,
-- or NULL when it has none.
-- Grain: one value (a macro, inlined where it is used). Inputs: v, an id or a name.
-- Unicode categories Cc (controls, NUL included), Cf (format: right-to-left marks U+200F / U+202E,
-- zero-width U+200B, U+FEFF), Zl and Zp (line and paragraph separators), as for dataset names
-- (analytics/store/names.py): two ids that print alike must be equal.
CREATE OR REPLACE TEMP MACRO hidden_character(v) AS CASE
    WHEN regexp_matches(v, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]')
        THEN printf('U+%04X at position %d',
                    unicode(regexp_extract(v, '[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]')),
                    length(regexp_extract(v, '^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*')) + 1)
END
