-- attr_map: the value maps of the mapping's [attributes.<name>.map] tables.
-- Grain: (attribute, source value). Inputs: none; filled from the mapping (lookup_df).
CREATE OR REPLACE TEMP TABLE attr_map (attr VARCHAR, src VARCHAR, value VARCHAR)
