-- Communes (both unit sets), districts, villages and models whose names, folded (no diacritics, no punctuation, lower
-- case), hold the folded query or resemble it (trigram similarity, on the indexes of atlas_fold_words). A name equal to
-- the query comes first, then names that hold all of it, then the most similar; the kind of place only breaks ties.
WITH q AS (SELECT atlas_fold_words(?) AS f, ? AS pattern)
SELECT kind, code, name, context, ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n, score, exact, contains FROM (
  SELECT 'commune' AS kind, u.code, u.name, d.name AS context, u.geom::box2d AS b,
         similarity(atlas_fold_words(u.name), q.f) AS score,
         atlas_fold_words(u.short_name) = q.f OR atlas_fold_words(u.name) = q.f AS exact,
         atlas_fold_words(u.name) LIKE q.pattern ESCAPE '\' AS contains
  FROM admin_unit u JOIN admin_unit d ON d.id = u.parent_id, q
  WHERE u.level = 'commune' AND u.valid_to = {reform_date}
    AND (atlas_fold_words(u.name) LIKE q.pattern ESCAPE '\' OR atlas_fold_words(u.name) % q.f)
  UNION ALL
  SELECT 'unit_2025', u.code, u.name, 'từ 1/7/2025', u.geom::box2d, similarity(atlas_fold_words(u.name), q.f),
         atlas_fold_words(u.short_name) = q.f OR atlas_fold_words(u.name) = q.f, atlas_fold_words(u.name) LIKE q.pattern ESCAPE '\'
  FROM admin_unit u, q
  WHERE u.level = 'commune' AND u.valid_from = {reform_date}
    AND (atlas_fold_words(u.name) LIKE q.pattern ESCAPE '\' OR atlas_fold_words(u.name) % q.f)
  UNION ALL
  SELECT 'district', u.code, u.name, 'Quảng Nam', u.geom::box2d, similarity(atlas_fold_words(u.name), q.f),
         atlas_fold_words(u.short_name) = q.f OR atlas_fold_words(u.name) = q.f, atlas_fold_words(u.name) LIKE q.pattern ESCAPE '\'
  FROM admin_unit u, q
  WHERE u.level = 'district' AND (atlas_fold_words(u.name) LIKE q.pattern ESCAPE '\' OR atlas_fold_words(u.name) % q.f)
  UNION ALL
  SELECT 'village', v.code, upper(left(v.kind, 1)) || substr(v.kind, 2) || ' ' || v.name, c.name, v.geom::box2d,
         similarity(atlas_fold_words(v.name), q.f), atlas_fold_words(v.name) = q.f, atlas_fold_words(v.name) LIKE q.pattern ESCAPE '\'
  FROM village v JOIN admin_unit c ON c.id = v.commune_id, q
  WHERE atlas_fold_words(v.name) LIKE q.pattern ESCAPE '\' OR atlas_fold_words(v.name) % q.f
  UNION ALL
  SELECT 'model', m.id::text, m.name, m.host,
         coalesce((SELECT ST_Extent(v.geom) FROM adoption a JOIN village v ON v.id = a.village_id WHERE a.model_id = m.id),
                  (SELECT u.geom::box2d FROM admin_unit u WHERE u.id = m.origin_unit_id)),
         similarity(atlas_fold_words(m.name), q.f), atlas_fold_words(m.name) = q.f, atlas_fold_words(m.name) LIKE q.pattern ESCAPE '\'
  FROM model m, q
  WHERE atlas_fold_words(m.name) LIKE q.pattern ESCAPE '\' OR atlas_fold_words(m.name) % q.f
) r
ORDER BY exact DESC, contains DESC, score DESC,
         CASE kind WHEN 'commune' THEN 0 WHEN 'unit_2025' THEN 1 WHEN 'district' THEN 2 WHEN 'village' THEN 3 ELSE 4 END, name,
         code -- villages of one name in several communes, always in the same order
LIMIT ?
