package org.communeatlas.packs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tileverse.pmtiles.PMTilesHeader;
import io.tileverse.pmtiles.PMTilesWriter;
import io.tileverse.tiling.pyramid.TileIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.gdal.Gdal;
import org.communeatlas.geo.TileMath;
import org.communeatlas.households.CommunePack;
import org.communeatlas.households.PackService;
import org.communeatlas.layers.DataVersions;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.tiles.TileRequest;
import org.communeatlas.layers.tiles.TileService;

/**
 * A commune's pack as two standard files, for officers of the commune and admins (the field pack's rule):
 * <ul>
 * <li>a GeoPackage of its villages (boundaries), households (with the personal fields the field pack carries, what the
 * current flood does to each and where its newest plan sends it), sites and the flood's water over the commune — the
 * field pack's own content, written by GDAL;</li>
 * <li>a PMTiles v3 archive of the map's tiles of the commune's box at zooms 10–17, each the bytes of
 * {@code /tiles/communes,villages,households,roads,evacuation_points/z/x/y.mvt} (public content: no personal field is
 * in a tile), uncompressed as the server answers with {@code Accept-Encoding: identity}. The archive is kept per commune
 * while the tiles' data is unchanged: a client reads it by range requests, many per map.</li>
 * </ul>
 */
public final class PackFiles {

    public static final int MIN_ZOOM = 10;
    public static final int MAX_ZOOM = 17;
    /** The layers the field map draws, as one tile. */
    public static final List<String> TILE_LAYERS = List.of("communes", "villages", "households", "roads", "evacuation_points");

    /** A built archive, and the data versions of its layers when it was built. */
    private record Built(Path file, String versions) {
    }

    private final DataSource db;
    private final PackService packs;
    private final TileService tiles;
    private final DataVersions versions;
    private final List<Layer> tileLayers;
    private final PackFileStore store = new PackFileStore();
    private final Map<String, Built> archives = new ConcurrentHashMap<>();

    public PackFiles(DataSource db, PackService packs, TileService tiles, LayerCatalog catalog, DataVersions versions) {
        this.db = db;
        this.packs = packs;
        this.tiles = tiles;
        this.versions = versions;
        this.tileLayers = TILE_LAYERS.stream().map(id -> catalog.find(id).orElseThrow()).toList();
    }

