package org.communeatlas.files;

import java.util.List;

/**
 * A layer officials can load: the columns it takes, its geometry, the checks that need the database
 * (codes that must exist or must not), and the SQL that writes checked rows from {@code import_ready}.
 * Every table and column name here is ours; the file's names only ever choose among {@link #fields()}.
 */
public interface FileLayer {

    /** The geometry each row carries; NONE for tables without one (adoptions). */
    enum Shape { POINT, POLYGON, NONE }

    String name();

    /** The audit log's entity and the table whose codes the file's codes are compared with. */
    String table();

    List<Field> fields();

    Shape shape();

    /**
     * Checks against the database, each a query over {@code import_ready r} returning
     * (import_row, column, value, reason) for every row that fails it.
     */
    List<String> referenceChecks();

    /** SQL adding the checked rows of {@code import_ready r} whose code the table does not hold yet. */
    String insertSql();

    /** SQL updating, from {@code import_ready r}, the rows whose code the table holds ({@code --replace}). */
    String updateSql();

    /** Whether every row must carry a geometry; a layer may take rows located otherwise (an address, a phone). */
    default boolean geometryRequired() {
        return true;
    }

    /** SQL run after {@link #insertSql()} in the same transaction (matching the new rows to others), or null. */
    default String afterInsertSql() {
        return null;
    }

    /** Checks across the columns of one row; each failure names the field to blame. */
    default List<CheckedRow.Problem> rowChecks(CheckedRow row) {
        return List.of();
    }

    /**
     * The layer as rows for export, one column per field (named by the field) and {@code geom} in WGS 84;
     * without {@code personal}, the personal fields are left out.
     */
    String exportSql(boolean personal);

    /** A condition on {@code t} (the target table) saying a row belongs to this layer, for code clashes. */
    default String scope() {
        return "true";
    }

    /** The fields that identify a record: two rows of a file with the same values are the same record twice. */
    default List<String> key() {
        return List.of("code");
    }

    /** A condition between {@code r} (a checked row) and {@code t} (the table) true when they are the same record. */
    default String sameRecord() {
        return "t.code = r.code";
    }
}
