-- Calls for help during a flood (SOS): entered by an officer from a hotline call, imported from a volunteer site's
-- list, or posted by the public. Each is matched to the household it most likely is (by phone, then by distance and
-- village) and linked to an open request it repeats (same phone, or within 50 m and 6 hours) — linked, not counted
-- twice. The requester's name, phone, address text, needs and notes are personal data, like a household's.
CREATE FUNCTION atlas_phone(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- digits only, +84 / 84 written as the national 0: "+84 905-123-456" and "0905123456" are one number
    SELECT CASE WHEN d ~ '^84[0-9]{9,10}$' THEN '0' || substr(d, 3) ELSE nullif(d, '') END
    FROM (SELECT regexp_replace(coalesce(p, ''), '[^0-9]', '', 'g') AS d) x
$$;

CREATE INDEX household_phone_idx ON household (atlas_phone(phone)) WHERE phone IS NOT NULL;

CREATE TABLE sos_request (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flood_id     integer REFERENCES flood_event (id) ON DELETE SET NULL,
    source       text        NOT NULL CHECK (source IN ('public', 'officer', 'import')),
    state        text        NOT NULL DEFAULT 'new'
                             CHECK (state IN ('new', 'verified', 'assigned', 'rescued', 'closed', 'duplicate', 'false')),
    reported_at  timestamptz NOT NULL DEFAULT now(),
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    name         text CHECK (length(name) <= 200),
    phone        text CHECK (phone ~ '^[0-9]{8,12}$'),
    address      text CHECK (length(address) <= 500),
    people       integer CHECK (people BETWEEN 1 AND 1000),
    needs        text CHECK (length(needs) <= 500),
    note         text CHECK (length(note) <= 1000),
    team         text CHECK (length(team) <= 200),
    household_id bigint REFERENCES household (id) ON DELETE SET NULL,
    matched_by   text CHECK (matched_by IN ('phone', 'distance', 'officer')),
    duplicate_of bigint REFERENCES sos_request (id),
    village_id   integer REFERENCES village (id) ON DELETE SET NULL,
    commune_id   integer REFERENCES admin_unit (id),
    located_by   text NOT NULL DEFAULT 'none' CHECK (located_by IN ('coordinates', 'household', 'village', 'none')),
    geom         geometry(Point, 4326) CHECK (geom IS NULL OR ST_IsValid(geom)),
    geom_3857    geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
    CHECK ((state = 'duplicate') = (duplicate_of IS NOT NULL)),
    CHECK (duplicate_of IS NULL OR duplicate_of <> id)
);
CREATE INDEX sos_request_geom_idx ON sos_request USING gist (geom);
CREATE INDEX sos_request_geom_3857_idx ON sos_request USING gist (geom_3857);
CREATE INDEX sos_request_phone_idx ON sos_request (phone) WHERE state IN ('new', 'verified', 'assigned');
CREATE INDEX sos_request_state_idx ON sos_request (state, reported_at);
CREATE INDEX sos_request_household_idx ON sos_request (household_id);

-- Locates a request, matches its household and links it to the open request it repeats. Run once per new request, in
-- the order they arrived, inside the transaction that inserted it.
CREATE FUNCTION atlas_sos_link(req bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r   sos_request;
    hh      record;
    village integer;
    commune integer;
    dup     bigint;
BEGIN
    SELECT * INTO r FROM sos_request WHERE id = req FOR UPDATE;
    -- the household: its phone first (nearest such household when the call gave a place), then the nearest within 100 m,
    -- one of the village the point lies in before one across its edge
    IF r.household_id IS NULL AND r.phone IS NOT NULL THEN
        SELECT h.id, h.geom INTO hh FROM household h WHERE atlas_phone(h.phone) = r.phone AND h.phone IS NOT NULL
            ORDER BY CASE WHEN r.geom IS NULL THEN 0 ELSE h.geom <-> r.geom END, h.id LIMIT 1;
        IF FOUND THEN
            r.household_id := hh.id;
            r.matched_by := 'phone';
        END IF;
    END IF;
    IF r.household_id IS NULL AND r.geom IS NOT NULL THEN
        SELECT h.id, h.geom INTO hh FROM household h
            LEFT JOIN village pv ON pv.geom && r.geom AND ST_Intersects(pv.geom, r.geom)
            WHERE ST_DWithin(h.geom::geography, r.geom::geography, 100)
            ORDER BY (h.village_id = pv.id) IS NOT TRUE, h.geom <-> r.geom, h.id LIMIT 1;
        IF FOUND THEN
            r.household_id := hh.id;
            r.matched_by := 'distance';
        END IF;
    END IF;
    IF r.geom IS NULL AND r.household_id IS NOT NULL THEN
        r.geom := (SELECT geom FROM household WHERE id = r.household_id);
        r.located_by := 'household';
    END IF;
    -- the village: the household's, or the one the point lies in
    IF r.household_id IS NOT NULL THEN
        SELECT vv.id, vv.commune_id INTO village, commune FROM household h JOIN village vv ON vv.id = h.village_id WHERE h.id = r.household_id;
    ELSIF r.geom IS NOT NULL THEN
        SELECT vv.id, vv.commune_id INTO village, commune FROM village vv
            WHERE vv.geom && r.geom AND ST_Intersects(vv.geom, r.geom) ORDER BY vv.id LIMIT 1;
    END IF;
    IF village IS NOT NULL THEN
        r.village_id := village;
        r.commune_id := commune;
    END IF;
    -- the open request it repeats: the same phone, or within 50 m and 6 hours; the earliest is the one counted
    IF r.duplicate_of IS NULL THEN
        SELECT o.id INTO dup FROM sos_request o
            WHERE o.id <> r.id AND o.duplicate_of IS NULL AND o.state IN ('new', 'verified', 'assigned')
              -- only calls linked before this one: received earlier, or earlier in the same list
              AND (o.created_at < r.created_at OR (o.reported_at, o.id) < (r.reported_at, r.id))
              AND ((r.phone IS NOT NULL AND o.phone = r.phone)
                   OR (r.geom IS NOT NULL AND o.geom IS NOT NULL AND ST_DWithin(o.geom::geography, r.geom::geography, 50)
                       AND abs(extract(epoch FROM o.reported_at - r.reported_at)) <= 6 * 3600))
            ORDER BY o.reported_at, o.id LIMIT 1;
        IF dup IS NOT NULL THEN
            r.duplicate_of := dup;
            r.state := 'duplicate';
        END IF;
    END IF;
    UPDATE sos_request SET household_id = r.household_id, matched_by = r.matched_by, geom = r.geom, located_by = r.located_by,
        village_id = r.village_id, commune_id = r.commune_id, duplicate_of = r.duplicate_of, state = r.state
        WHERE id = r.id;
END $$;

-- the map's SOS layer follows every change, as the other published tables do
CREATE TRIGGER sos_request_change_ins AFTER INSERT ON sos_request REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change('geom');
CREATE TRIGGER sos_request_change_upd AFTER UPDATE ON sos_request REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change('geom');
CREATE TRIGGER sos_request_change_del AFTER DELETE ON sos_request REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_notify_change('geom');

-- Links requests in the order given: of two calls that repeat each other, the earlier is the one counted.
CREATE FUNCTION atlas_sos_link_all(ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    i bigint;
BEGIN
    FOREACH i IN ARRAY coalesce(ids, '{}') LOOP
        PERFORM atlas_sos_link(i);
    END LOOP;
    RETURN cardinality(coalesce(ids, '{}'));
END $$;

-- A time as volunteer lists write it: ISO 8601 with or without an offset, or dd/mm/yyyy hh:mm; without an offset it is
-- Việt Nam's time. NULL when it is none of those.
CREATE FUNCTION atlas_sos_time(t text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF t IS NULL OR btrim(t) = '' THEN
        RETURN NULL;
    END IF;
    IF t ~ '^\s*\d{1,2}/\d{1,2}/\d{4}' THEN
        RETURN to_timestamp(btrim(t), 'DD/MM/YYYY HH24:MI')::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh';
    END IF;
    IF t ~ '(Z|[+-]\d{2}(:?\d{2})?)\s*$' THEN
        RETURN t::timestamptz;
    END IF;
    RETURN t::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh';
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
