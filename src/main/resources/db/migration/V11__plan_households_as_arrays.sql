-- Per plan, every household that had to move: its site and route length, or why it has none. Stored as one
-- row of parallel arrays per plan (a plan for 100,000 households is written in a tenth of the time rows take)
-- and read through a view of the old table's name as one row per household. A plan is a record of a
-- decision: no foreign keys to households and sites, whose checks would also lock every household it names.
CREATE TABLE evacuation_plan_household (
    plan_id      integer PRIMARY KEY REFERENCES evacuation_plan (id) ON DELETE CASCADE,
    household_id bigint[]   NOT NULL,
    site_id      integer[]  NOT NULL,       -- NULL where the household has no site
    start_node   bigint[]   NOT NULL,       -- where the route joins the dry road network (NULL: nowhere)
    water_m      real[]     NOT NULL,       -- a flooded household's way through the water to that node, straight
    distance_m   real[]     NOT NULL,       -- along dry roads from the start node to the site
    priority     smallint[] NOT NULL,       -- 1 = vulnerable members, served first; 2 = the others
    reason       text[]     NOT NULL,       -- flooded, isolated, weak_house
    unassigned   text[]     NOT NULL,       -- no_dry_route, no_room; NULL where placed
    CHECK (cardinality(site_id) = cardinality(household_id) AND cardinality(start_node) = cardinality(household_id)
           AND cardinality(water_m) = cardinality(household_id) AND cardinality(distance_m) = cardinality(household_id)
           AND cardinality(priority) = cardinality(household_id) AND cardinality(reason) = cardinality(household_id)
           AND cardinality(unassigned) = cardinality(household_id))
);
-- the arrays are read whole; compressing them on write costs more than it saves
ALTER TABLE evacuation_plan_household ALTER household_id SET STORAGE EXTERNAL, ALTER site_id SET STORAGE EXTERNAL,
    ALTER start_node SET STORAGE EXTERNAL, ALTER water_m SET STORAGE EXTERNAL, ALTER distance_m SET STORAGE EXTERNAL,
    ALTER priority SET STORAGE EXTERNAL, ALTER reason SET STORAGE EXTERNAL, ALTER unassigned SET STORAGE EXTERNAL;

-- plans already made keep every household they placed
INSERT INTO evacuation_plan_household
SELECT plan_id, array_agg(household_id ORDER BY household_id), array_agg(site_id ORDER BY household_id),
       array_agg(start_node ORDER BY household_id), array_agg(water_m ORDER BY household_id),
       array_agg(distance_m ORDER BY household_id), array_agg(priority ORDER BY household_id),
       array_agg(reason ORDER BY household_id), array_agg(unassigned ORDER BY household_id)
FROM evacuation_assignment GROUP BY plan_id;

DROP TABLE evacuation_assignment;

CREATE VIEW evacuation_assignment AS
SELECT p.plan_id, u.household_id, u.site_id, u.start_node, u.water_m, u.distance_m, u.priority, u.reason, u.unassigned
FROM evacuation_plan_household p,
     unnest(p.household_id, p.site_id, p.start_node, p.water_m, p.distance_m, p.priority, p.reason, p.unassigned)
         AS u (household_id, site_id, start_node, water_m, distance_m, priority, reason, unassigned);

-- A database that held households before version 10 gets them joined to the road network now.
SELECT atlas_snap_to_roads();
