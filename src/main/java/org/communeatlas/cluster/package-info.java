/**
 * A local cluster to see the atlas beyond one machine: a primary, a streaming standby, two server instances and
 * HAProxy in front of them, all under {@code .atlas/} ({@code commune-atlas cluster up|down|status}).
 */
package org.communeatlas.cluster;
