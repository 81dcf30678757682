package org.communeatlas.packs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.communeatlas.core.AdminUnits;

/** What a pack file takes from PostGIS beyond the field pack: the commune's village boundaries and the flood's outline over it, as GeoJSON. */
final class PackFileStore {

    /** The villages of a commune (before the 2025 reform) as a GeoJSON FeatureCollection in CRS84. */
    String villages(Connection c, String communeCode) throws SQLException {
        return collection(c, """
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object('type', 'Feature',
                    'geometry', ST_AsGeoJSON(v.geom, 7)::json,
                    'properties', json_build_object('code', v.code, 'name', v.name, 'kind', v.kind, 'population', v.population))
                    ORDER BY v.code), '[]'::json))::text
                FROM village v JOIN admin_unit a ON a.id = v.commune_id WHERE a.code = ? AND a.level = 'commune'"""
                + " AND " + AdminUnits.beforeReform("a"), communeCode, null);
    }

    /** The flood's water within the commune, as a FeatureCollection of one feature (none when it does not reach it). */
    String flood(Connection c, int floodId, String communeCode) throws SQLException {
        return collection(c, """
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object('type', 'Feature',
                    'geometry', ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Intersection(f.geom, a.geom), 3)), 7)::json,
                    'properties', json_build_object('flood_id', f.id, 'name', f.name, 'alarm_level', f.alarm_level))), '[]'::json))::text
                FROM flood_event f JOIN admin_unit a ON a.code = ? AND a.level = 'commune' AND ST_Intersects(f.geom, a.geom)
                WHERE f.id = ?""" + " AND " + AdminUnits.beforeReform("a"), communeCode, floodId);
    }

    private static String collection(Connection c, String sql, String code, Integer id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, code);
            if (id != null) {
                ps.setInt(2, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
