-- Road closures during a flood: an officer marks a segment closed (flooded, landslide, bridge down) or open again.
-- is_open (V5) is what routing and isolation read; the rest says why, since when and who, for the map and the
-- after-action timeline (the audit log keeps every change).
ALTER TABLE road
    ADD COLUMN closed_reason text CHECK (closed_reason IS NULL OR length(closed_reason) BETWEEN 1 AND 200),
    ADD COLUMN closed_at     timestamptz,
    ADD COLUMN closed_by     text;
CREATE INDEX road_closed_idx ON road (id) WHERE NOT is_open;
