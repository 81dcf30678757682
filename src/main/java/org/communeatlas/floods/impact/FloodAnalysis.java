package org.communeatlas.floods.impact;

import java.util.List;
import java.util.Map;
import org.communeatlas.floods.events.FloodEvent;
import org.communeatlas.floods.routing.RoadGraph;

/**
 * What a flood does to the network and the people, computed once per flood and data version by
 * {@link FloodAnalyzer}: the roads under water, the dry and open evacuation points, the components of
 * the dry road network, and every household the flood concerns (inside it, cut off by it, or in a weak
 * house of a village it reaches).
 */
public record FloodAnalysis(
        FloodEvent event,
        RoadGraph graph,
        boolean[] blocked,
        int[] component,
        boolean[] componentHasSite,
        List<Site> sites,
        List<Household> households,
        int floodedEdges,
        double floodedRoadKm,
        Map<Integer, Unit> villages,
        Map<Integer, Unit> communes,
        long computedMs) {

    /** Why a household must move. */
    public enum Reason {
        FLOODED, ISOLATED, WEAK_HOUSE;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A village or commune, by name, for reports. */
    public record Unit(int id, String code, String name, int parentId) {
    }

    public record Site(int id, String code, String name, String kind, int communeId, Integer villageId, int capacityDay,
                       int capacityNight, int occupancy, int reserved, boolean open, boolean flooded, int node) {

        /** A public site (not a family's solid house taking in neighbours) that is open and above the water. */
        public boolean publicRefuge() {
            return open && !flooded && !kind.equals("solid_house") && node >= 0;
        }

        /** Places left: capacity − occupants − reserved (Sahana Eden's availability), by day or overnight. */
        public int available(boolean overnight) {
            return Math.max((overnight ? capacityNight : capacityDay) - occupancy - reserved, 0);
        }
    }

    public record Household(long id, int villageId, int communeId, int members, int elderly, int youngChildren, int disabled,
                            int pregnant, int houseClass, String status, Integer siteId, int node, boolean flooded, boolean cutOff,
                            Double depthM, double lon, double lat) {

        /** Children under 6, elderly, disabled or pregnant members: served first. */
        public boolean vulnerable() {
            return elderly + youngChildren + disabled + pregnant > 0;
        }

        public boolean weakHouse() {
            return houseClass >= 3;
        }

        /** Inside the flood, or cut off from every dry open site though dry itself, or only in a weak house nearby. */
        public Reason reason() {
            return flooded ? Reason.FLOODED : cutOff ? Reason.ISOLATED : Reason.WEAK_HOUSE;
        }

        /** Already at a site: nothing to plan. */
        public boolean sheltered() {
            return siteId != null && (status.equals("evacuated") || status.equals("supplied"));
        }
    }

    /** Whether a road node can reach a dry open public site over dry roads. */
    public boolean connected(int node) {
        return node >= 0 && componentHasSite[component[node]];
    }
}
