-- A database of the project-local cluster made before the project had roles belongs to the superuser: the
-- database, its schemas and every table, sequence, view and function the migrations made are handed to the
-- owner role. Objects that belong to extensions stay theirs. Idempotent: nothing happens the second time.
DO $$
DECLARE
    owner text := '{owner}';
    r record;
BEGIN
    IF (SELECT datdba FROM pg_database WHERE datname = current_database()) <> (SELECT oid FROM pg_roles WHERE rolname = owner) THEN
        EXECUTE format('ALTER DATABASE %I OWNER TO %I', current_database(), owner);
    END IF;
    FOR r IN SELECT n.nspname FROM pg_namespace n
             WHERE n.nspname IN ('public', 'atlas_import') AND n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, owner);
    END LOOP;
    FOR r IN SELECT c.oid, n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('public', 'atlas_import') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
               AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
               -- a sequence owned by a column follows its table
               AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                   AND d.deptype IN ('a', 'i')))
    LOOP
        EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                       CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                      WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                       r.nspname, r.relname, owner);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.f, owner);
    END LOOP;
END $$;
