/**
 * Calls for help during a flood (SOS): posted by the public (rate-limited, no account), entered by officers, imported
 * from volunteer lists (files layer {@code sos}); matched to households and linked to the open request they repeat in
 * SQL ({@code atlas_sos_link}); moved through new → verified → assigned → rescued → closed (or duplicate, false), every
 * change audited and announced live. Name, phone, address, needs and notes only reach those who act in the request's
 * commune. Controller, service, store; uses accounts, db, events, floods, core and web (HTTP side).
 */
package org.communeatlas.sos;
