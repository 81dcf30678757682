-- A household's or a site's updated_at moves with every change, whoever makes it (the server, an import, psql): the
-- field app refreshes its commune pack with the rows changed since its pack was made.
CREATE FUNCTION atlas_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;

CREATE TRIGGER household_touch BEFORE UPDATE ON household FOR EACH ROW EXECUTE FUNCTION atlas_touch();
CREATE TRIGGER evacuation_point_touch BEFORE UPDATE ON evacuation_point FOR EACH ROW EXECUTE FUNCTION atlas_touch();
CREATE INDEX household_commune_updated_idx ON household (commune_id, updated_at);
