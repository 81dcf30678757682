-- Every change to a published table is announced on channel 'atlas_change' with the bounding box of the
-- rows it touched, whether it comes through the server or from another client (psql, QGIS, an import).
-- The server listens and drops exactly the cached tiles and versions that the change made stale.
CREATE FUNCTION atlas_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    geom_col text := TG_ARGV[0];
    touched  bigint;
    box      box2d;
    source   text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('atlas_change', json_build_object('table', TG_TABLE_NAME, 'op', TG_OP)::text);
        RETURN NULL;
    END IF;
    source := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT %1$I AS g FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT %1$I AS g FROM old_rows'
        ELSE 'SELECT %1$I AS g FROM new_rows UNION ALL SELECT %1$I FROM old_rows' END;
    IF geom_col = '' THEN
        EXECUTE format('SELECT count(*) FROM (' || replace(source, '%1$I', '1') || ') x') INTO touched;
    ELSE
        EXECUTE format('SELECT count(*), ST_Extent(g) FROM (' || source || ') x', geom_col) INTO touched, box;
    END IF;
    IF touched = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM pg_notify('atlas_change', json_build_object(
        'table', TG_TABLE_NAME, 'op', TG_OP, 'rows', touched,
        'bbox', CASE WHEN box IS NULL THEN NULL
                     ELSE json_build_array(ST_XMin(box), ST_YMin(box), ST_XMax(box), ST_YMax(box)) END)::text);
    RETURN NULL;
END $$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('admin_unit', 'geom'), ('village', 'geom'), ('model', ''), ('adoption', ''),
            ('household', 'geom'), ('evacuation_point', 'geom'), ('road', 'geom'),
            ('flood_scenario', 'geom'), ('flood_event', 'geom'), ('admin_unit_succession', '')) AS v(tbl, col)
    LOOP
        EXECUTE format('CREATE TRIGGER %1$s_change_ins AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change(%2$L)', t.tbl, t.col);
        EXECUTE format('CREATE TRIGGER %1$s_change_upd AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change(%2$L)', t.tbl, t.col);
        EXECUTE format('CREATE TRIGGER %1$s_change_del AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change(%2$L)', t.tbl, t.col);
        EXECUTE format('CREATE TRIGGER %1$s_change_trunc AFTER TRUNCATE ON %1$I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change(%2$L)', t.tbl, t.col);
    END LOOP;
END $$;
