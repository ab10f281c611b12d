-- activity_map: the mapping's [activities] (events shape) or [ticket_events] kinds (tickets shape).
-- Grain: source activity value. Inputs: none; filled from the mapping (lookup_df).
CREATE OR REPLACE TEMP TABLE activity_map (activity VARCHAR, kind VARCHAR, to_team VARCHAR, reason VARCHAR)
