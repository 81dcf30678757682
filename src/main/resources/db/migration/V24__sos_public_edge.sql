-- The public edge of calls for help (issue 26).
-- A reference the caller quotes on the phone and follows the call by (GET /sos/{reference}): random, so that one
-- caller's reference tells nothing of another's call; the id stays internal to the officers.
-- Eight characters of Crockford's base 32 (no I, L, O, U: nothing to mishear), 40 bits from the strong random of
-- gen_random_uuid; drawn again in the rare case it is taken.
CREATE FUNCTION atlas_sos_reference() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    b   bytea;
    ref text;
BEGIN
    LOOP
        b := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');
        ref := '';
        FOR i IN 0..7 LOOP
            ref := ref || substr(alphabet, get_byte(b, i) % 32 + 1, 1);
        END LOOP;
        EXIT WHEN NOT EXISTS (SELECT 1 FROM sos_request WHERE reference = ref);
    END LOOP;
    RETURN ref;
END $$;

ALTER TABLE sos_request ADD COLUMN reference text;
UPDATE sos_request SET reference = atlas_sos_reference() WHERE reference IS NULL;
ALTER TABLE sos_request ALTER COLUMN reference SET DEFAULT atlas_sos_reference(), ALTER COLUMN reference SET NOT NULL,
    ADD CONSTRAINT sos_request_reference_key UNIQUE (reference),
    ADD CONSTRAINT sos_request_reference_check CHECK (reference ~ '^[0-9A-HJKMNP-TV-Z]{8}$');

-- A call is placed where its caller said it is: the village of the caller's own point comes before the village of a
-- household matched by phone (a number found in the household list must not move a call, nor tell anyone where that
-- household lives). Neighbours who call from their own phones at one place are separate calls; two calls are one family
-- when they share a phone, when the list gives both phones to one household, or when one of them came without a phone
-- from within 50 m and 6 hours of the other.
CREATE OR REPLACE FUNCTION atlas_sos_link(req bigint) RETURNS void LANGUAGE plpgsql AS $$
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
    -- the village: the one the caller's point lies in, else the matched household's
    IF r.geom IS NOT NULL AND r.located_by = 'coordinates' THEN
        SELECT vv.id, vv.commune_id INTO village, commune FROM village vv
            WHERE vv.geom && r.geom AND ST_Intersects(vv.geom, r.geom) ORDER BY vv.id LIMIT 1;
    END IF;
    IF village IS NULL AND r.household_id IS NOT NULL THEN
        SELECT vv.id, vv.commune_id INTO village, commune FROM household h JOIN village vv ON vv.id = h.village_id WHERE h.id = r.household_id;
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
                   -- two phones that the household list gives to one family
                   OR (r.matched_by = 'phone' AND o.matched_by = 'phone' AND o.household_id = r.household_id)
                   -- near in place and time, unless each came from its own phone: neighbours call for themselves
                   OR ((r.phone IS NULL OR o.phone IS NULL) AND r.geom IS NOT NULL AND o.geom IS NOT NULL
                       AND ST_DWithin(o.geom::geography, r.geom::geography, 50)
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

-- A text for a spreadsheet (the CSV and Excel exports GDAL writes): one a spreadsheet would take for a formula (it begins
-- with =, +, -, @, a tab or a carriage return, and is not a plain number) gets a leading apostrophe and stays text.
CREATE FUNCTION atlas_sheet_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^[=+@\t\r-]' AND t !~ '^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' THEN '''' || t ELSE t END
$$;
