/**
 * A household's status during a flood — at risk, isolated, evacuated to a site, supplied, safe — and the
 * occupancy of the sites it moves through. Controller (HTTP), service (the rules, the transaction, the audit
 * entry, the live events) and store (the SQL). Uses accounts (who may act where), events, db and core.
 */
package org.communeatlas.households;
