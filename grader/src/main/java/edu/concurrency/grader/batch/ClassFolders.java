package edu.concurrency.grader.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The submissions in a class folder: one per immediate subfolder (hidden folders and files are
 * left out), with the student each belongs to, by the folder's layout ({@link ClassLayout}).
 *
 * <ul>
 *   <li>{@link ClassLayout#CLASSROOM_DOWNLOAD} when the folder holds a {@code scores.csv} with a
 *       {@code username} column, or its name contains {@code _submissions_}: a subfolder that ends
 *       in {@code -<username>} of a scores.csv row belongs to that student (the longest such
 *       username), otherwise the student is what follows {@code <classroom>-<assignment>-} (the
 *       folder's name up to {@code _submissions_}). Name, e-mail and section come from scores.csv
 *       ({@code first_name} and {@code last_name} make the name).</li>
 *   <li>{@link ClassLayout#CLASSROOM_CLONE} when the folder's name is {@code <slug>-submissions}:
 *       the student is what follows {@code <slug>-} in a subfolder's name.</li>
 *   <li>{@link ClassLayout#FOLDERS} otherwise: the subfolder's name is the student.</li>
 * </ul>
 * A subfolder whose name lacks the expected prefix keeps its whole name as the student.
 *
 * @param layout      the layout recognised
 * @param submissions the submissions, sorted by student
 */
public record ClassFolders(ClassLayout layout, List<SubmissionFolder> submissions) {
    /** The file Classroom 50's {@code gh teacher download} writes next to the submissions. */
    public static final String SCORES = "scores.csv";
    private static final String DOWNLOAD_MARK = "_submissions_";
    private static final String CLONE_SUFFIX = "-submissions";

    /**
     * Scans {@code root}.
     *
     * @throws IOException     when it cannot be listed
     * @throws RosterException when its {@code scores.csv} is not CSV; or two subfolders name the
     *                         same student
     */
    public static ClassFolders scan(Path root) throws IOException, RosterException {
        Path absolute = root.toAbsolutePath().normalize();
        String name = absolute.getFileName() == null ? "" : absolute.getFileName().toString();
        List<Path> folders;
        try (Stream<Path> children = Files.list(absolute)) {
            folders = children.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        Path scores = absolute.resolve(SCORES);
        List<RosterEntry> known = List.of();
        if (Files.isRegularFile(scores)) {
            CsvTable table = CsvTable.read(scores);
            Optional<Integer> username = table.column("username", "github_username", "login");
            if (username.isPresent()) {
                known = Roster.entries(table, username.get(), false);
            }
        }
        ClassLayout layout;
        Function<String, String> student;
        if (!known.isEmpty() || name.contains(DOWNLOAD_MARK)) {
            layout = ClassLayout.CLASSROOM_DOWNLOAD;
            String prefix = name.contains(DOWNLOAD_MARK) ? name.substring(0, name.indexOf(DOWNLOAD_MARK)) + "-" : null;
            List<String> usernames = known.stream().map(RosterEntry::student)
                    .sorted(Comparator.comparingInt(String::length).reversed()).toList();
            student = folder -> usernames.stream().filter(u -> folder.endsWith("-" + u) || folder.equals(u)).findFirst()
                    .orElseGet(() -> after(prefix, folder));
        } else if (name.endsWith(CLONE_SUFFIX) && name.length() > CLONE_SUFFIX.length()) {
            layout = ClassLayout.CLASSROOM_CLONE;
            String prefix = name.substring(0, name.length() - CLONE_SUFFIX.length()) + "-";
            student = folder -> after(prefix, folder);
        } else {
            layout = ClassLayout.FOLDERS;
            student = Function.identity();
        }
        Map<String, RosterEntry> byName = known.stream()
                .collect(Collectors.toMap(e -> e.student().toLowerCase(java.util.Locale.ROOT), e -> e, (a, b) -> a));
        List<SubmissionFolder> found = new ArrayList<>();
        Map<String, Path> taken = new java.util.HashMap<>();
        for (Path folder : folders) {
            String id = student.apply(folder.getFileName().toString());
            Path before = taken.putIfAbsent(id.toLowerCase(java.util.Locale.ROOT), folder);
            if (before != null) {
                throw new RosterException(folder, 0, 0, "belongs to student " + id + ", as does " + before);
            }
            found.add(new SubmissionFolder(id, folder, byName.get(id.toLowerCase(java.util.Locale.ROOT))));
        }
        found.sort(Comparator.comparing(SubmissionFolder::student));
        return new ClassFolders(layout, List.copyOf(found));
    }

    private static String after(String prefix, String folder) {
        return prefix != null && folder.startsWith(prefix) && folder.length() > prefix.length()
                ? folder.substring(prefix.length()) : folder;
    }
}
