/** Bodies as sent, whatever protocol carries them: entity tags from their bytes, gzip. */
package org.communeatlas.content;