    /** The commune's GeoPackage, in a new file the caller deletes. */
    public Path geopackage(String communeCode, Viewer viewer) throws SQLException, IOException {
        CommunePack pack = packs.pack(communeCode, viewer);
        Path dir = Files.createTempDirectory("atlas-pack");
        try {
            Path gpkg = Files.createTempFile("atlas-pack-" + communeCode, ".gpkg");
            Files.delete(gpkg);
            Map<String, String> layers = new java.util.LinkedHashMap<>();
            try (Connection c = db.getConnection()) {
                layers.put("villages", store.villages(c, communeCode));
                layers.put("households", households(pack));
                layers.put("sites", sites(pack));
                if (pack.flood() != null) {
                    layers.put("flood", store.flood(c, pack.flood().id(), communeCode));
                }
            }
            boolean first = true;
            for (Map.Entry<String, String> layer : layers.entrySet()) {
                Path json = Files.writeString(dir.resolve(layer.getKey() + ".geojson"), layer.getValue());
                List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", "GPKG"));
                if (!first) {
                    command.addAll(List.of("-update", "-append"));
                }
                command.addAll(List.of(gpkg.toString(), json.toString(), "-nln", layer.getKey(), "-a_srs", "EPSG:4326"));
                Gdal.ogr2ogr(Set.of("GeoJSON", "GPKG"), command, null);
                first = false;
            }
            return gpkg;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The commune's PMTiles archive: kept while its layers' data is unchanged, built again after a change. */
    public Path pmtiles(String communeCode, Viewer viewer) throws SQLException, IOException {
        double[] bbox = packs.packSize(communeCode, viewer).bbox(); // the officer's commune, or a 403/404
        String now = String.join(",", tileLayers.stream().map(versions::of).toList());
        Built built = archives.get(communeCode);
        if (built != null && built.versions().equals(now) && Files.exists(built.file())) {
            return built.file();
        }
        synchronized (this) {
            built = archives.get(communeCode);
            if (built != null && built.versions().equals(now) && Files.exists(built.file())) {
                return built.file();
            }
            Path file = build(bbox);
            Built old = archives.put(communeCode, new Built(file, now));
            if (old != null) {
                Files.deleteIfExists(old.file());
            }
            return file;
        }
    }

    private Path build(double[] bbox) throws IOException {
        Path file = Files.createTempFile("atlas-pack", ".pmtiles");
        Files.delete(file);
        file.toFile().deleteOnExit();
        try (PMTilesWriter writer = PMTilesWriter.builder().outputPath(file).minZoom(MIN_ZOOM).maxZoom(MAX_ZOOM)
                .tileCompression(PMTilesHeader.COMPRESSION_NONE).tileType(PMTilesHeader.TILETYPE_MVT)
                .bounds(bbox[0], bbox[1], bbox[2], bbox[3]).center((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, (byte) 14).build()) {
            for (int z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
                long[] upperLeft = TileMath.tileOf(bbox[0], bbox[3], z);
                long[] lowerRight = TileMath.tileOf(bbox[2], bbox[1], z);
                for (long x = upperLeft[0]; x <= lowerRight[0]; x++) {
                    for (long y = upperLeft[1]; y <= lowerRight[1]; y++) {
                        byte[] tile = tiles.tile(TileRequest.of(tileLayers, TileRequest.Names.XYZ, Integer.toString(z), Long.toString(x),
                                Long.toString(y))).bytes();
                        if (tile.length > 0) {
                            writer.addTile(TileIndex.zxy(z, x, y), tile);
                        }
                    }
                }
            }
            writer.setMetadata(metadata());
            writer.complete();
        }
        return file;
    }

    /** The archive's metadata: its vector layers, as TileJSON names them. */
    private String metadata() {
        ObjectNode meta = JsonCodec.MAPPER.createObjectNode();
        meta.put("name", "Commune Atlas — gói bản đồ xã");
        meta.put("attribution", "Commune Atlas");
        ArrayNode layers = meta.putArray("vector_layers");
        for (Layer l : tileLayers) {
            layers.addObject().put("id", l.id()).put("description", l.title()).put("minzoom", Math.max(MIN_ZOOM, l.minZoom()))
                    .put("maxzoom", Math.min(MAX_ZOOM, l.maxZoom())).putObject("fields");
        }
        return meta.toString();
    }

    private static String households(CommunePack pack) {
        ObjectNode fc = collection();
        for (CommunePack.Household h : pack.households()) {
            ObjectNode p = point(fc, h.lon(), h.lat());
            p.put("code", h.code()).put("village_code", h.villageCode()).put("head_name", h.headName()).put("phone", h.phone())
                    .put("members", h.members()).put("priority", h.priority()).put("status", h.status()).put("note", h.note())
                    .put("impact", h.impact()).put("depth_m", h.depthM()).put("plan_site_id", h.planSiteId())
                    .put("plan_unassigned", h.planUnassigned());
            if (h.siteId() != null) {
                p.put("site_id", h.siteId());
            } else {
                p.putNull("site_id");
            }
        }
        return fc.toString();
    }

    private static String sites(CommunePack pack) {
        ObjectNode fc = collection();
        for (CommunePack.Site s : pack.sites()) {
            point(fc, s.lon(), s.lat()).put("id", s.id()).put("code", s.code()).put("name", s.name()).put("kind", s.kind())
                    .put("village_code", s.villageCode()).put("is_open", s.isOpen()).put("capacity_day", s.capacityDay())
                    .put("occupancy", s.occupancy()).put("reserved", s.reserved());
        }
        return fc.toString();
    }

    private static ObjectNode collection() {
        ObjectNode fc = JsonCodec.MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        fc.putArray("features");
        return fc;
    }

    /** A point feature added to the collection; its properties, to fill. */
    private static ObjectNode point(ObjectNode fc, double lon, double lat) {
        ObjectNode f = ((ArrayNode) fc.get("features")).addObject();
        f.put("type", "Feature");
        f.putObject("geometry").put("type", "Point").putArray("coordinates").add(lon).add(lat);
        return f.putObject("properties");
    }
}
