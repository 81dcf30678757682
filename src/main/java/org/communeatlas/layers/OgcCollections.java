package org.communeatlas.layers;

import org.communeatlas.core.Messages;
import org.communeatlas.core.NotFoundException;

/** The collection an OGC API path names ({@code /ogc/collections/{collectionId}/…}), for Features and Tiles alike. */
public final class OgcCollections {

    private OgcCollections() {
    }

    /** The layer of that id; a 404 listing the collections there are. */
    public static Layer named(LayerCatalog catalog, String id) {
        return catalog.find(id).orElseThrow(() -> new NotFoundException("No collection '" + Messages.shorten(id) + "'; collections are "
                + String.join(", ", catalog.all().stream().map(Layer::id).toList())));
    }
}
