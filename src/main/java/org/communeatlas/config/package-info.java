/**
 * Every setting of the server in one record, read from the environment and overridden by command-line options.
 * Depends on nothing else of the project.
 */
package org.communeatlas.config;
