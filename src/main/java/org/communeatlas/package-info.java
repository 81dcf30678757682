/**
 * Commune Atlas: a map server for local government in flood country. {@code Main} is the command line,
 * {@code App} the one route table, {@code Services} what the HTTP application is built from. Each feature is a
 * package of its own (controller, service, store); {@code core}, {@code db} and {@code web} are shared by all.
 */
package org.communeatlas;
