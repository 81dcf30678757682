/**
 * The demo dataset: its files, the loader that fills an empty database from them, reference units and CSV
 * writing. Uses db and core.
 */
package org.communeatlas.data;
