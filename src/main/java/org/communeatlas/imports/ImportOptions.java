package org.communeatlas.imports;

import java.util.Map;

/**
 * Who imports and how.
 *
 * @param srs     the file's CRS as an EPSG code, overriding what it declares; 0 keeps the file's
 * @param dryRun  check only, write nothing
 * @param replace update records whose code exists (else they are refused)
 * @param columns a file's header → our field, for headers we do not recognise
 */
public record ImportOptions(int srs, boolean dryRun, boolean replace, Map<String, String> columns, Integer userId, String username,
                            String address) {
}
