package edu.concurrency.grader.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The instructor's list of students: a CSV file whose header names its columns (RFC 4180, UTF-8).
 *
 * <p>The identifier is the first column found among {@code github_username}, {@code username},
 * {@code login}, {@code user}, {@code identifier}, {@code student}, {@code id} (case, spaces and
 * dashes ignored), so a GitHub Classroom roster export ({@code identifier,github_username,
 * github_id,name}) is matched by GitHub username. Optional: {@code name} or {@code full_name} (else
 * {@code first_name} and {@code last_name}), {@code email}, {@code section}. Other columns are ignored.
 *
 * @param entries the students, in file order
 */
public record Roster(List<RosterEntry> entries) {
    private static final String[] IDENTIFIER = {"github_username", "username", "user_name", "login", "user", "identifier", "student", "id"};

    public Roster {
        entries = List.copyOf(entries);
    }

    /**
     * Reads a roster.
     *
     * @throws RosterException when the file cannot be read, is not CSV, has no identifier column,
     *                         or a row has an empty or repeated identifier (the message names the
     *                         file, the line and the column)
     */
    public static Roster read(Path file) throws RosterException {
        CsvTable table = CsvTable.read(file);
        Optional<Integer> id = table.column(IDENTIFIER);
        if (id.isEmpty()) {
            throw new RosterException(file, 1, 1, "no identifier column: the header needs one of "
                    + String.join(", ", IDENTIFIER));
        }
        return new Roster(entries(table, id.get(), true));
    }

    /**
     * The rows of {@code table} as roster entries, the identifier in column {@code id}.
     *
     * @param strict whether an empty or repeated identifier is an error (else the row is skipped)
     */
    static List<RosterEntry> entries(CsvTable table, int id, boolean strict) throws RosterException {
        Optional<Integer> name = table.column("name", "full_name", "student_name");
        Optional<Integer> first = table.column("first_name", "given_name");
        Optional<Integer> last = table.column("last_name", "surname", "family_name");
        Optional<Integer> email = table.column("email", "e_mail", "email_address");
        Optional<Integer> section = table.column("section", "group");
        List<RosterEntry> entries = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (List<CsvTable.Cell> row : table.rows()) {
            String student = CsvTable.value(row, Optional.of(id));
            CsvTable.Cell where = id < row.size() ? row.get(id) : row.get(row.size() - 1);
            if (student == null) {
                if (strict) {
                    throw new RosterException(table.file(), where.line(), where.column(),
                            "empty " + table.header().get(id).text() + " (column " + (id + 1) + ")");
                }
                continue;
            }
            Long before = seen.putIfAbsent(student.toLowerCase(Locale.ROOT), where.line());
            if (before != null) {
                if (strict) {
                    throw new RosterException(table.file(), where.line(), where.column(),
                            "student " + student + " is listed twice (first on line " + before + ")");
                }
                continue;
            }
            String full = CsvTable.value(row, name);
            if (full == null) {
                String joined = String.join(" ", java.util.stream.Stream.of(CsvTable.value(row, first), CsvTable.value(row, last))
                        .filter(s -> s != null).toList());
                full = joined.isEmpty() ? null : joined;
            }
            entries.add(new RosterEntry(student, full, CsvTable.value(row, email), CsvTable.value(row, section)));
        }
        return entries;
    }

    /** The entry of {@code student}, ignoring case (GitHub usernames are case-insensitive). */
    public Optional<RosterEntry> find(String student) {
        return entries.stream().filter(e -> e.student().equalsIgnoreCase(student)).findFirst();
    }
}
