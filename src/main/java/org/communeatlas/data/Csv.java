package org.communeatlas.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV through Jackson's CSV module (RFC 4180 quoting), as plain string rows. A missing value is written
 * as an empty, unquoted field, which PostgreSQL's COPY reads as NULL.
 */
public final class Csv {

    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

    private Csv() {
    }

    /** Every row, the header included. */
    public static List<String[]> read(InputStream in) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in)) {
            while (it.hasNextValue()) {
                String[] row = it.nextValue();
                if (row.length > 1 || (row.length == 1 && !row[0].isBlank())) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** CSV as data: every value as it is (for files the project reads back, and PostgreSQL's COPY). */
    public static RowWriter writer(Writer out) throws IOException {
        return new RowWriter(MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(out), false);
    }

    /**
     * CSV for people, who open it in a spreadsheet: a text that a spreadsheet would take for a formula (it begins with
     * =, +, -, @, a tab or a carriage return) is written with a leading apostrophe, so that it stays text (OWASP's rule
     * against CSV injection: a call for help named {@code =HYPERLINK(...)} must not become a link in an official's sheet).
     * Numbers are written as they are.
     */
    public static RowWriter sheetWriter(Writer out) throws IOException {
        return new RowWriter(MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(out), true);
    }

    /** A text as a spreadsheet cell that cannot be a formula; a plain number (-1.5, +84) stays as it is. */
    public static String asText(String value) {
        return value.isEmpty() || "=+-@\t\r".indexOf(value.charAt(0)) < 0 || NUMBER.matcher(value).matches() ? value : "'" + value;
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    /** Writes one line per call; values are written with {@code toString()}, nulls as empty fields. */
    public static final class RowWriter implements AutoCloseable {
        private final SequenceWriter rows;
        private final boolean forPeople;

        private RowWriter(SequenceWriter rows, boolean forPeople) {
            this.rows = rows;
            this.forPeople = forPeople;
        }

        public void write(Object... values) throws IOException {
            String[] text = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                text[i] = values[i] == null ? "" : forPeople && !(values[i] instanceof Number) ? asText(values[i].toString()) : values[i].toString();
            }
            rows.write(text);
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }
}
