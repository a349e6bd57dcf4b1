package io.graphvault.adminimport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One data file for the importer and its header file. Its columns grow as records bring new keys: a row leaves out
 * the trailing columns it has no value for (the importer reads the missing fields as empty: no property), and the
 * header, written last, lists every column. A key has one type per file (the importer refuses a header that gives a
 * key twice), so a record whose key has another type here goes to another group ({@link #accepts}).
 */
final class CsvGroup {

    private final Path data;
    private final Path header;
    private final List<String> fixedColumns;
    private final List<String> columns = new ArrayList<>();
    /** Property key to its type in this file. */
    private final Map<String, String> types = new HashMap<>();
    /** Property key to its column, after the fixed ones. */
    private final Map<String, Integer> index = new HashMap<>();
    private final Writer out;
    private final List<String> row = new ArrayList<>();
    private long rows;
    private boolean multiline;
    private long longestRowChars;

    CsvGroup(Path data, Path header, List<String> fixedColumns) throws IOException {
        this.data = data;
        this.header = header;
        this.fixedColumns = List.copyOf(fixedColumns);
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(data), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Whether every key of {@code fields} is new here or has the same type here. */
    boolean accepts(Map<String, ImportValues.Field> fields) {
        for (Map.Entry<String, ImportValues.Field> f : fields.entrySet()) {
            String type = types.get(f.getKey());
            if (type != null && !type.equals(f.getValue().type())) {
                return false;
            }
        }
        return true;
    }

    /** Writes one row: the fixed fields (already CSV text), then each property in its column. */
    void write(List<String> fixed, Map<String, ImportValues.Field> fields) throws IOException {
        row.clear();
        row.addAll(fixed);
        for (Map.Entry<String, ImportValues.Field> f : fields.entrySet()) {
            Integer at = index.get(f.getKey());
            if (at == null) {
                at = columns.size();
                columns.add(f.getKey());
                types.put(f.getKey(), f.getValue().type());
                index.put(f.getKey(), at);
            }
            int slot = fixed.size() + at;
            while (row.size() <= slot) {
                row.add("");
            }
            row.set(slot, f.getValue().text());
        }
        // no empty field at the end of a row: after a short row that ends in an empty :LABEL field, the importer
        // (5.26 and 2026) reads the next row's fields into this one ("Extra column not present in header")
        while (row.size() > 1 && row.get(row.size() - 1).isEmpty()) {
            row.remove(row.size() - 1);
        }
        long chars = 0;
        for (int i = 0; i < row.size(); i++) {
            String text = row.get(i);
            if (i > 0) {
                out.write(',');
            }
            out.write(text);
            chars += text.length() + 1;
            multiline |= text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        }
        out.write('\n');
        longestRowChars = Math.max(longestRowChars, chars);
        rows++;
    }

    /** Closes the data file and writes the header; returns what the argument file needs of it. */
    CsvFiles finish() throws IOException {
        out.close();
        List<String> names = new ArrayList<>(fixedColumns);
        for (String key : columns) {
            names.add(ImportValues.quoted(key + ":" + types.get(key)));
        }
        Files.writeString(header, String.join(",", names) + "\n", StandardCharsets.UTF_8);
        return new CsvFiles(header, data, rows, multiline, longestRowChars);
    }

    /** Closes the data file after a failure (the caller deletes the folder). */
    void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            // the folder is deleted next: nothing of it is used
        }
    }

    /** A finished group: its files, rows, whether a field spans lines, and its longest row in characters. */
    record CsvFiles(Path header, Path data, long rows, boolean multiline, long longestRowChars) {
    }
}
