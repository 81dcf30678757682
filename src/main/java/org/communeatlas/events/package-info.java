/**
 * Server-Sent Events to open maps: household status, site occupancy and every change the database reports.
 * Uses db (the change feed) and core.
 */
package org.communeatlas.events;
