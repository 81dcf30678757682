/**
 * Users, roles, sessions, CSRF and sign-in throttling; who is asking (Viewer) and what they may see and do; the
 * audit log. Access and Auth are the HTTP side; the rest uses db and core.
 */
package org.communeatlas.accounts;
