-- Where households and evacuation points join the road network: the nearest road node, found by PostGIS's
-- KNN index when a row is written (a bulk load may fill it itself). Isolation and routing start there.
ALTER TABLE household ADD COLUMN road_node_id bigint REFERENCES road_node (id) ON DELETE SET NULL;
ALTER TABLE evacuation_point ADD COLUMN road_node_id bigint REFERENCES road_node (id) ON DELETE SET NULL;
CREATE INDEX household_road_node_idx ON household (road_node_id);

CREATE FUNCTION atlas_nearest_road_node(g geometry) RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT n.id FROM road_node n ORDER BY n.geom <-> g LIMIT 1
$$;

CREATE FUNCTION atlas_snap_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.road_node_id := atlas_nearest_road_node(NEW.geom);
    RETURN NEW;
END $$;

CREATE TRIGGER household_snap BEFORE INSERT ON household
    FOR EACH ROW WHEN (NEW.road_node_id IS NULL) EXECUTE FUNCTION atlas_snap_row();
CREATE TRIGGER household_resnap BEFORE UPDATE OF geom ON household
    FOR EACH ROW WHEN (NOT ST_Equals(OLD.geom, NEW.geom)) EXECUTE FUNCTION atlas_snap_row();
CREATE TRIGGER evacuation_point_snap BEFORE INSERT ON evacuation_point
    FOR EACH ROW WHEN (NEW.road_node_id IS NULL) EXECUTE FUNCTION atlas_snap_row();
CREATE TRIGGER evacuation_point_resnap BEFORE UPDATE OF geom ON evacuation_point
    FOR EACH ROW WHEN (NOT ST_Equals(OLD.geom, NEW.geom)) EXECUTE FUNCTION atlas_snap_row();

-- After the road network itself changes (an import), every point is snapped again.
CREATE FUNCTION atlas_snap_to_roads() RETURNS void LANGUAGE sql AS $$
    UPDATE household h SET road_node_id = atlas_nearest_road_node(h.geom)
        WHERE road_node_id IS DISTINCT FROM atlas_nearest_road_node(h.geom);
    UPDATE evacuation_point p SET road_node_id = atlas_nearest_road_node(p.geom)
        WHERE road_node_id IS DISTINCT FROM atlas_nearest_road_node(p.geom);
$$;

-- Evacuation plans: who goes where. A plan belongs to a flood event; the newest one is "the" plan.
CREATE TABLE evacuation_plan (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flood_id       integer NOT NULL REFERENCES flood_event (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    created_by     text,
    options        jsonb   NOT NULL,
    method         text    NOT NULL,
    households     integer NOT NULL,        -- households that had to move
    assigned       integer NOT NULL,
    people_assigned integer NOT NULL,
    cost_person_m  bigint  NOT NULL,        -- Σ members × route length over the assigned households
    lower_bound_person_m bigint NOT NULL,   -- the min-cost flow's optimum over people, families may split
    solve_ms       integer NOT NULL,
    summary        jsonb   NOT NULL
);
CREATE INDEX evacuation_plan_flood_idx ON evacuation_plan (flood_id, id);

-- One row per household that had to move: its site and route length, or why it has none.
CREATE TABLE evacuation_assignment (
    plan_id      integer NOT NULL REFERENCES evacuation_plan (id) ON DELETE CASCADE,
    household_id bigint  NOT NULL REFERENCES household (id) ON DELETE CASCADE,
    site_id      integer REFERENCES evacuation_point (id) ON DELETE SET NULL,
    start_node   bigint,                     -- where the route joins the dry road network
    water_m      real,                       -- a flooded household's way through the water to that node, straight
    distance_m   real,                       -- along dry roads from the start node to the site
    priority     smallint NOT NULL,          -- 1 = vulnerable members, served first
    reason       text CHECK (reason IN ('flooded', 'isolated', 'weak_house')),
    unassigned   text CHECK (unassigned IN ('no_dry_route', 'no_room')),
    PRIMARY KEY (plan_id, household_id),
    CHECK ((site_id IS NULL) = (unassigned IS NOT NULL))
);
CREATE INDEX evacuation_assignment_site_idx ON evacuation_assignment (plan_id, site_id);

-- The shortest-path trees the routes follow: for each site, each road node on a route, the edge towards
-- the site and the node beyond it. A household's route walks from its start node to the site.
CREATE TABLE evacuation_route_step (
    plan_id    integer NOT NULL REFERENCES evacuation_plan (id) ON DELETE CASCADE,
    site_id    integer NOT NULL,
    node_id    bigint  NOT NULL,
    edge_id    bigint  NOT NULL,
    next_node  bigint  NOT NULL,
    people     integer NOT NULL,             -- people whose route uses this edge
    PRIMARY KEY (plan_id, site_id, node_id)
);
