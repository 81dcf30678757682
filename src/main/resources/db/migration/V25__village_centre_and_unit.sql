-- A village's centre stays inside its boundary and its post-reform unit follows its commune and boundary, whoever
-- writes the row (an import, an edit through OGC API – Features, psql): values a writer gives are kept; those it
-- leaves out (or unchanged while the boundary or the commune moves) are worked out here, once.
CREATE FUNCTION atlas_village_centre_and_unit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved boolean := true;
    centre_given boolean := NEW.centre IS NOT NULL;
    unit_given boolean := NEW.unit_2025_id IS NOT NULL;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        moved := NEW.geom IS DISTINCT FROM OLD.geom OR NEW.commune_id IS DISTINCT FROM OLD.commune_id;
        centre_given := NEW.centre IS DISTINCT FROM OLD.centre;
        unit_given := NEW.unit_2025_id IS DISTINCT FROM OLD.unit_2025_id;
    END IF;
    IF NOT moved OR NEW.geom IS NULL THEN
        RETURN NEW;
    END IF;
    IF NOT centre_given AND (NEW.centre IS NULL OR NOT ST_Intersects(NEW.centre, NEW.geom)) THEN
        NEW.centre := ST_PointOnSurface(NEW.geom);
    END IF;
    IF NOT unit_given THEN
        -- of the units the commune went into, the one holding the village
        NEW.unit_2025_id := (SELECT s.new_unit_id FROM admin_unit_succession s JOIN admin_unit n ON n.id = s.new_unit_id
                             WHERE s.old_unit_id = NEW.commune_id
                             ORDER BY ST_Intersects(n.geom, ST_PointOnSurface(NEW.geom)) DESC, n.code LIMIT 1);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER village_centre_and_unit BEFORE INSERT OR UPDATE ON village FOR EACH ROW EXECUTE FUNCTION atlas_village_centre_and_unit();
