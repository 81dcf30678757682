package org.communeatlas.data;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.communeatlas.db.Database;
import org.communeatlas.db.Transactions;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a generated dataset (the committed demo in {@code data/}) into an empty database: every file is
 * streamed with COPY into a staging table, then inserted with PostGIS building the geometries
 * (ST_GeomFromGeoJSON, ST_GeomFromText, ST_Point) and codes resolved to ids. All in one transaction:
 * a failure leaves the database as it was.
 */
public final class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private DemoLoader() {
    }

    /** True when the database holds no administrative units yet. */
    public static boolean isEmpty(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM admin_unit)")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not inspect the database: " + e.getMessage(), e);
        }
    }

    /** Loads the dataset in {@code dir}; returns rows per table. */
    public static Map<String, Long> load(DataSource ds, Path dir) {
        for (String file : DemoFiles.ALL) {
            if (!Files.exists(dir.resolve(file))) {
                throw new IllegalArgumentException("dataset in " + dir + " lacks " + file);
            }
        }
        long started = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            Transactions.loading(c, x -> {
                load(x, dir);
                return null;
            });
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            Map<String, Long> counts = counts(c);
            log.info("demo data loaded from {} in {} ms: {}", dir, (System.nanoTime() - started) / 1_000_000, counts);
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("loading the dataset failed, nothing was written: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dataset in " + dir, e);
        }
    }

    /** Every table of the dataset, on the load's transaction. */
    private static void load(Connection c, Path dir) throws SQLException, IOException {
        Database.allowLongStatements(c, 0);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit = off");
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Map<String, Long> phases = new java.util.LinkedHashMap<>();
        long t = System.nanoTime();
        loadUnits(c, copy, dir);
        t = phase(phases, "units", t);
        loadVillages(c, copy, dir);
        t = phase(phases, "villages", t);
        loadModels(c, copy, dir);
        t = phase(phases, "models", t);
        // roads first: households and sites are snapped to their nearest road node as they are inserted (in bulk
        // here, rather than row by row in the table's trigger)
        loadRoads(c, copy, dir);
        t = phase(phases, "roads", t);
        loadSitesAndHouseholds(c, copy, dir);
        t = phase(phases, "households", t);
        loadScenarios(c, copy, dir);
        phase(phases, "scenarios", t);
        log.debug("demo load phases (ms): {}", phases);
    }

    private static long phase(Map<String, Long> phases, String name, long since) {
        long now = System.nanoTime();
        phases.put(name, (now - since) / 1_000_000);
        return now;
    }

    private static void loadUnits(Connection c, CopyManager copy, Path dir) throws SQLException, IOException {
        exec(c, """
                CREATE TEMP TABLE stage_unit (code text, name text, short_name text, unit_type text, level text, parent_code text,
                    valid_from date, valid_to date, area_km2 numeric, population integer, centre_lon float8, centre_lat float8,
                    geom text) ON COMMIT DROP""");
        copyGeoJson(copy, dir.resolve(DemoFiles.ADMIN_UNITS), "stage_unit",
                List.of("code", "name", "short_name", "unit_type", "level", "parent_code", "valid_from", "valid_to", "area_km2",
                        "population", "centre_lon", "centre_lat"));
        exec(c, """
                INSERT INTO admin_unit (code, name, short_name, unit_type, level, valid_from, valid_to, area_km2, population, centre, geom)
                SELECT code, name, short_name, unit_type, level, valid_from, valid_to, area_km2, population,
                       CASE WHEN centre_lon IS NOT NULL THEN ST_SetSRID(ST_Point(centre_lon, centre_lat), 4326) END,
                       CASE WHEN geom IS NOT NULL THEN ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)) END
                FROM stage_unit""");
        // a parent is the unit of that code valid in the same period as its child
        exec(c, """
                UPDATE admin_unit child SET parent_id = parent.id
                FROM stage_unit s, admin_unit parent
                WHERE s.code = child.code AND s.valid_from IS NOT DISTINCT FROM child.valid_from
                  AND parent.code = s.parent_code
                  AND daterange(parent.valid_from, parent.valid_to) && daterange(child.valid_from, child.valid_to)""");
        exec(c, "CREATE TEMP TABLE stage_succession (old_code text, new_code text, effective_on date) ON COMMIT DROP");
        copyCsv(copy, dir.resolve(DemoFiles.SUCCESSION), "stage_succession");
        exec(c, """
                INSERT INTO admin_unit_succession (old_unit_id, new_unit_id, effective_on)
                SELECT o.id, n.id, s.effective_on FROM stage_succession s
                JOIN admin_unit o ON o.code = s.old_code AND o.valid_to = s.effective_on
                JOIN admin_unit n ON n.code = s.new_code AND n.valid_from = s.effective_on""");
    }

    private static void loadVillages(Connection c, CopyManager copy, Path dir) throws SQLException, IOException {
        exec(c, """
                CREATE TEMP TABLE stage_village (code text, name text, kind text, commune_code text, unit_2025_code text,
                    population integer, centre_lon float8, centre_lat float8, geom text) ON COMMIT DROP""");
        copyGeoJson(copy, dir.resolve(DemoFiles.VILLAGES), "stage_village",
                List.of("code", "name", "kind", "commune_code", "unit_2025_code", "population", "centre_lon", "centre_lat"));
        exec(c, """
                INSERT INTO village (code, name, kind, commune_id, unit_2025_id, population, centre, geom)
                SELECT s.code, s.name, s.kind, old.id, new.id, s.population, ST_SetSRID(ST_Point(s.centre_lon, s.centre_lat), 4326),
                       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(s.geom), 4326))
                FROM stage_village s
                JOIN admin_unit old ON old.code = s.commune_code AND old.level = 'commune' AND old.valid_to = DATE '%s'
                JOIN admin_unit new ON new.code = s.unit_2025_code AND new.level = 'commune' AND new.valid_from = DATE '%s'
                ORDER BY s.code""".formatted(DemoFiles.REFORM_DATE, DemoFiles.REFORM_DATE));
    }

    private static void loadModels(Connection c, CopyManager copy, Path dir) throws SQLException, IOException {
        exec(c, """
                CREATE TEMP TABLE stage_model (code text, name text, name_en text, sector text, host text, host_unit_code text,
                    origin_village_code text, origin_unit_code text, founded_on date, founded_precision text, recognised_on date,
                    description text, members integer, party_members integer, member_age_min smallint, member_age_max smallint,
                    commended_by_party boolean, commended_by_commission boolean, source text) ON COMMIT DROP""");
        copyCsv(copy, dir.resolve(DemoFiles.MODELS), "stage_model");
        String oldUnit = "admin_unit %1$s ON %1$s.code = s.%2$s AND %1$s.valid_to = DATE '" + DemoFiles.REFORM_DATE + "'";
        exec(c, """
                INSERT INTO model (code, name, name_en, sector, host, host_unit_id, origin_village_id, origin_unit_id, founded_on,
                    founded_precision, recognised_on, description, members, party_members, member_age_min, member_age_max,
                    commended_by_party, commended_by_commission, source)
                SELECT s.code, s.name, s.name_en, s.sector, s.host, hu.id, v.id, ou.id, s.founded_on, s.founded_precision,
                    s.recognised_on, s.description, s.members, s.party_members, s.member_age_min, s.member_age_max,
                    s.commended_by_party, s.commended_by_commission, s.source
                FROM stage_model s
                LEFT JOIN %s LEFT JOIN %s
                LEFT JOIN village v ON v.code = s.origin_village_code
                ORDER BY s.code""".formatted(oldUnit.formatted("hu", "host_unit_code"), oldUnit.formatted("ou", "origin_unit_code")));
        exec(c, "CREATE TEMP TABLE stage_adoption (model_code text, village_code text, started_on date, ended_on date, members integer) ON COMMIT DROP");
        copyCsv(copy, dir.resolve(DemoFiles.ADOPTIONS), "stage_adoption");
        exec(c, """
                INSERT INTO adoption (model_id, village_id, started_on, ended_on, members)
                SELECT m.id, v.id, s.started_on, s.ended_on, s.members FROM stage_adoption s
                JOIN model m ON m.code = s.model_code JOIN village v ON v.code = s.village_code""");
    }

    private static void loadSitesAndHouseholds(Connection c, CopyManager copy, Path dir) throws SQLException, IOException {
        exec(c, """
                CREATE TEMP TABLE stage_site (code text, name text, kind text, commune_code text, village_code text, lon float8,
                    lat float8, capacity_day integer, capacity_night integer, is_open boolean, elevation_m real, services text,
                    host_household_code text) ON COMMIT DROP""");
        copyCsv(copy, dir.resolve(DemoFiles.EVACUATION_POINTS), "stage_site");
        exec(c, """
                INSERT INTO evacuation_point (code, name, kind, commune_id, village_id, capacity_day, capacity_night, is_open,
                    elevation_m, services, geom, road_node_id)
                SELECT s.code, s.name, s.kind, u.id, v.id, s.capacity_day, s.capacity_night, s.is_open, s.elevation_m,
                    string_to_array(s.services, ';'), g, (SELECT n.id FROM road_node n ORDER BY n.geom <-> g LIMIT 1)
                FROM (SELECT *, ST_SetSRID(ST_Point(lon, lat), 4326) AS g FROM stage_site) s
                JOIN admin_unit u ON u.code = s.commune_code AND u.valid_to = DATE '%s'
                LEFT JOIN village v ON v.code = s.village_code
                ORDER BY s.code""".formatted(DemoFiles.REFORM_DATE));
        exec(c, """
                INSERT INTO evacuation_point_status (point_id, is_open, occupancy, reserved, changed_by, note)
                SELECT id, is_open, occupancy, reserved, 'demo', 'đăng ký ban đầu' FROM evacuation_point""");
        exec(c, """
                CREATE TEMP TABLE stage_household (code text, village_code text, lon float8, lat float8, head_name text, phone text,
                    members smallint, elderly smallint, young_children smallint, disabled smallint, pregnant smallint,
                    house_class smallint, ground_elevation_m real, status text) ON COMMIT DROP""");
        copyCsv(copy, dir.resolve(DemoFiles.HOUSEHOLDS), "stage_household");
        exec(c, """
                INSERT INTO household (code, village_id, head_name, phone, members, elderly, young_children, disabled, pregnant,
                    house_class, ground_elevation_m, status, geom, road_node_id)
                SELECT s.code, v.id, s.head_name, s.phone, s.members, s.elderly, s.young_children, s.disabled, s.pregnant,
                    s.house_class, s.ground_elevation_m, s.status, g, (SELECT n.id FROM road_node n ORDER BY n.geom <-> g LIMIT 1)
                FROM (SELECT *, ST_SetSRID(ST_Point(lon, lat), 4326) AS g FROM stage_household) s
                JOIN village v ON v.code = s.village_code""");
        exec(c, """
                UPDATE evacuation_point p SET host_household_id = h.id
                FROM stage_site s JOIN household h ON h.code = s.host_household_code
                WHERE s.code = p.code""");
    }

    private static void loadRoads(Connection c, CopyManager copy, Path dir) throws SQLException, IOException {
        exec(c, "CREATE TEMP TABLE stage_node (id bigint, lon float8, lat float8, elevation_m real) ON COMMIT DROP");
        copyCsv(copy, dir.resolve(DemoFiles.ROAD_NODES), "stage_node");
        exec(c, "INSERT INTO road_node (id, elevation_m, geom) SELECT id, elevation_m, ST_SetSRID(ST_Point(lon, lat), 4326) FROM stage_node");
        exec(c, """
                CREATE TEMP TABLE stage_road (id bigint, name text, road_class text, source bigint, target bigint, elevation_m real,
                    wkt text) ON COMMIT DROP""");
        copyCsv(copy, dir.resolve(DemoFiles.ROADS), "stage_road");
        exec(c, """
                INSERT INTO road (id, name, road_class, source, target, length_m, elevation_m, geom)
                SELECT id, name, road_class, source, target, ST_Length(g::geography), elevation_m, g
                FROM (SELECT *, ST_GeomFromText(wkt, 4326) AS g FROM stage_road) s""");
    }

    private static void loadScenarios(Connection c, CopyManager copy, Path dir) throws SQLException, IOException {
        exec(c, """
                CREATE TEMP TABLE stage_scenario (code text, name text, name_en text, kind text, river text, gauge text,
                    river_level_m numeric, alarm_level smallint, water_level_m numeric, description text, geom text) ON COMMIT DROP""");
        copyGeoJson(copy, dir.resolve(DemoFiles.FLOOD_SCENARIOS), "stage_scenario",
                List.of("code", "name", "name_en", "kind", "river", "gauge", "river_level_m", "alarm_level", "water_level_m", "description"));
        exec(c, """
                INSERT INTO flood_scenario (code, name, name_en, kind, river, gauge, river_level_m, alarm_level, water_level_m, description, geom)
                SELECT code, name, name_en, kind, river, gauge, river_level_m, alarm_level, water_level_m, description,
                       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)) FROM stage_scenario ORDER BY code""");
    }

    private static void copyCsv(CopyManager copy, Path file, String table) throws SQLException, IOException {
        try (Reader reader = open(file)) {
            copy.copyIn("COPY " + table + " FROM STDIN (FORMAT csv, HEADER true)", reader);
        }
    }

    /** Streams GeoJSON features as CSV rows (the listed properties, then the geometry as GeoJSON text). */
    private static void copyGeoJson(CopyManager copy, Path file, String table, List<String> properties) throws SQLException, IOException {
        CopyIn in = copy.copyIn("COPY " + table + " FROM STDIN (FORMAT csv)");
        try (InputStream raw = gunzip(file); JsonParser parser = JsonCodec.MAPPER.getFactory().createParser(raw);
             Writer out = new java.io.OutputStreamWriter(new CopyOutputStream(in), StandardCharsets.UTF_8);
             Csv.RowWriter rows = Csv.writer(out)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.FIELD_NAME && "features".equals(parser.currentName())) {
                    parser.nextToken();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode feature = JsonCodec.MAPPER.readTree(parser);
                        Object[] row = new Object[properties.size() + 1];
                        JsonNode props = feature.get("properties");
                        for (int i = 0; i < properties.size(); i++) {
                            JsonNode v = props.get(properties.get(i));
                            row[i] = v == null || v.isNull() ? null : v.asText();
                        }
                        JsonNode geometry = feature.get("geometry");
                        row[properties.size()] = geometry == null || geometry.isNull() ? null : geometry.toString();
                        rows.write(row);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw e;
        }
        if (in.isActive()) {
            in.endCopy();
        }
    }

    private static Reader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(gunzip(file), StandardCharsets.UTF_8), 1 << 16);
    }

    private static InputStream gunzip(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("admin_unit", "village", "model", "adoption", "household", "evacuation_point", "road", "flood_scenario")) {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    /** Bytes into a running COPY, so that a file never sits whole in memory. */
    private static final class CopyOutputStream extends java.io.OutputStream {
        private final CopyIn copy;

        CopyOutputStream(CopyIn copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                copy.writeToCopy(bytes, offset, length);
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
