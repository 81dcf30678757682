-- Calls for help at a flood's scale (tens of thousands in days): an address without coordinates is placed in the village
-- it names (our own gazetteer: village and commune names folded — no diacritics, no case, no punctuation — and found in
-- the folded address), a family named there is matched by name, one family calling from several phones is one call, and
-- a rescued family's call posted again is linked to the rescued call instead of opening a new one.

ALTER TABLE sos_request DROP CONSTRAINT sos_request_matched_by_check;
ALTER TABLE sos_request ADD CONSTRAINT sos_request_matched_by_check CHECK (matched_by IN ('phone', 'distance', 'name', 'officer'));

-- A place name as an address would write it, folded: "Thôn Vĩnh Bình" → "vinh binh", "Xã Tam Thăng" → "tam thang"; a name
-- that is a number or a letter once its kind is gone ("Thôn 1") keeps its kind ("thon 1"): "1" alone names nothing. Only
-- the kinds of its level are taken off, and only those that never begin a proper name ("Phường" does for a village:
-- "Phương Thắng" is a name; so do "Bản", "Làng": "Ban Mai" is not "Mai").
CREATE FUNCTION atlas_place_core(name text, kinds text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN core ~ '^[a-z]?[0-9]*[a-z]?$' OR length(core) < 3 THEN folded ELSE core END
    FROM (SELECT folded, regexp_replace(folded, '^(' || kinds || ') ', '') AS core FROM (SELECT atlas_fold_words(name) AS folded) f) c
$$;

-- The villages and communes by the names an address may hold, folded once and kept with each name, whoever writes it,
-- and found by index from the address's runs of one to four words.
ALTER TABLE village ADD COLUMN place_core text GENERATED ALWAYS AS (atlas_place_core(name, 'thon|khoi pho|to dan pho|xom|ap')) STORED;
ALTER TABLE admin_unit ADD COLUMN place_core text GENERATED ALWAYS AS (atlas_place_core(name, 'xa|phuong|thi tran')) STORED;
CREATE INDEX village_place_core_idx ON village (place_core);

-- The village an address names: its name among the address's words, and of several the one whose commune the address
-- names too (then the longest name: "Tân Phú Đông" before "Tân Phú"); none when the address names no village, names one
-- in several communes without saying which, or names one by a single word or a number ("Thôn 3") without its commune.
CREATE FUNCTION atlas_sos_place(address text) RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH words AS (SELECT regexp_split_to_array(atlas_fold_words(address), ' ') AS w),
         runs AS (SELECT array_to_string(w[i:i + n - 1], ' ') AS run FROM words, generate_series(1, cardinality(w)) i, generate_series(1, 4) n
                  WHERE i + n - 1 <= cardinality(w)),
         named AS (SELECT v.id AS village_id, v.commune_id, length(v.place_core) AS len,
                          EXISTS (SELECT 1 FROM runs WHERE run = a.place_core) AS commune_named,
                          position(' ' IN v.place_core) = 0 OR v.place_core ~ '^(thon|khoi pho|to dan pho|xom|ap|to|khoi|lang|ban) [a-z]?[0-9]*[a-z]?$'
                              AS vague
                   FROM village v JOIN admin_unit a ON a.id = v.commune_id WHERE v.place_core IN (SELECT run FROM runs))
    SELECT village_id FROM named
    WHERE commune_named OR (NOT vague AND (SELECT count(DISTINCT commune_id) FROM named) = 1)
    ORDER BY commune_named DESC, len DESC, village_id LIMIT 1
$$;

CREATE OR REPLACE FUNCTION atlas_sos_link(req bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r       sos_request;
    hh      record;
    village integer;
    commune integer;
    dup     bigint;
BEGIN
    SELECT * INTO r FROM sos_request WHERE id = req FOR UPDATE;
    -- the household: its phone first (nearest such household when the call gave a place), then the nearest within 100 m,
    -- one of the village the point lies in before one across its edge
    IF r.household_id IS NULL AND r.phone IS NOT NULL THEN
        -- the phone's index first, whatever a generic plan would make of the ORDER BY
        WITH listed AS MATERIALIZED (SELECT h.id, h.geom FROM household h WHERE atlas_phone(h.phone) = r.phone AND h.phone IS NOT NULL)
        SELECT l.id, l.geom INTO hh FROM listed l ORDER BY CASE WHEN r.geom IS NULL THEN 0 ELSE l.geom <-> r.geom END, l.id LIMIT 1;
        IF FOUND THEN
            r.household_id := hh.id;
            r.matched_by := 'phone';
        END IF;
    END IF;
    IF r.household_id IS NULL AND r.geom IS NOT NULL THEN
        -- the box first (the index finds it: 0.0015° holds 100 m here), then the metres
        WITH near AS MATERIALIZED (SELECT h.id, h.geom, h.village_id FROM household h
                                   WHERE h.geom && ST_Expand(r.geom, 0.0015) AND ST_DWithin(h.geom::geography, r.geom::geography, 100))
        SELECT n.id, n.geom INTO hh FROM near n
            LEFT JOIN village pv ON pv.geom && r.geom AND ST_Intersects(pv.geom, r.geom)
            ORDER BY (n.village_id = pv.id) IS NOT TRUE, n.geom <-> r.geom, n.id LIMIT 1;
        IF FOUND THEN
            r.household_id := hh.id;
            r.matched_by := 'distance';
        END IF;
    END IF;
    -- no place and no household yet: the village the address names, and there the family the caller names
    IF r.household_id IS NULL AND r.geom IS NULL AND r.address IS NOT NULL THEN
        village := atlas_sos_place(r.address);
        IF village IS NOT NULL AND r.name IS NOT NULL THEN
            -- only a name no other family of the village bears: two heads of one name leave it to an officer
            SELECT min(h.id) AS id INTO hh FROM household h WHERE h.village_id = village AND atlas_fold_words(h.head_name) = atlas_fold_words(r.name)
                HAVING count(*) = 1;
            IF FOUND THEN
                r.household_id := hh.id;
                r.matched_by := 'name';
            END IF;
        END IF;
        IF village IS NOT NULL AND r.household_id IS NULL THEN
            r.located_by := 'village';
        END IF;
    END IF;
    IF r.geom IS NULL AND r.household_id IS NOT NULL THEN
        r.geom := (SELECT geom FROM household WHERE id = r.household_id);
        r.located_by := 'household';
        village := NULL;
    END IF;
    -- the village: the one the caller's point lies in, the address's, else the matched household's
    IF r.geom IS NOT NULL AND r.located_by = 'coordinates' THEN
        SELECT vv.id INTO village FROM village vv WHERE vv.geom && r.geom AND ST_Intersects(vv.geom, r.geom) ORDER BY vv.id LIMIT 1;
    END IF;
    IF village IS NULL AND r.household_id IS NOT NULL THEN
        SELECT h.village_id INTO village FROM household h WHERE h.id = r.household_id;
    END IF;
    IF village IS NOT NULL THEN
        SELECT vv.id, vv.commune_id INTO village, commune FROM village vv WHERE vv.id = village;
        r.village_id := village;
        r.commune_id := commune;
    END IF;
    -- the open request it repeats: the same phone, one family's (by the list's phones or its name), or within 50 m and
    -- 6 hours; the earliest is the one counted
    IF r.duplicate_of IS NULL THEN
        -- each way found through its own index (a list of tens of thousands is linked call by call)
        SELECT o.id INTO dup FROM (
                SELECT o1.* FROM sos_request o1 WHERE r.phone IS NOT NULL AND o1.phone = r.phone AND o1.state IN ('new', 'verified', 'assigned')
                UNION ALL
                -- one family, named for certain by this call (its phone on the list, or its name in its village), whichever phone
                -- called and however the earlier call found the house (a call from next door found by distance is as near)
                SELECT o2.* FROM sos_request o2 WHERE r.matched_by IN ('phone', 'name') AND o2.household_id = r.household_id
                UNION ALL
                -- near in place and time, unless each came from its own phone: neighbours call for themselves
                SELECT o3.* FROM sos_request o3 WHERE r.geom IS NOT NULL AND o3.geom && ST_Expand(r.geom, 0.001)
                    AND (r.phone IS NULL OR o3.phone IS NULL) AND ST_DWithin(o3.geom::geography, r.geom::geography, 50)
                    AND abs(extract(epoch FROM o3.reported_at - r.reported_at)) <= 6 * 3600) o
            WHERE o.id <> r.id AND o.duplicate_of IS NULL AND o.state IN ('new', 'verified', 'assigned')
              -- only calls linked before this one: received earlier, or earlier in the same list
              AND (o.created_at < r.created_at OR (o.reported_at, o.id) < (r.reported_at, r.id))
            ORDER BY o.reported_at, o.id LIMIT 1;
        -- else a repost of a call already answered (the family rescued): linked to it, never a new call to send a boat to
        IF dup IS NULL THEN
            SELECT o.id INTO dup FROM (
                    SELECT o1.* FROM sos_request o1 WHERE r.phone IS NOT NULL AND o1.phone = r.phone AND o1.state IN ('rescued', 'closed')
                    UNION ALL
                    -- the family this call names for certain (its phone on the list, or its name in its village), however the
                    -- rescued call was matched: the team that rescued it knew the house
                    SELECT o2.* FROM sos_request o2 WHERE r.matched_by IN ('phone', 'name') AND o2.household_id = r.household_id) o
                WHERE o.id <> r.id AND o.duplicate_of IS NULL AND o.state IN ('rescued', 'closed') AND o.reported_at <= r.reported_at
                ORDER BY o.reported_at DESC, o.id DESC LIMIT 1;
        END IF;
        IF dup IS NOT NULL THEN
            r.duplicate_of := dup;
            r.state := 'duplicate';
        END IF;
    END IF;
    UPDATE sos_request SET household_id = r.household_id, matched_by = r.matched_by, geom = r.geom, located_by = r.located_by,
        village_id = r.village_id, commune_id = r.commune_id, duplicate_of = r.duplicate_of, state = r.state
        WHERE id = r.id;
END $$;

CREATE INDEX sos_request_answered_idx ON sos_request (phone) WHERE state IN ('rescued', 'closed');

-- Words a caller uses when a life is at stake, folded: water to the roof, the old, children, a pregnant woman, the sick,
-- a house about to fall, no food or water left.
CREATE FUNCTION atlas_sos_urgent_words(t text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(' ' || atlas_fold_words(t) || ' ' ~ ' (ngap (noc|mai)|nguoi gia|cu gia|tre em|tre so sinh|tre nho|ba bau|mang thai|cap cuu|nguoi benh|sap sap|sap nha|nha sap|het luong thuc|het nuoc uong|nguy kich) ', false)
$$;

-- The triage score of a call, highest first: words of life at stake first (the caller knows what no list says), then
-- vulnerable members of the family (the household list's), people, the water at the family's door, hours waited (up to a
-- day). Points, not a probability: 100 for the words, 40 for someone vulnerable (10 more each, to 3), 2 a person (to 20),
-- 15 a metre of water (to 3 m), 1 an hour waited (to 24).
CREATE FUNCTION atlas_sos_triage(s sos_request, at timestamptz) RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (CASE WHEN coalesce(h.vulnerable, 0) > 0 THEN 40 + 10 * least(h.vulnerable, 3) ELSE 0 END
            + 2 * least(coalesce(s.people, h.members, 1), 20)
            + round(15 * least(greatest(coalesce(w.depth, 0), 0), 3))
            + least(greatest(extract(epoch FROM at - s.reported_at) / 3600, 0), 24)
            + CASE WHEN atlas_sos_urgent_words(concat_ws(' ', s.needs, s.note, s.address)) THEN 100 ELSE 0 END)::integer
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT hh.elderly + hh.young_children + hh.disabled + hh.pregnant AS vulnerable, hh.members, hh.ground_elevation_m
                       FROM household hh WHERE hh.id = s.household_id) h ON true
    LEFT JOIN LATERAL (SELECT f.water_level_m - h.ground_elevation_m AS depth FROM flood_event f
                       WHERE f.id = s.flood_id AND s.geom IS NOT NULL AND ST_Intersects(f.geom, s.geom)) w ON true
$$;
