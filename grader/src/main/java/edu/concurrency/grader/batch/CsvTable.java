package edu.concurrency.grader.batch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CSV file with a header line (RFC 4180, read with Jackson's CSV module), each cell with the line
 * and column where it starts, so that a problem in it can be named precisely.
 *
 * @param file   the file read
 * @param header the header's cells
 * @param rows   the records after the header, blank lines (and lines of empty cells) left out
 */
record CsvTable(Path file, List<Cell> header, List<List<Cell>> rows) {

    /**
     * One value.
     *
     * @param text   the value, trimmed
     * @param line   1-based line where it starts
     * @param column 1-based character column where it starts
     */
    record Cell(String text, long line, long column) {
    }

    /**
     * Reads {@code file} (UTF-8, a byte-order mark skipped).
     *
     * @throws RosterException when it cannot be read, is not CSV, or has no header
     */
    static CsvTable read(Path file) throws RosterException {
        CsvMapper mapper = new CsvMapper();
        List<List<Cell>> records = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CsvParser parser = (CsvParser) mapper.getFactory().createParser(skipBom(reader))) {
            parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            parser.setSchema(mapper.schema().withoutHeader());
            JsonToken token;
            List<Cell> current = null;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    current = new ArrayList<>();
                } else if (token == JsonToken.END_ARRAY) {
                    if (current != null && current.stream().anyMatch(c -> !c.text().isEmpty())) {
                        records.add(current);
                    }
                    current = null;
                } else if (token == JsonToken.VALUE_STRING && current != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    current.add(new Cell(parser.getText().trim(), at.getLineNr(), Math.max(1, at.getColumnNr())));
                }
            }
        } catch (JsonProcessingException malformed) {
            JsonLocation at = malformed.getLocation();
            throw new RosterException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid CSV: " + malformed.getOriginalMessage());
        } catch (IOException e) {
            throw new RosterException(file, 0, 0, "cannot read it: " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new RosterException(file, 1, 1, "empty: a header line is needed");
        }
        return new CsvTable(file, records.get(0), List.copyOf(records.subList(1, records.size())));
    }

    private static Reader skipBom(Reader reader) throws IOException {
        java.io.PushbackReader pushback = new java.io.PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != '\uFEFF') {
            pushback.unread(first);
        }
        return pushback;
    }

    /**
     * The index of the first header column whose name, in lower case with spaces, dashes and dots
     * as underscores, is one of {@code names} (tried in that order).
     */
    Optional<Integer> column(String... names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                if (normalize(header.get(i).text()).equals(name)) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }

    /** The value of {@code column} in {@code row}, or null when absent or blank. */
    static String value(List<Cell> row, Optional<Integer> column) {
        if (column.isEmpty() || column.get() >= row.size()) {
            return null;
        }
        String text = row.get(column.get()).text();
        return text.isEmpty() ? null : text;
    }

    private static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s.\\-]+", "_");
    }
}
