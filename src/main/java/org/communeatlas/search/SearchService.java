package org.communeatlas.search;

import java.sql.SQLException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.core.InvalidInputException;

/**
 * Search by name, ignoring Vietnamese diacritics, case and punctuation ("tam thang" finds "Tam Thăng", "to tu quan 5
 * trong 1" finds Tổ tự quản "5 trong 1"), through the trigram indexes on {@code atlas_fold_words(name)}; and the points
 * the map writes unit names at. Public names only: households are not searched here.
 */
public final class SearchService {

    private final SearchStore store;

    public SearchService(DataSource reader) {
        this.store = new SearchStore(reader);
    }

    public List<SearchResult> search(String text, int limit) throws SQLException {
        String q = text.strip();
        if (q.length() < 2) {
            throw InvalidInputException.field("q", "give at least 2 characters");
        }
        if (q.length() > 100) {
            throw InvalidInputException.field("q", "at most 100 characters");
        }
        // the LIKE pattern is folded as the names are: no diacritics, no punctuation (LIKE's own characters go with it)
        String words = foldWords(q);
        if (words.isEmpty()) {
            return List.of();       // only punctuation: no name holds it
        }
        return store.search(q, "%" + words + "%", limit);
    }

    public static Set<String> labelLevels() {
        return SearchStore.LEVELS.keySet();
    }

    public List<Label> labels(String level) throws SQLException {
        return store.labels(level);
    }

    /** The same folding as atlas_fold in the database: no diacritics, lower case, đ → d. */
    static String fold(String text) {
        String noMarks = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return noMarks.replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT);
    }

    /** As atlas_fold_words in the database: folded, every run of other characters than letters and digits one space. */
    static String foldWords(String text) {
        return fold(text).replaceAll("[^a-z0-9]+", " ").strip();
    }
}
