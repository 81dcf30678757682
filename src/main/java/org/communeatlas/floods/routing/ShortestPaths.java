package org.communeatlas.floods.routing;

import java.util.Arrays;

/**
 * Dijkstra's algorithm over a {@link RoadGraph} with some edges blocked, reusing its arrays between
 * searches (a search costs only the nodes it settles, not the size of the network). Not thread-safe: one
 * per thread. Roads are two-way, so the tree grown from a site gives every node's route to that site.
 */
public final class ShortestPaths {

    /** Called for each node in order of distance; return false to stop the search. */
    @FunctionalInterface
    public interface Visitor {
        boolean settled(int node, double distance);
    }

    private final RoadGraph graph;
    private final boolean[] blocked;
    private final double[] dist;
    private final int[] predEdge;
    private final int[] seen;     // search number that last reached the node
    private final boolean[] done;
    private int search;
    private double[] heapKey = new double[1024];
    private int[] heapNode = new int[1024];
    private int heapSize;

    public ShortestPaths(RoadGraph graph, boolean[] blocked) {
        this.graph = graph;
        this.blocked = blocked;
        int n = graph.nodeCount();
        dist = new double[n];
        predEdge = new int[n];
        seen = new int[n];
        done = new boolean[n];
    }

    /** Grows the shortest-path tree from {@code source} out to {@code limit} metres (or until the visitor stops it). */
    public void run(int source, double limit, Visitor visitor) {
        search++;
        heapSize = 0;
        reach(source, 0, -1);
        while (heapSize > 0) {
            double d = heapKey[0];
            int v = pop();
            if (done[v] && seen[v] == search) {
                continue;
            }
            if (d > dist[v]) {
                continue; // a stale heap entry
            }
            done[v] = true;
            if (!visitor.settled(v, d)) {
                return;
            }
            for (int k = graph.adjStart(v), end = graph.adjEnd(v); k < end; k++) {
                int e = graph.adjEdge(k);
                if (blocked[e]) {
                    continue;
                }
                int w = graph.otherEnd(e, v);
                double nd = d + graph.length(e);
                if (nd <= limit && (seen[w] != search || (!done[w] && nd < dist[w]))) {
                    reach(w, nd, e);
                }
            }
        }
    }

    /** Distance of a node settled by the last search, or infinity. */
    public double distance(int node) {
        return seen[node] == search && done[node] ? dist[node] : Double.POSITIVE_INFINITY;
    }

    /** The edge by which the last search reached a node (towards its source), or -1 at the source. */
    public int predecessorEdge(int node) {
        return predEdge[node];
    }

    private void reach(int node, double d, int edge) {
        if (seen[node] != search) {
            seen[node] = search;
            done[node] = false;
        }
        dist[node] = d;
        predEdge[node] = edge;
        push(d, node);
    }

    private void push(double key, int node) {
        if (heapSize == heapKey.length) {
            heapKey = Arrays.copyOf(heapKey, heapSize * 2);
            heapNode = Arrays.copyOf(heapNode, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapKey[parent] <= key) {
                break;
            }
            heapKey[i] = heapKey[parent];
            heapNode[i] = heapNode[parent];
            i = parent;
        }
        heapKey[i] = key;
        heapNode[i] = node;
    }

    private int pop() {
        int top = heapNode[0];
        double key = heapKey[--heapSize];
        int node = heapNode[heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heapKey[child + 1] < heapKey[child]) {
                child++;
            }
            if (heapKey[child] >= key) {
                break;
            }
            heapKey[i] = heapKey[child];
            heapNode[i] = heapNode[child];
            i = child;
        }
        heapKey[i] = key;
        heapNode[i] = node;
        return top;
    }
}
