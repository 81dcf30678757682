/**
 * The database: connection pools, migrations, the one transaction helper (Transactions), identifier quoting,
 * SQL resources, the change feed, health, and the project-local PostgreSQL. Uses config and core.
 */
package org.communeatlas.db;
