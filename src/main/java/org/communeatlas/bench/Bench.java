package org.communeatlas.bench;

import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.generator.DemoGenerator;

/**
 * {@code make bench}: the performance figures as ratios measured in one run on this machine. Uses the
 * project-local PostGIS (its own benchmark databases, not the one {@code make run} serves).
 */
public final class Bench {

    static final int LARGE_HOUSEHOLDS = 600_000;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        AtlasConfig config = AtlasConfig.fromEnvironment(System.getenv());
        Report report = new Report();
        report.line("Commune Atlas benchmark — " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        BenchDatabase db = new BenchDatabase(config);
        String demo = db.demo();
        // "make bench" runs every part; "make bench PARTS=floods" (or tiles, proxy, scale, coverage, import, sos, surge) only some
        java.util.Set<String> parts = args.length == 0 ? java.util.Set.of("tiles", "proxy", "scale", "coverage", "import", "sos", "surge", "floods")
                : java.util.Set.of(args);
        if (parts.contains("tiles")) {
            TileBench.run(config, demo, report);
        }
        if (parts.contains("proxy")) {
            ProxyBench.run(config, demo, report);
        }
        String million = parts.contains("scale") ? ScaleBench.run(config, db, demo, report) : null;
        if (parts.contains("coverage")) {
            CoverageBench.run(config, demo, report);
        }
        if (parts.contains("import")) {
            ImportBench.run(db, report);
        }
        if (parts.contains("sos")) {
            SosBench.run(config, db, report);
        }
        if (parts.contains("surge")) {
            SurgeBench.run(config, db, report);
        }
        if (!parts.contains("floods")) {
            System.exit(0);
        }
        FloodBench.run(config, demo, "demo data (50,000 households)", report);
        // about 100,000 households must move at level III when the delta holds 600,000 (the demo's 50,000 twelvefold)
        FloodBench.run(config, db.generated(LARGE_HOUSEHOLDS, DemoGenerator.Spread.DELTA),
                String.format("generated data (%,d households in Tam Kỳ and Phú Ninh)", LARGE_HOUSEHOLDS), report);
        if (million != null) {
            FloodBench.run(config, million, String.format("generated data (%,d households over the province)", ScaleBench.MILLION), report);
        }
        System.exit(0);
    }
}
