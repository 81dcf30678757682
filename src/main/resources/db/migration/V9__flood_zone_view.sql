-- One published layer for flood extents: the stored scenarios and the flood events created from them,
-- drawn on the map or uploaded.
CREATE VIEW flood_zone AS
SELECT 'scenario-' || s.code AS id, 'scenario' AS kind, s.code, s.name, s.river_level_m, s.alarm_level, s.water_level_m,
       s.geom, s.geom_3857
FROM flood_scenario s
UNION ALL
SELECT 'event-' || e.id, 'event', e.id::text, e.name, e.river_level_m, e.alarm_level, e.water_level_m, e.geom, e.geom_3857
FROM flood_event e;
