-- Tiles of households without a join or an aggregate over every row.
--
-- 1. A household carries its village's code and name and its commune (id and code), kept by triggers: set when
--    the household is written, followed when a village is renamed, recoded or moved to another commune, and when a
--    commune is recoded. A tile of households reads one table.
-- 2. household_cell keeps, for the cluster levels 8–14, how many households (and people, and of each status) lie in
--    each cell, with the sums of their coordinates (the cluster's point is their mean). A cell of level z is a tile
--    of zoom z + 4: 16 × 16 cells to a tile of zoom z, and the cell (z - 4, x, y) is the whole tile z/x/y. A statement
--    trigger applies each write's difference, so a cluster tile reads at most 256 rows whatever the number of
--    households, and the count of a tile from zoom 12 to 18 is one row.

ALTER TABLE household
    ADD COLUMN village_code text,
    ADD COLUMN village_name text,
    ADD COLUMN commune_id   integer,
    ADD COLUMN commune_code text;

UPDATE household h
SET village_code = v.code, village_name = v.name, commune_id = v.commune_id, commune_code = c.code
FROM village v JOIN admin_unit c ON c.id = v.commune_id
WHERE v.id = h.village_id;

ALTER TABLE household
    ALTER COLUMN village_code SET NOT NULL,
    ALTER COLUMN village_name SET NOT NULL,
    ALTER COLUMN commune_id SET NOT NULL,
    ALTER COLUMN commune_code SET NOT NULL;
CREATE INDEX household_commune_idx ON household (commune_id);

-- The copies are the village's and the commune's, whatever a writer put in them.
CREATE FUNCTION atlas_household_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT v.code, v.name, v.commune_id, c.code
    INTO NEW.village_code, NEW.village_name, NEW.commune_id, NEW.commune_code
    FROM village v JOIN admin_unit c ON c.id = v.commune_id
    WHERE v.id = NEW.village_id;
    RETURN NEW;
END $$;

CREATE TRIGGER household_place_ins BEFORE INSERT ON household
    FOR EACH ROW EXECUTE FUNCTION atlas_household_place();
CREATE TRIGGER household_place_upd BEFORE UPDATE OF village_id, village_code, village_name, commune_id, commune_code ON household
    FOR EACH ROW EXECUTE FUNCTION atlas_household_place();

CREATE FUNCTION atlas_village_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE household h
    SET village_code = NEW.code, village_name = NEW.name, commune_id = NEW.commune_id,
        commune_code = (SELECT c.code FROM admin_unit c WHERE c.id = NEW.commune_id)
    WHERE h.village_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER village_place AFTER UPDATE OF code, name, commune_id ON village
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.name IS DISTINCT FROM NEW.name
                       OR OLD.commune_id IS DISTINCT FROM NEW.commune_id)
    EXECUTE FUNCTION atlas_village_place();

CREATE FUNCTION atlas_commune_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE household SET commune_code = NEW.code WHERE commune_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER admin_unit_place AFTER UPDATE OF code ON admin_unit
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION atlas_commune_place();

CREATE TABLE household_cell (
    z          smallint NOT NULL,
    cx         integer  NOT NULL,
    cy         integer  NOT NULL,
    households integer  NOT NULL,
    people     integer  NOT NULL,
    safe       integer  NOT NULL,
    at_risk    integer  NOT NULL,
    isolated   integer  NOT NULL,
    evacuated  integer  NOT NULL,
    supplied   integer  NOT NULL,
    sum_x      double precision NOT NULL,   -- EPSG:3857 metres
    sum_y      double precision NOT NULL,
    PRIMARY KEY (z, cx, cy)
);

