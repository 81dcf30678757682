-- Files being imported are staged here by GDAL (one table per import, dropped when it ends), apart from
-- the application's own tables.
CREATE SCHEMA atlas_import;
