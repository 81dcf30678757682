/**
 * The subcommands of the one jar (serve, migrate, db, generate, import, export, user), with picocli. Builds the
 * application through App and Services; uses the features' services directly for import, export and users.
 */
package org.communeatlas.cli;
