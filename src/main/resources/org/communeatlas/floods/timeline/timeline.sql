-- The timeline of a flood from the audit log (TimelineStore): the entry of the flood itself, road closures and openings,
-- check-ins, and the calls for help and plans of this flood; from the creation of the flood on, oldest first; with the commune of each.
SELECT a.id, a.at, a.username, a.action, a.entity, a.entity_id, a.before::text, a.after::text,
       CASE WHEN a.action = 'household_status' THEN (SELECT v.commune_id FROM household h JOIN village v ON v.id = h.village_id
                                                     WHERE h.id::text = a.entity_id)
            WHEN a.action IN ('sos_create', 'sos_change') THEN (SELECT s.commune_id FROM sos_request s WHERE s.id::text = a.entity_id)
       END
FROM audit_log a, flood_event f
WHERE f.id = ? AND a.at >= f.created_at
  AND ((a.action = 'flood_create' AND a.entity_id = f.id::text)
       OR a.action IN ('road_close', 'road_open', 'household_status')
       OR (a.action IN ('sos_create', 'sos_change')
           AND EXISTS (SELECT 1 FROM sos_request s WHERE s.id::text = a.entity_id AND s.flood_id = f.id))
       OR (a.action = 'plan_create' AND a.after ->> 'flood_id' = f.id::text))
ORDER BY a.at, a.id LIMIT ?
