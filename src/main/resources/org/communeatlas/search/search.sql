-- Communes (both unit sets), districts, villages and models whose folded names match the folded query: by LIKE on
-- the trigram indexes or by trigram similarity; exact short names first, then communes, units, districts, villages, models.
WITH q AS (SELECT atlas_fold(?) AS f, ? AS pattern)
SELECT kind, code, name, context, ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n, score, exact FROM (
  SELECT 'commune' AS kind, u.code, u.name, d.name AS context, u.geom::box2d AS b,
         similarity(atlas_fold(u.name), q.f) AS score, atlas_fold(u.short_name) = q.f AS exact
  FROM admin_unit u JOIN admin_unit d ON d.id = u.parent_id, q
  WHERE u.level = 'commune' AND u.valid_to = {reform_date}
    AND (atlas_fold(u.name) LIKE q.pattern ESCAPE '\' OR atlas_fold(u.name) % q.f)
  UNION ALL
  SELECT 'unit_2025', u.code, u.name, 'từ 1/7/2025', u.geom::box2d, similarity(atlas_fold(u.name), q.f), atlas_fold(u.short_name) = q.f
  FROM admin_unit u, q
  WHERE u.level = 'commune' AND u.valid_from = {reform_date}
    AND (atlas_fold(u.name) LIKE q.pattern ESCAPE '\' OR atlas_fold(u.name) % q.f)
  UNION ALL
  SELECT 'district', u.code, u.name, 'Quảng Nam', u.geom::box2d, similarity(atlas_fold(u.name), q.f), atlas_fold(u.short_name) = q.f
  FROM admin_unit u, q
  WHERE u.level = 'district' AND (atlas_fold(u.name) LIKE q.pattern ESCAPE '\' OR atlas_fold(u.name) % q.f)
  UNION ALL
  SELECT 'village', v.code, upper(left(v.kind, 1)) || substr(v.kind, 2) || ' ' || v.name, c.name, v.geom::box2d, similarity(atlas_fold(v.name), q.f), atlas_fold(v.name) = q.f
  FROM village v JOIN admin_unit c ON c.id = v.commune_id, q
  WHERE atlas_fold(v.name) LIKE q.pattern ESCAPE '\' OR atlas_fold(v.name) % q.f
  UNION ALL
  SELECT 'model', m.id::text, m.name, m.host,
         coalesce((SELECT ST_Extent(v.geom) FROM adoption a JOIN village v ON v.id = a.village_id WHERE a.model_id = m.id),
                  (SELECT u.geom::box2d FROM admin_unit u WHERE u.id = m.origin_unit_id)),
         similarity(atlas_fold(m.name), q.f), atlas_fold(m.name) = q.f
  FROM model m, q
  WHERE atlas_fold(m.name) LIKE q.pattern ESCAPE '\' OR atlas_fold(m.name) % q.f
) r
ORDER BY exact DESC, CASE kind WHEN 'commune' THEN 0 WHEN 'unit_2025' THEN 1 WHEN 'district' THEN 2 WHEN 'village' THEN 3 ELSE 4 END,
         score DESC, name
LIMIT ?
