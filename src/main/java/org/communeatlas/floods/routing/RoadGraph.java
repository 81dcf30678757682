package org.communeatlas.floods.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.communeatlas.db.Transactions;

/**
 * The road network as arrays, for the graph work PostGIS and pgRouting do not do well at this size:
 * connected components of the dry network and many bounded shortest-path searches per request. Nodes are
 * numbered 0..n-1 in the order of their ids; each undirected edge appears in the adjacency of both ends
 * (compressed sparse rows). Immutable; {@link RoadNetwork} keeps the current one.
 */
public final class RoadGraph {

    private final long[] nodeIds;      // sorted: index → road_node.id
    private final double[] nodeLon;
    private final double[] nodeLat;
    private final long[] edgeIds;      // index → road.id
    private final int[] edgeSource;
    private final int[] edgeTarget;
    private final double[] edgeLength; // metres
    private final boolean[] edgeClosed;
    private final int[] adjStart;      // node → first slot in adjEdge
    private final int[] adjEdge;       // slot → edge index

    RoadGraph(long[] nodeIds, double[] nodeLon, double[] nodeLat, long[] edgeIds, int[] edgeSource, int[] edgeTarget, double[] edgeLength,
              boolean[] edgeClosed) {
        this.nodeIds = nodeIds;
        this.nodeLon = nodeLon;
        this.nodeLat = nodeLat;
        this.edgeIds = edgeIds;
        this.edgeSource = edgeSource;
        this.edgeTarget = edgeTarget;
        this.edgeLength = edgeLength;
        this.edgeClosed = edgeClosed;
        int n = nodeIds.length;
        adjStart = new int[n + 1];
        for (int e = 0; e < edgeIds.length; e++) {
            adjStart[edgeSource[e] + 1]++;
            adjStart[edgeTarget[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            adjStart[i + 1] += adjStart[i];
        }
        adjEdge = new int[adjStart[n]];
        int[] fill = Arrays.copyOf(adjStart, n);
        for (int e = 0; e < edgeIds.length; e++) {
            adjEdge[fill[edgeSource[e]]++] = e;
            adjEdge[fill[edgeTarget[e]]++] = e;
        }
    }

    /** A network from arrays (node ids sorted ascending; edges given by node index), e.g. for a small test instance. */
    public static RoadGraph of(long[] nodeIds, double[] lon, double[] lat, long[] edgeIds, int[] source, int[] target, double[] lengthM) {
        return new RoadGraph(nodeIds.clone(), lon.clone(), lat.clone(), edgeIds.clone(), source.clone(), target.clone(), lengthM.clone(),
                new boolean[edgeIds.length]);
    }

    /** Reads the whole network in one snapshot: about 0.1 s for the demo's 49,425 edges. */
    public static RoadGraph load(DataSource db) throws SQLException {
        return Transactions.snapshot(db, c -> {
                int n = count(c, "road_node");
                long[] nodes = new long[n];
                double[] lon = new double[n];
                double[] lat = new double[n];
                try (PreparedStatement ps = c.prepareStatement("SELECT id, ST_X(geom), ST_Y(geom) FROM road_node ORDER BY id")) {
                    ps.setFetchSize(50_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        for (int i = 0; rs.next(); i++) {
                            nodes[i] = rs.getLong(1);
                            lon[i] = rs.getDouble(2);
                            lat[i] = rs.getDouble(3);
                        }
                    }
                }
                int m = count(c, "road");
                long[] ids = new long[m];
                int[] src = new int[m];
                int[] dst = new int[m];
                double[] len = new double[m];
                boolean[] closed = new boolean[m];
                try (PreparedStatement ps = c.prepareStatement("SELECT id, source, target, length_m, is_open FROM road ORDER BY id")) {
                    ps.setFetchSize(50_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        for (int e = 0; rs.next(); e++) {
                            ids[e] = rs.getLong(1);
                            src[e] = Arrays.binarySearch(nodes, rs.getLong(2));
                            dst[e] = Arrays.binarySearch(nodes, rs.getLong(3));
                            len[e] = rs.getDouble(4);
                            closed[e] = !rs.getBoolean(5);
                        }
                    }
                }
                return new RoadGraph(nodes, lon, lat, ids, src, dst, len, closed);
        });
    }

    private static int count(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public int nodeCount() {
        return nodeIds.length;
    }

    public int edgeCount() {
        return edgeIds.length;
    }

    /** The index of a road node id, or -1 when the network has no such node. */
    public int node(long roadNodeId) {
        int i = Arrays.binarySearch(nodeIds, roadNodeId);
        return i < 0 ? -1 : i;
    }

    public long nodeId(int node) {
        return nodeIds[node];
    }

    public double lon(int node) {
        return nodeLon[node];
    }

    public double lat(int node) {
        return nodeLat[node];
    }

    /** The index of a road id, or -1. Road ids are sorted too. */
    public int edge(long roadId) {
        int i = Arrays.binarySearch(edgeIds, roadId);
        return i < 0 ? -1 : i;
    }

    public long edgeId(int edge) {
        return edgeIds[edge];
    }

    public double length(int edge) {
        return edgeLength[edge];
    }

    public int otherEnd(int edge, int node) {
        return edgeSource[edge] == node ? edgeTarget[edge] : edgeSource[edge];
    }

    /** Edges that cannot be used: closed on the road register, plus the ones given (under water). */
    public boolean[] blocked(int[] floodedEdges) {
        boolean[] blocked = Arrays.copyOf(edgeClosed, edgeClosed.length);
        for (int e : floodedEdges) {
            blocked[e] = true;
        }
        return blocked;
    }

    int adjStart(int node) {
        return adjStart[node];
    }

    int adjEnd(int node) {
        return adjStart[node + 1];
    }

    int adjEdge(int slot) {
        return adjEdge[slot];
    }

    /** Connected components of the passable network: component id per node, the ids dense from 0. */
    public int[] components(boolean[] blocked) {
        int n = nodeIds.length;
        int[] comp = new int[n];
        Arrays.fill(comp, -1);
        int[] stack = new int[n];
        int next = 0;
        for (int start = 0; start < n; start++) {
            if (comp[start] >= 0) {
                continue;
            }
            int top = 0;
            stack[top++] = start;
            comp[start] = next;
            while (top > 0) {
                int v = stack[--top];
                for (int k = adjStart[v]; k < adjStart[v + 1]; k++) {
                    int e = adjEdge[k];
                    if (blocked[e]) {
                        continue;
                    }
                    int w = otherEnd(e, v);
                    if (comp[w] < 0) {
                        comp[w] = next;
                        stack[top++] = w;
                    }
                }
            }
            next++;
        }
        return comp;
    }
}
