package org.communeatlas.cluster;

import org.communeatlas.config.AtlasConfig;

/**
 * The ports of a local cluster.
 *
 * @param proxy     HAProxy, where users connect (the server's usual port)
 * @param instanceA the first server instance
 * @param instanceB the second server instance
 * @param primary   the primary PostgreSQL
 * @param standby   the streaming standby
 */
public record ClusterPorts(int proxy, int instanceA, int instanceB, int primary, int standby) {

    /** The proxy on the configured HTTP port and the instances on the next two; the standby beside the local PostGIS. */
    public static ClusterPorts of(AtlasConfig config) {
        return new ClusterPorts(config.port(), config.port() + 1, config.port() + 2, config.localPgPort(), config.localPgPort() + 1);
    }
}
