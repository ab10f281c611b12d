-- unmapped_groups: up to six source groups that the mapping's [teams] lacks (counted as its
-- rules.default_team), for the import's notes. Grain: group value. Inputs: mapped_rows.
SELECT DISTINCT grp
FROM mapped_rows
WHERE grp IS NOT NULL AND grp_team IS NULL
ORDER BY grp
LIMIT 6
