-- attr_default: each mapped attribute's default value and whether it has a value map.
-- Grain: attribute. Inputs: none; filled from the mapping (lookup_df).
CREATE OR REPLACE TEMP TABLE attr_default (attr VARCHAR, value VARCHAR, has_map BOOLEAN)