-- The cells of level z a point in EPSG:3857 falls in (the tile of zoom z + 4 that holds it).
CREATE FUNCTION atlas_cell_x(x double precision, z integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least(greatest(floor((x + 20037508.342789244) / (40075016.685578488 / (1 << (z + 4))))::integer, 0), (1 << (z + 4)) - 1)
$$;
CREATE FUNCTION atlas_cell_y(y double precision, z integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least(greatest(floor((20037508.342789244 - y) / (40075016.685578488 / (1 << (z + 4))))::integer, 0), (1 << (z + 4)) - 1)
$$;

-- Adds the rows of a write (+1) and takes away the rows it replaced (-1), one upsert per touched cell, in key
-- order so that concurrent writers lock cells in the same order. It runs as the owner: the roles that write
-- households may read the counts but never set them.
CREATE FUNCTION atlas_household_cells() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    source text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM household_cell;
        RETURN NULL;
    END IF;
    source := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT geom_3857 AS g, members AS m, status AS st, 1 AS s FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT geom_3857 AS g, members AS m, status AS st, -1 AS s FROM old_rows'
        ELSE 'SELECT geom_3857 AS g, members AS m, status AS st, 1 AS s FROM new_rows '
             'UNION ALL SELECT geom_3857, members, status, -1 FROM old_rows' END;
    EXECUTE 'WITH d AS (' || source || '), k AS ('
        || ' SELECT z, atlas_cell_x(ST_X(d.g), z) AS cx, atlas_cell_y(ST_Y(d.g), z) AS cy, d.* FROM d, generate_series(8, 14) AS z)'
        || ' INSERT INTO household_cell AS c (z, cx, cy, households, people, safe, at_risk, isolated, evacuated, supplied, sum_x, sum_y)'
        || ' SELECT z, cx, cy, sum(s), sum(s * m),'
        || ' coalesce(sum(s) FILTER (WHERE st = ''safe''), 0), coalesce(sum(s) FILTER (WHERE st = ''at_risk''), 0),'
        || ' coalesce(sum(s) FILTER (WHERE st = ''isolated''), 0), coalesce(sum(s) FILTER (WHERE st = ''evacuated''), 0),'
        || ' coalesce(sum(s) FILTER (WHERE st = ''supplied''), 0), sum(s * ST_X(g)), sum(s * ST_Y(g))'
        || ' FROM k GROUP BY z, cx, cy'
        -- rows that changed nothing counted here (a new phone number) leave the cells alone
        || ' HAVING sum(s) <> 0 OR sum(s * m) <> 0 OR sum(s * ST_X(g)) <> 0 OR sum(s * ST_Y(g)) <> 0'
        || '     OR coalesce(sum(s) FILTER (WHERE st = ''safe''), 0) <> 0 OR coalesce(sum(s) FILTER (WHERE st = ''at_risk''), 0) <> 0'
        || '     OR coalesce(sum(s) FILTER (WHERE st = ''isolated''), 0) <> 0 OR coalesce(sum(s) FILTER (WHERE st = ''evacuated''), 0) <> 0'
        || '     OR coalesce(sum(s) FILTER (WHERE st = ''supplied''), 0) <> 0'
        || ' ORDER BY z, cx, cy'
        || ' ON CONFLICT (z, cx, cy) DO UPDATE SET households = c.households + excluded.households, people = c.people + excluded.people,'
        || ' safe = c.safe + excluded.safe, at_risk = c.at_risk + excluded.at_risk, isolated = c.isolated + excluded.isolated,'
        || ' evacuated = c.evacuated + excluded.evacuated, supplied = c.supplied + excluded.supplied,'
        || ' sum_x = c.sum_x + excluded.sum_x, sum_y = c.sum_y + excluded.sum_y';
    RETURN NULL;
END $$;

CREATE TRIGGER household_cells_ins AFTER INSERT ON household REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_household_cells();
CREATE TRIGGER household_cells_upd AFTER UPDATE ON household REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_household_cells();
CREATE TRIGGER household_cells_del AFTER DELETE ON household REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_household_cells();
CREATE TRIGGER household_cells_trunc AFTER TRUNCATE ON household
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_household_cells();

INSERT INTO household_cell (z, cx, cy, households, people, safe, at_risk, isolated, evacuated, supplied, sum_x, sum_y)
SELECT z, atlas_cell_x(ST_X(h.geom_3857), z), atlas_cell_y(ST_Y(h.geom_3857), z), count(*), sum(h.members),
       count(*) FILTER (WHERE h.status = 'safe'), count(*) FILTER (WHERE h.status = 'at_risk'),
       count(*) FILTER (WHERE h.status = 'isolated'), count(*) FILTER (WHERE h.status = 'evacuated'),
       count(*) FILTER (WHERE h.status = 'supplied'), sum(ST_X(h.geom_3857)), sum(ST_Y(h.geom_3857))
FROM household h, generate_series(8, 14) AS z
GROUP BY 1, 2, 3;
