-- team_map: the mapping's [teams] with each group's support line from [levels] (NULL without one).
-- Grain: source group value. Inputs: none; filled from the mapping (lookup_df).
CREATE OR REPLACE TEMP TABLE team_map (grp VARCHAR, team VARCHAR, level INTEGER)
