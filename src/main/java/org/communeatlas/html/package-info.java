/** Plain HTML pages without scripts (the OGC API for people, printable sheets, the SOS follow page): one escaping helper. */
package org.communeatlas.html;
