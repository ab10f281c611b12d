-- mapped_rules: the mapping's rules that the staged view reads (a view takes no parameters).
-- Grain: one row. Parameters $created_mode, $resume, $reopen, $escalation_reason, $intake_team.
CREATE OR REPLACE TEMP TABLE mapped_rules AS
SELECT $created_mode::VARCHAR AS created_mode, $resume::BOOLEAN AS resume, $reopen::BOOLEAN AS reopen,
       $escalation_reason::VARCHAR AS escalation_reason, $intake_team::VARCHAR AS intake_team;
