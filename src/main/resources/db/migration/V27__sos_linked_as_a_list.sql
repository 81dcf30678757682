-- A volunteer list of 100,000 calls is placed, matched and linked as a list, not call by call: each call's place and
-- family depend only on the call (one statement for all of them, one change notification), and only the repeats depend
-- on the calls before — found for all calls at once through their indexes, then decided in the calls' order. The rules
-- are V26's, unchanged; a single call (the public form, an officer's) goes the same way as a list of one.

-- Where each call is and whose it is: the household by its phone (the nearest such household when the call gave a
-- place), else the nearest within 100 m (one of the village the point lies in first), else — no place given — the village
-- the address names and there the family the caller names (a name no other family of the village bears). A call placed
-- by its family takes the family's place; its village is the one its point lies in, the address's, else its family's.
CREATE FUNCTION atlas_sos_locate(ids bigint[]) RETURNS void LANGUAGE plpgsql
    SET plan_cache_mode = force_custom_plan SET work_mem = '64MB' AS $$
BEGIN
    -- planned for the calls at hand (a list of 100,000 and a call of one want different plans)
    WITH calls AS MATERIALIZED (
        SELECT s.id, s.phone, s.geom, s.address, s.name, s.household_id, s.located_by FROM sos_request s WHERE s.id = ANY (ids) FOR UPDATE),
    -- the villages a call's point lies in (one, but for a point on a shared edge)
    in_villages AS MATERIALIZED (
        SELECT c.id, array_agg(vv.id ORDER BY vv.id) AS villages FROM calls c JOIN village vv ON vv.geom && c.geom AND ST_Intersects(vv.geom, c.geom)
        GROUP BY c.id),
    by_phone AS MATERIALIZED (
        SELECT DISTINCT ON (c.id) c.id, h.id AS household_id
        FROM calls c JOIN household h ON atlas_phone(h.phone) = c.phone AND h.phone IS NOT NULL
        WHERE c.household_id IS NULL AND c.phone IS NOT NULL
        ORDER BY c.id, CASE WHEN c.geom IS NULL THEN 0 ELSE h.geom <-> c.geom END, h.id),
    unmatched AS MATERIALIZED (
        SELECT c.* FROM calls c LEFT JOIN by_phone p ON p.id = c.id WHERE c.household_id IS NULL AND p.id IS NULL),
    by_distance AS MATERIALIZED (
        -- the box first (the index finds it: 0.0015° holds 100 m here), then the metres
        SELECT c.id, n.id AS household_id FROM unmatched c LEFT JOIN in_villages iv ON iv.id = c.id
        CROSS JOIN LATERAL (SELECT h.id FROM household h
                            WHERE h.geom && ST_Expand(c.geom, 0.0015) AND ST_DWithin(h.geom::geography, c.geom::geography, 100)
                            ORDER BY (h.village_id = ANY (iv.villages)) IS NOT TRUE, h.geom <-> c.geom, h.id LIMIT 1) n
        WHERE c.geom IS NOT NULL),
    -- an address without a place: its runs of one to four words, folded, looked up among the villages' and communes' names
    addressed AS MATERIALIZED (
        SELECT c.id, regexp_split_to_array(atlas_fold_words(c.address), ' ') AS w, atlas_fold_words(c.name) AS name FROM unmatched c
        WHERE c.geom IS NULL AND c.address IS NOT NULL),
    runs AS MATERIALIZED (
        SELECT a.id, array_to_string(a.w[i:i + n - 1], ' ') AS run
        FROM addressed a, generate_series(1, cardinality(a.w)) i, generate_series(1, 4) n WHERE i + n - 1 <= cardinality(a.w)),
    named AS MATERIALIZED (
        SELECT DISTINCT r.id, v.id AS village_id, v.commune_id, length(v.place_core) AS len, cu.place_core AS commune_core,
               position(' ' IN v.place_core) = 0 OR v.place_core ~ '^(thon|khoi pho|to dan pho|xom|ap|to|khoi|lang|ban) [a-z]?[0-9]*[a-z]?$'
                   AS vague
        FROM runs r JOIN village v ON v.place_core = r.run JOIN admin_unit cu ON cu.id = v.commune_id),
    -- the village an address names: of several, the one whose commune it names too (then the longest name: "Tân Phú Đông"
    -- before "Tân Phú"); none when it names one in several communes without saying which, or names one by a single word or
    -- a number ("Thôn 3") without its commune
    placed AS MATERIALIZED (
        SELECT DISTINCT ON (p.id) p.id, p.village_id
        FROM (SELECT nm.*, (nm.id, nm.commune_core) IN (SELECT r.id, r.run FROM runs r) AS commune_named,
                     count(*) OVER (PARTITION BY nm.id, nm.commune_id) = count(*) OVER (PARTITION BY nm.id) AS one_commune
              FROM named nm) p
        WHERE p.commune_named OR (NOT p.vague AND p.one_commune)
        ORDER BY p.id, p.commune_named DESC, p.len DESC, p.village_id),
    -- the family the caller names there: only a name no other family of the village bears (two heads of one name leave it
    -- to an officer); the heads of the villages named folded once each
    heads AS MATERIALIZED (
        SELECT h.id, h.village_id, atlas_fold_words(h.head_name) AS name FROM household h
        WHERE h.village_id IN (SELECT pl.village_id FROM placed pl)),
    by_name AS MATERIALIZED (
        SELECT a.id, min(h.id) AS household_id FROM addressed a JOIN placed pl ON pl.id = a.id
        JOIN heads h ON h.village_id = pl.village_id AND h.name = a.name
        GROUP BY a.id HAVING count(*) = 1),
    found AS (
        SELECT c.id, coalesce(c.household_id, p.household_id, d.household_id, n.household_id) AS household_id,
               CASE WHEN p.id IS NOT NULL THEN 'phone' WHEN d.id IS NOT NULL THEN 'distance' WHEN n.id IS NOT NULL THEN 'name' END AS matched_by,
               pl.village_id AS named_village, CASE WHEN c.located_by = 'coordinates' THEN iv.villages[1] END AS point_village
        FROM calls c LEFT JOIN in_villages iv ON iv.id = c.id LEFT JOIN by_phone p ON p.id = c.id LEFT JOIN by_distance d ON d.id = c.id LEFT JOIN by_name n ON n.id = c.id
        LEFT JOIN placed pl ON pl.id = c.id)
    UPDATE sos_request s
    SET household_id = f.household_id,
        matched_by = coalesce(f.matched_by, s.matched_by),
        geom = coalesce(s.geom, hh.geom),
        located_by = CASE WHEN s.geom IS NULL AND hh.id IS NOT NULL THEN 'household'
                          WHEN s.geom IS NULL AND f.named_village IS NOT NULL THEN 'village' ELSE s.located_by END,
        village_id = coalesce(v.id, s.village_id),
        commune_id = CASE WHEN v.id IS NULL THEN s.commune_id ELSE v.commune_id END
    FROM found f
    LEFT JOIN household hh ON hh.id = f.household_id
    -- the village: the one the caller's point lies in, the address's when no family was found, else the family's
    LEFT JOIN village v ON v.id = coalesce(f.point_village, CASE WHEN hh.id IS NULL THEN f.named_village END, hh.village_id)
    WHERE s.id = f.id;
