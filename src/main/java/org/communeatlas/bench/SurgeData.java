package org.communeatlas.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The surge's world in its own copy of the demo database: a flood at alarm level III (the TK-III scenario), the families
 * not yet sheltered in a fixed random order (each checks in once), the sites they go to, schools with 100 places left
 * for the bursts, and the homes calls for help come from.
 */
final class SurgeData {

    final int flood;
    private final long[] families;
    private final int[] sites;
    private final int[] burstSites;
    private final double[][] homes;
    private final AtomicInteger nextBurst = new AtomicInteger();

    private SurgeData(int flood, long[] families, int[] sites, int[] burstSites, double[][] homes) {
        this.flood = flood;
        this.families = families;
        this.sites = sites;
        this.burstSites = burstSites;
        this.homes = homes;
    }

    static SurgeData prepare(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            int flood = longs(s, "INSERT INTO flood_event (name, source, scenario_id, river_level_m, alarm_level, water_level_m, created_by, geom) "
                    + "SELECT name, 'scenario', id, river_level_m, alarm_level, water_level_m, 'bench', geom FROM flood_scenario WHERE code = 'TK-III' "
                    + "RETURNING id").get(0).intValue();
            long[] families = longs(s, "SELECT id FROM household WHERE site_id IS NULL ORDER BY md5(id::text)").stream().mapToLong(Long::longValue).toArray();
            int[] sites = longs(s, "SELECT id FROM evacuation_point ORDER BY id").stream().mapToInt(Long::intValue).toArray();
            // the schools a crowd arrives at: 150 places, 50 taken
            int[] burstSites = longs(s, "UPDATE evacuation_point SET capacity_day = 150, capacity_night = 150, occupancy = 50, reserved = 0 "
                    + "WHERE id IN (SELECT id FROM evacuation_point WHERE kind = 'school' ORDER BY id LIMIT 12) RETURNING id")
                    .stream().mapToInt(Long::intValue).toArray();
            List<double[]> homes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT ST_X(geom), ST_Y(geom) FROM household ORDER BY id")) {
                while (rs.next()) {
                    homes.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
                }
            }
            return new SurgeData(flood, families, sites, burstSites, homes.toArray(double[][]::new));
        }
    }

    /** The next family to check in, or -1 when every one has. */
    long next(AtomicInteger counter) {
        int i = counter.getAndIncrement();
        return i < families.length ? families[i] : -1;
    }

    /** The sites in turn. */
    int siteFor(long tick) {
        return sites[(int) (tick % sites.length)];
    }

    /** The next school a crowd arrives at. */
    int burstSite() {
        return burstSites[Math.floorMod(nextBurst.getAndIncrement(), burstSites.length)];
    }

    /** A caller's place: near a family's home (within about 50 m). */
    double[] somewhere(SplittableRandom r) {
        double[] home = homes[r.nextInt(homes.length)];
        return new double[] {home[0] + (r.nextDouble() - 0.5) * 0.001, home[1] + (r.nextDouble() - 0.5) * 0.001};
    }

    private static List<Long> longs(Statement s, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
