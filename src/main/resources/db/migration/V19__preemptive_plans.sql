-- Pre-emptive plans (sơ tán phòng tránh): per household, the alarm level at which its place or its road floods first —
-- the order in which families must leave. NULL for plans made during the flood.
ALTER TABLE evacuation_plan_household ADD COLUMN alarm_level smallint[]
    CHECK (alarm_level IS NULL OR cardinality(alarm_level) = cardinality(household_id));

CREATE OR REPLACE VIEW evacuation_assignment AS
SELECT p.plan_id, u.household_id, u.site_id, u.start_node, u.water_m, u.distance_m, u.priority, u.reason, u.unassigned, u.alarm_level
FROM evacuation_plan_household p,
     unnest(p.household_id, p.site_id, p.start_node, p.water_m, p.distance_m, p.priority, p.reason, p.unassigned, p.alarm_level)
         AS u (household_id, site_id, start_node, water_m, distance_m, priority, reason, unassigned, alarm_level);
