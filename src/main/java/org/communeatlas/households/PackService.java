package org.communeatlas.households;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.Transactions;
import org.communeatlas.floods.events.FloodEvent;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.impact.FloodAnalysis;
import org.communeatlas.floods.impact.FloodAnalyzer;

/**
 * Commune packs for the field app, for officers of the commune and admins: its villages, households (personal fields,
 * versions, notes), sites, and what the current flood does there — which households it floods or cuts off (the flood
 * analysis the map and the plans use) and where its newest plan sends each.
 */
public final class PackService {

    /**
     * How far before a pack was made a refresh looks for changes: a change committed after the pack was read may have
     * begun (and taken its time) before it; writes take milliseconds, two minutes is ample.
     */
    static final Duration OVERLAP = Duration.ofMinutes(2);

    /**
     * What a pack was made of, from its version: when, with which flood and plan, and a fingerprint of what they do to
     * the commune's families (a road closed since cuts off others without changing their rows).
     */
    public record Version(Instant at, int floodId, int planId, long marks) {

        static Version parse(String text) {
            String[] p = text == null ? new String[0] : text.split("\\.");
            try {
                if (p.length == 4) {
                    return new Version(Instant.ofEpochMilli(Long.parseLong(p[0])), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                            Long.parseLong(p[3], 16));
                }
            } catch (NumberFormatException | DateTimeException e) {
                // refused below
            }
            throw InvalidInputException.field("since", "the version of a pack this server gave (its \"version\")");
        }

        @Override
        public String toString() {
            return at.toEpochMilli() + "." + floodId + "." + planId + "." + Long.toHexString(marks);
        }
    }

    /** The current floods looked at for a pack, newest first. */
    private static final int FLOODS_LOOKED_AT = 3;

    private final DataSource db;
    private final PackStore packs = new PackStore();
    private final FloodEvents floods;
    private final FloodAnalyzer analyzer;

    public PackService(DataSource db, FloodEvents floods, FloodAnalyzer analyzer) {
        this.db = db;
        this.floods = floods;
        this.analyzer = analyzer;
    }

    /** A commune's pack for an officer of it (or an admin). */
    public CommunePack pack(String communeCode, Viewer viewer) throws SQLException {
        return pack(communeCode, viewer, null);
    }

    /** The pack, or with {@code since} (a pack's version) only what changed since. */
    public CommunePack pack(String communeCode, Viewer viewer, String since) throws SQLException {
        Version before = since == null ? null : Version.parse(since);
        PackStore.Commune commune;
        try (Connection c = db.getConnection()) {
            commune = packs.commune(c, communeCode).orElseThrow(() -> new NotFoundException("No commune " + communeCode));
        }
        viewer.requireCommune(commune.id());
        // the newest current flood that reaches the commune: its analysis is the map's (cached per flood and data version)
        FloodEvent flood = null;
        Map<Long, PackStore.FloodMark> marks = new HashMap<>();
        for (FloodEvent f : floods.current(FLOODS_LOOKED_AT)) {
            FloodAnalysis a = analyzer.analyse(f.id());
            for (FloodAnalysis.Household h : a.households()) {
                if (h.communeId() == commune.id() && (h.flooded() || h.cutOff())) {
                    marks.put(h.id(), new PackStore.FloodMark(h.flooded() ? "flooded" : "isolated", h.depthM(), null, null));
                }
            }
            if (!marks.isEmpty()) {
                flood = f;
                break;
            }
        }
        FloodEvent current = flood;
        return Transactions.snapshot(db, c -> {
            if (current != null && current.planId() != null) {
                packs.planned(c, current.planId(), commune.id()).forEach((id, plan) -> marks.merge(id, plan, (impact, p) ->
                        new PackStore.FloodMark(impact.impact(), impact.depthM(), p.planSiteId(), p.planUnassigned())));
            }
            CommunePack.Flood f = current == null ? null
                    : new CommunePack.Flood(current.id(), current.name(), current.alarmLevel(), current.occurredAt(), current.planId());
            OffsetDateTime now = packs.now(c);
            Version made = new Version(now.toInstant(), current == null ? 0 : current.id(),
                    current == null || current.planId() == null ? 0 : current.planId(), fingerprint(marks));
            // another flood, plan or isolation since: every household's marks may have moved, so every household goes
            boolean partial = before != null && before.floodId() == made.floodId() && before.planId() == made.planId()
                    && before.marks() == made.marks();
            OffsetDateTime after = partial ? before.at().minus(OVERLAP).atOffset(ZoneOffset.UTC) : null;
            return new CommunePack(commune.code(), commune.name(), now, made.toString(), partial, commune.bbox(), f, packs.villages(c, commune.id()),
                    packs.households(c, commune.id(), marks, after), packs.sites(c, commune.id()));
        });
    }

    /** A fingerprint of the flood's marks on the commune's households, the same on every server instance. */
    static long fingerprint(Map<Long, PackStore.FloodMark> marks) {
        long h = 17;
        for (Map.Entry<Long, PackStore.FloodMark> e : new TreeMap<>(marks).entrySet()) {
            PackStore.FloodMark m = e.getValue();
            h = 31 * h + e.getKey();
            h = 31 * h + Objects.hash(m.impact(), m.depthM(), m.planSiteId(), m.planUnassigned());
        }
        return h & 0xffff_ffff_ffffL;
    }

    /** What a pack holds and about how large it is, before it is downloaded (about 260 bytes a household as JSON). */
    public CommunePack.Size packSize(String communeCode, Viewer viewer) throws SQLException {
        try (Connection c = db.getConnection()) {
            PackStore.Commune commune = packs.commune(c, communeCode).orElseThrow(() -> new NotFoundException("No commune " + communeCode));
            viewer.requireCommune(commune.id());
            List<CommunePack.Village> villages = packs.villages(c, commune.id());
            int households = villages.stream().mapToInt(CommunePack.Village::households).sum();
            int sites = packs.sites(c, commune.id()).size();
            return new CommunePack.Size(commune.code(), villages.size(), households, sites, 260L * households + 260L * sites + 80L * villages.size(),
                    commune.bbox());
        }
    }
}
