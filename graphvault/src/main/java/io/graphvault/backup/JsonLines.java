package io.graphvault.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import io.graphvault.format.BackupJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * One batch file's JSON Lines, encoded on the reading thread as each record is read
 * ({@link ExportedBatch.Line#write}, through the typed-value codec): the driver's values of a record
 * are garbage as soon as its line is written, and a batch in flight to a worker is its bytes,
 * three to five times smaller than the values. Only the split's thread writes to it.
 */
final class JsonLines extends ByteArrayOutputStream {

    private static final int INITIAL_BYTES = 256 * 1024;

    private final JsonGenerator g;
    private final int maxRecordBytes;
    private int lines;

    /** {@code maxRecordBytes}: RESTORE_MAX_RECORD_BYTES, the longest line verify and the restore read. */
    JsonLines(int maxRecordBytes) {
        super(INITIAL_BYTES);
        this.maxRecordBytes = maxRecordBytes;
        try {
            g = BackupJson.FACTORY.createGenerator(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setPrettyPrinter(null);
        g.setRootValueSeparator(null);
    }

    /**
     * Appends one record's line. A line longer than verify and the restore read fails the backup here, naming the
     * record and its largest property: a backup that cannot be restored must not be taken for one.
     */
    void add(ExportedBatch.Line line) {
        int start = count;
        try {
            line.write(g);
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writes to memory only
        }
        if (count - start > maxRecordBytes) {
            throw OversizedRecord.explain(buf, start, count - start, maxRecordBytes);
        }
        write('\n');
        lines++;
    }

    /** Appends a line already encoded (one cut from the batch before). */
    void add(byte[] line) {
        write(line, 0, line.length);
        lines++;
    }

    /** Removes the last line, which starts at byte {@code mark}, and returns it. */
    byte[] cutFrom(int mark) {
        byte[] line = Arrays.copyOfRange(buf, mark, count);
        count = mark;
        lines--;
        return line;
    }

    /**
     * Keeps the last line, which starts at byte {@code mark}, only when {@code delta} finds it changed since the
     * parent backup (or there is none); returns whether it stayed.
     */
    boolean keepLast(int mark, RecordDelta delta, boolean node, long id) {
        if (delta == null || delta.changed(node, id, buf, mark, count - mark - 1)) {
            return true;
        }
        count = mark;
        lines--;
        return false;
    }

    int lines() {
        return lines;
    }

    /** The batch as the data format receives it; this buffer is not written to again. */
    ExportedBatch batch(String path, int gzipLevel) {
        return new ExportedBatch(path, lines, buf, count, gzipLevel);
    }
}
