package org.communeatlas.households;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.Transactions;
import org.communeatlas.floods.FloodAnalysis;
import org.communeatlas.floods.FloodAnalyzer;
import org.communeatlas.floods.FloodEvent;
import org.communeatlas.floods.FloodEvents;

/**
 * Commune packs for the field app, for officers of the commune and admins: its villages, households (personal fields,
 * versions, notes), sites, and what the current flood does there — which households it floods or cuts off (the flood
 * analysis the map and the plans use) and where its newest plan sends each.
 */
public final class PackService {

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
        PackStore.Commune commune;
        try (java.sql.Connection c = db.getConnection()) {
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
            return new CommunePack(commune.code(), commune.name(), packs.now(c), commune.bbox(), f, packs.villages(c, commune.id()),
                    packs.households(c, commune.id(), marks), packs.sites(c, commune.id()));
        });
    }

    /** What a pack holds and about how large it is, before it is downloaded (about 260 bytes a household as JSON). */
    public CommunePack.Size packSize(String communeCode, Viewer viewer) throws SQLException {
        try (java.sql.Connection c = db.getConnection()) {
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
