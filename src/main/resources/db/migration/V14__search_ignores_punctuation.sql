-- Search ignores punctuation as it ignores diacritics: "to tu quan 5 trong 1" finds Tổ tự quản "5 trong 1".
-- Every run of characters that are not letters or digits becomes one space.
CREATE FUNCTION atlas_fold_words(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT btrim(regexp_replace(atlas_fold($1), '[^a-z0-9]+', ' ', 'g')) $$;

CREATE INDEX model_name_words_trgm_idx ON model USING gin (atlas_fold_words(name) gin_trgm_ops);
CREATE INDEX village_name_words_trgm_idx ON village USING gin (atlas_fold_words(name) gin_trgm_ops);
CREATE INDEX admin_unit_name_words_trgm_idx ON admin_unit USING gin (atlas_fold_words(name) gin_trgm_ops);
