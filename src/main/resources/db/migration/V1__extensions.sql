-- Extensions the whole product relies on. On an external database they must be installable by the
-- migrating role (or already installed); the project-local PostGIS runs migrations as superuser.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pgrouting;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Folds Vietnamese text for search: no diacritics, lower case, đ → d ("Tam Thăng" → "tam thang").
-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes this safe to index.
CREATE FUNCTION atlas_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, translate($1, 'Đđ', 'Dd'))) $$;
