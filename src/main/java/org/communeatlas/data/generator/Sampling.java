package org.communeatlas.data.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

/** Seeded point sampling inside polygons. */
final class Sampling {

    private Sampling() {
    }

    static Coordinate randomInside(Geometry area, IndexedPointInAreaLocator locator, SplittableRandom random) {
        Envelope env = area.getEnvelopeInternal();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            Coordinate c = new Coordinate(env.getMinX() + random.nextDouble() * env.getWidth(),
                    env.getMinY() + random.nextDouble() * env.getHeight());
            if (locator.locate(c) == Location.INTERIOR) {
                return c;
            }
        }
        return area.getInteriorPoint().getCoordinate();
    }

    /**
     * Spreads {@code count} more points inside an area, away from the given ones and from each other
     * (Mitchell's best-candidate sampling): villages and communes end up evenly spaced, not clumped.
     */
    static List<Coordinate> spread(Geometry area, List<Coordinate> existing, int count, SplittableRandom random) {
        IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(area);
        List<Coordinate> placed = new ArrayList<>(existing);
        List<Coordinate> added = new ArrayList<>();
        Geometry boundary = area.getBoundary();
        for (int i = 0; i < count; i++) {
            Coordinate best = null;
            double bestDistance = -1;
            for (int k = 0; k < 24; k++) {
                Coordinate candidate = randomInside(area, locator, random);
                double nearest = Double.MAX_VALUE;
                for (Coordinate p : placed) {
                    nearest = Math.min(nearest, p.distance(candidate));
                }
                // keep away from the edge as well: seeds on a boundary make sliver cells
                nearest = Math.min(nearest, 1.6 * boundary.distance(area.getFactory().createPoint(candidate)));
                if (nearest > bestDistance) {
                    bestDistance = nearest;
                    best = candidate;
                }
            }
            placed.add(best);
            added.add(best);
        }
        return added;
    }
}
