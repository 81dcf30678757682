package org.communeatlas.bench;

import java.util.Locale;

/** Prints benchmark figures as aligned lines. */
final class Report {

    void line(String text) {
        System.out.println(text);
    }

    void perSecond(String label, double rate, String unit) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f %s/s%n", label, rate, unit);
    }

    void ratio(String label, double value) {
        System.out.printf(Locale.ROOT, "%-44s %10.2f%n", label, value);
    }

    void micros(String label, double us) {
        System.out.printf(Locale.ROOT, "%-44s %10.0f µs%n", label, us);
    }

    void millis(String label, double ms) {
        System.out.printf(Locale.ROOT, "%-44s %10.1f ms%n", label, ms);
    }
}
