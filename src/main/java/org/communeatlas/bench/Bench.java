package org.communeatlas.bench;

import org.communeatlas.config.AtlasConfig;

/**
 * {@code make bench}: the performance figures as ratios measured in one run on this machine. Uses the
 * project-local PostGIS (its own benchmark databases, not the one {@code make run} serves).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        AtlasConfig config = AtlasConfig.fromEnvironment(System.getenv());
        Report report = new Report();
        report.line("Commune Atlas benchmark — " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        BenchDatabase db = new BenchDatabase(config);
        String demo = db.demo();
        TileBench.run(config, demo, report);
        CoverageBench.run(config, demo, report);
        System.exit(0);
    }
}
