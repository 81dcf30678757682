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

    public static RowWriter writer(Writer out) throws IOException {
        return new RowWriter(MAPPER.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("\n")).writeValues(out));
    }

    /** Writes one line per call; values are written with {@code toString()}, nulls as empty fields. */
    public static final class RowWriter implements AutoCloseable {
        private final SequenceWriter rows;

        private RowWriter(SequenceWriter rows) {
            this.rows = rows;
        }

        public void write(Object... values) throws IOException {
            String[] text = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                text[i] = values[i] == null ? "" : values[i].toString();
            }
            rows.write(text);
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }
}
