-- The route trees of a plan (PlanStore): per site, the roads its people take to it, merged, as a GeoJSON FeatureCollection.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'properties', json_build_object('site_id', site_id, 'site_code', code, 'people', people),
    'geometry', ST_AsGeoJSON(g, 6)::json) ORDER BY site_id, people), '[]'::json))::text
FROM (SELECT s.site_id, ep.code, s.people, ST_LineMerge(ST_Collect(r.geom)) AS g
      FROM evacuation_route_step s JOIN road r ON r.id = s.edge_id JOIN evacuation_point ep ON ep.id = s.site_id
      WHERE s.plan_id = ? GROUP BY s.site_id, ep.code, s.people) x
