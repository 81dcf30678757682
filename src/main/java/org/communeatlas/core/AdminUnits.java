package org.communeatlas.core;

import java.time.LocalDate;

/**
 * The two sets of administrative units. On 1 July 2025 Việt Nam abolished districts and merged communes
 * (Quảng Nam into Đà Nẵng): units before the reform are valid until that day, the new ones from it. The
 * movement's statistics are kept in the units before the reform. Every SQL condition that picks one set is
 * written here, once.
 */
public final class AdminUnits {

    /** The day the post-reform units took effect (the pre-reform units are valid until, not including, it). */
    public static final LocalDate REFORM_DATE = LocalDate.of(2025, 7, 1);

    /** The reform date as an SQL literal, for statements that set or compare validity dates. */
    public static final String REFORM_DATE_SQL = "DATE '" + REFORM_DATE + "'";

    private AdminUnits() {
    }

    /** SQL: the unit aliased {@code alias} is one of those before the reform. */
    public static String beforeReform(String alias) {
        return prefix(alias) + "valid_to = " + REFORM_DATE_SQL;
    }

    /** SQL: the unit aliased {@code alias} is one of those after the reform. */
    public static String afterReform(String alias) {
        return prefix(alias) + "valid_from = " + REFORM_DATE_SQL;
    }

    private static String prefix(String alias) {
        return alias == null || alias.isEmpty() ? "" : alias + ".";
    }
}