END $$;

-- its rules live in atlas_sos_locate now, for a whole list at once
DROP FUNCTION atlas_sos_place(text);

CREATE INDEX sos_request_no_phone_geom_idx ON sos_request USING gist (geom) WHERE phone IS NULL;

-- The repeats, in the order given (the calls' order): a call not yet linked repeats the earliest open call that is not
-- itself a repeat — the same phone, one family's (named for certain by this call: its phone on the list or its name),
-- or within 50 m and 6 hours unless each came from its own phone — received in an earlier list or earlier in this one;
-- else a call already answered for the same phone or family (the latest), so that a rescued family's repost opens
-- nothing. The candidates are found for all calls at once; whether an earlier call of this list is itself a repeat is
-- known only in order, so the choice is made walking the list.
CREATE FUNCTION atlas_sos_link_repeats(ids bigint[]) RETURNS void LANGUAGE plpgsql
    SET plan_cache_mode = force_custom_plan SET work_mem = '64MB' AS $$
DECLARE
    n       integer := cardinality(ids);
    linked  boolean[] := array_fill(false, ARRAY[n]);
    dup     bigint[] := array_fill(NULL::bigint, ARRAY[n]);
    c       record;
    j       integer;
BEGIN
    FOR c IN
        WITH calls AS MATERIALIZED (
            SELECT s.id, u.ord::integer AS ord, s.phone, s.geom, s.household_id, s.matched_by, s.reported_at, s.created_at, s.duplicate_of
            FROM unnest(ids) WITH ORDINALITY AS u (id, ord) JOIN sos_request s ON s.id = u.id),
        walked AS MATERIALIZED (SELECT * FROM calls WHERE duplicate_of IS NULL),
        -- each way a repeat is found through its own index
        open_pairs AS MATERIALIZED (
            SELECT r.ord, o.id FROM walked r JOIN sos_request o ON o.phone = r.phone AND o.state IN ('new', 'verified', 'assigned')
            WHERE r.phone IS NOT NULL
            UNION
            SELECT r.ord, o.id FROM walked r JOIN sos_request o ON o.household_id = r.household_id WHERE r.matched_by IN ('phone', 'name')
            UNION
            -- near in place and time, unless each came from its own phone (neighbours call for themselves): a call without a
            -- phone near any call, a call with one near calls without (their own index: most calls have a phone)
            SELECT r.ord, o.id FROM walked r JOIN sos_request o ON o.geom && ST_Expand(r.geom, 0.001)
                AND ST_DWithin(o.geom::geography, r.geom::geography, 50) AND abs(extract(epoch FROM o.reported_at - r.reported_at)) <= 6 * 3600
            WHERE r.geom IS NOT NULL AND r.phone IS NULL
            UNION
            SELECT r.ord, o.id FROM walked r JOIN sos_request o ON o.phone IS NULL AND o.geom && ST_Expand(r.geom, 0.001)
                AND ST_DWithin(o.geom::geography, r.geom::geography, 50) AND abs(extract(epoch FROM o.reported_at - r.reported_at)) <= 6 * 3600
            WHERE r.geom IS NOT NULL AND r.phone IS NOT NULL),
        open_candidates AS (
            SELECT p.ord, array_agg(o.id ORDER BY o.reported_at, o.id) AS ids, array_agg(oc.ord ORDER BY o.reported_at, o.id) AS ords
            FROM open_pairs p JOIN walked r ON r.ord = p.ord JOIN sos_request o ON o.id = p.id LEFT JOIN calls oc ON oc.id = o.id
            WHERE o.id <> r.id AND o.duplicate_of IS NULL AND o.state IN ('new', 'verified', 'assigned')
              -- only calls linked before this one: received earlier, or earlier in the same list
              AND (o.created_at < r.created_at OR (o.reported_at, o.id) < (r.reported_at, r.id))
            GROUP BY p.ord),
        answered_pairs AS MATERIALIZED (
            SELECT r.ord, o.id FROM walked r JOIN sos_request o ON o.phone = r.phone AND o.state IN ('rescued', 'closed')
            WHERE r.phone IS NOT NULL
            UNION
            SELECT r.ord, o.id FROM walked r JOIN sos_request o ON o.household_id = r.household_id WHERE r.matched_by IN ('phone', 'name')),
        answered_candidates AS (
            SELECT p.ord, array_agg(o.id ORDER BY o.reported_at DESC, o.id DESC) AS ids,
                   array_agg(oc.ord ORDER BY o.reported_at DESC, o.id DESC) AS ords
            FROM answered_pairs p JOIN walked r ON r.ord = p.ord JOIN sos_request o ON o.id = p.id LEFT JOIN calls oc ON oc.id = o.id
            WHERE o.id <> r.id AND o.duplicate_of IS NULL AND o.state IN ('rescued', 'closed') AND o.reported_at <= r.reported_at
            GROUP BY p.ord)
        -- the open candidates first (earliest first), then the answered ones (latest first)
        SELECT w.ord, coalesce(oc.ids, '{}') || coalesce(ac.ids, '{}') AS ids, coalesce(oc.ords, '{}') || coalesce(ac.ords, '{}') AS ords
        FROM walked w LEFT JOIN open_candidates oc ON oc.ord = w.ord LEFT JOIN answered_candidates ac ON ac.ord = w.ord
        WHERE oc.ord IS NOT NULL OR ac.ord IS NOT NULL
        ORDER BY w.ord
    LOOP
        -- the first candidate still counted: a call of this list linked a moment ago counts no more
        FOR j IN 1 .. cardinality(c.ids) LOOP
            IF c.ords[j] IS NULL OR NOT linked[c.ords[j]] THEN
                dup[c.ord] := c.ids[j];
                EXIT;
            END IF;
        END LOOP;
        linked[c.ord] := dup[c.ord] IS NOT NULL;
    END LOOP;
    UPDATE sos_request s SET duplicate_of = d.dup, state = 'duplicate'
    FROM unnest(ids, dup) AS d (id, dup) WHERE d.dup IS NOT NULL AND s.id = d.id;
END $$;

CREATE OR REPLACE FUNCTION atlas_sos_link_all(ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN
        RETURN 0;
    END IF;
    PERFORM atlas_sos_locate(ids);
    PERFORM atlas_sos_link_repeats(ids);
    RETURN cardinality(ids);
END $$;

CREATE OR REPLACE FUNCTION atlas_sos_link(req bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM atlas_sos_link_all(ARRAY[req]);
END $$;

-- A call's family named by an officer (the team that reached it knew the house): the calls linked to it that name another
-- family for certain (its phone on the list, or its head's name in its village) were never this family's — they are
-- released and linked again. A family whose first call was taken for its neighbour's (the neighbour's call placed by
-- distance at the wrong house) is not left waiting behind the neighbour's rescue; whoever names the family, the rule holds.
CREATE FUNCTION atlas_sos_release_other_families() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    released bigint[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_rows WHERE matched_by = 'officer') THEN
        RETURN NULL;
    END IF;
    WITH named AS (
        SELECT n.id, n.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.matched_by = 'officer' AND n.household_id IS NOT NULL AND n.household_id IS DISTINCT FROM o.household_id),
    freed AS (
        UPDATE sos_request d SET duplicate_of = NULL, state = 'new' FROM named
        WHERE d.duplicate_of = named.id AND d.matched_by IN ('phone', 'name') AND d.household_id <> named.household_id
        RETURNING d.id, d.reported_at)
    SELECT array_agg(f.id ORDER BY f.reported_at, f.id) INTO released FROM freed f;
    IF released IS NOT NULL THEN
        PERFORM atlas_sos_link_all(released);
    END IF;
    RETURN NULL;
END $$;

CREATE INDEX sos_request_duplicate_of_idx ON sos_request (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE TRIGGER sos_request_family_named AFTER UPDATE ON sos_request REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION atlas_sos_release_other_families();
