-- The road edges a scenario cuts (ScenarioStore): any edge touching the water, merged per road class, as GeoJSON.
WITH f AS (SELECT ST_Subdivide(geom, 255) AS g FROM flood_scenario WHERE code = ?),
     cut AS (SELECT DISTINCT r.id, r.road_class, r.geom FROM road r JOIN f ON r.geom && f.g AND ST_Intersects(r.geom, f.g))
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'properties', json_build_object('road_class', road_class, 'edges', n, 'length_m', round(len::numeric)),
    'geometry', ST_AsGeoJSON(g, 6)::json) ORDER BY road_class), '[]'::json))::text,
    (SELECT count(*) FROM flood_scenario WHERE code = ?)
FROM (SELECT road_class, count(*) AS n, sum(ST_Length(geom::geography)) AS len, ST_Collect(geom) AS g FROM cut GROUP BY road_class) x
