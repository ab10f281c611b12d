-- same_readings: how many values two formats read as the same instant (all: no real ambiguity).
-- Grain: one row. Inputs: date_values; parameters ? = the two formats.
SELECT count(*)
FROM date_values
WHERE try_strptime(v, ?) = try_strptime(v, ?)
