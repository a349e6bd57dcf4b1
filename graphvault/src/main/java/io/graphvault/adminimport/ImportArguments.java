package io.graphvault.adminimport;

import io.graphvault.format.BackupFileNames;
import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code neo4j-admin-import.args}: every argument of {@code neo4j-admin database import full}, one per line, an
 * {@code @}-file the importer's command line expands ({@code neo4j-admin database import full @DIR/neo4j-admin-import.args}).
 * Paths in it start with where the importing side sees the folder ({@code --mounted-at}, e.g. {@code /import} in a
 * container), so the same files work wherever the folder is mounted.
 */
final class ImportArguments {

    static final String FILE_NAME = "neo4j-admin-import.args";
    /** The importer's default read buffer: a row longer than this needs a larger one. */
    private static final long DEFAULT_READ_BUFFER = 4L << 20;
    /**
     * Characters a path in the file may hold: the argument file splits on whitespace and reads quotes and backslashes,
     * the importer splits file lists on commas, reads {@code =} as the end of a label list, and a file name as a regular
     * expression when no file has that name.
     */
    private static final Pattern SAFE_PATH = Pattern.compile("[\\p{L}\\p{N}_./:~-]+");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z][A-Za-z0-9.-]{2,62}");

    private ImportArguments() {
    }

    /** Where the files are as the importer sees them: {@code mountedAt}, or the folder itself; refused when unsafe. */
    static String pathPrefix(Path dir, String mountedAt) {
        String prefix = mountedAt == null || mountedAt.isBlank() ? dir.toString() : mountedAt.strip();
        while (prefix.length() > 1 && prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!SAFE_PATH.matcher(prefix).matches()) {
            throw new GraphVaultException((mountedAt == null || mountedAt.isBlank() ? "--to " : "--mounted-at ") + prefix
                    + " holds a character the importer's argument file cannot carry (only letters, digits and _ . / : ~ -"
                    + " are safe); write into another folder, or give --mounted-at with the path the importer sees");
        }
        return prefix;
    }

    static void requireDatabaseName(String database) {
        if (database == null || !DATABASE.matcher(database).matches()) {
            throw new GraphVaultException("--database '" + database + "' is not a Neo4j database name (3 to 63 letters,"
                    + " digits, dots and dashes, starting with a letter)");
        }
    }

    /** Writes the argument file, last, through a temporary name: it exists only once every file it names does. */
    static Path write(Path dir, String prefix, String database, List<BatchFileConversion.Converted> converted) throws IOException {
        List<String> nodes = new ArrayList<>();
        List<String> relationships = new ArrayList<>();
        boolean multiline = false;
        long longest = 0;
        List<BatchFileConversion.Converted> sorted = new ArrayList<>(converted);
        sorted.sort(Comparator.comparing(BatchFileConversion.Converted::path));
        for (BatchFileConversion.Converted c : sorted) {
            for (CsvGroup.CsvFiles f : c.files()) {
                String folder = c.nodes() ? BackupFileNames.NODES_DIR : BackupFileNames.RELATIONSHIPS_DIR;
                String files = prefix + "/" + folder + "/" + f.header().getFileName() + "," + prefix + "/" + folder + "/"
                        + f.data().getFileName();
                (c.nodes() ? nodes : relationships).add((c.nodes() ? "--nodes=" : "--relationships=") + files);
                multiline |= f.multiline();
                longest = Math.max(longest, f.longestRowChars());
            }
        }
        List<String> lines = new ArrayList<>();
        // first: --nodes and --relationships take every value up to the next option, a database name after them too
        lines.add(database);
        // the file, line and field of a bad value (without it 5.26 says only "Error in input data")
        lines.add("--verbose");
        // beside the files, not in whatever folder the importer runs from
        lines.add("--report-file=" + prefix + "/import.report");
        lines.add("--id-type=INTEGER");
        lines.add("--delimiter=,");
        lines.add("--array-delimiter=" + ImportValues.ARRAY_DELIMITER_ARGUMENT);
        lines.add("--multiline-fields=" + multiline);
        // a UTF-8 character takes at most three bytes per UTF-16 unit; the buffer holds a whole field
        long buffer = longest * 3 + 1024;
        if (buffer > DEFAULT_READ_BUFFER) {
            lines.add("--read-buffer-size=" + buffer);
        }
        lines.addAll(nodes);
        lines.addAll(relationships);
        Path temporary = dir.resolve("." + FILE_NAME + ".partial");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        return Files.move(temporary, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
    }
}
