package io.graphvault.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphvault.internal.GraphVaultException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * The records of one batch file, read as the caller asks for them: one line in memory at a time,
 * bounded ({@link BatchFileToRead#maxRecordBytes}), so a small gzip file that unpacks to one huge line is
 * refused without being held. After the last record the rest of the file is read and checked
 * ({@link BatchFileToRead#checkComplete}). Every error names the file and the line.
 */
public final class BatchFileReader implements Iterator<DecodedRecord>, Closeable {

    private final BatchFileToRead input;
    private final String where;
    private final InputStream raw;
    private final InputStream in;
    /** A line longer than this is not kept in its grown buffer after it is parsed. */
    private static final int LONG_LINE = 1 << 20;

    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private long lineNo;
    private DecodedRecord next;
    private boolean done;

    private BatchFileReader(BatchFileToRead input, InputStream raw, InputStream in) {
        this.input = input;
        this.where = input.location();
        this.raw = raw;
        this.in = in;
    }

    /** Opens {@code input}; the caller closes what it returns. */
    public static BatchFileReader open(BatchFileToRead input) {
        String where = input.location();
        InputStream raw = null;
        try {
            raw = input.open();
            InputStream in = BackupFileNames.isGzip(input.path()) ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new BatchFileReader(input, raw, in);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new GraphVaultException(where + " cannot be read at line 1: " + firstLine(e.getMessage()), e);
        }
    }

    /** The file's path in the backup. */
    public String path() {
        return input.path();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = readNext();
        }
        return next != null;
    }

    @Override
    public DecodedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException(where + " has no more records");
        }
        DecodedRecord r = next;
        next = null;
        return r;
    }

    private DecodedRecord readNext() {
        try {
            while (true) {
                int length = readLine();
                if (length < 0) {
                    end();
                    return null;
                }
                if (!isBlank(line, length) && keeps(length)) {
                    DecodedRecord record = decode(length);
                    shrinkAfter(length);
                    return record;
                }
                shrinkAfter(length);
            }
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read at line " + (lineNo + 1) + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** The last line was read: the rest of the file too (the checksum covers every byte), then the check. */
    private void end() throws IOException {
        raw.transferTo(OutputStream.nullOutputStream());
        done = true;
        close();
        input.checkComplete();
    }

    /** Receives a kept line as stored (without its line break) and its record's export id. */
    public interface RawLine {
        void accept(long id, byte[] line, int length);
    }

    /**
     * Reads every line of {@code input} that it keeps, as stored, with the record's export id and nothing else
     * parsed: an incremental backup compares its records with its parent's by these bytes. The SHA-256 and
     * line limits are checked as in a full read.
     */
    public static void forEachLine(BatchFileToRead input, RawLine sink) {
        try (BatchFileReader reader = open(input)) {
            reader.readLines(sink);
        }
    }

    private void readLines(RawLine sink) {
        try {
            while (true) {
                int length = readLine();
                if (length < 0) {
                    end();
                    return;
                }
                if (!isBlank(line, length)) {
                    long id = idOf(length);
                    if (input.keeps(id)) {
                        sink.accept(id, line, length);
                    }
                    shrinkAfter(length);
                }
            }
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read at line " + (lineNo + 1) + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Whether the line's record is part of the backup; a line without a readable id is, so that decoding it names the fault. */
    private boolean keeps(int length) {
        try {
            return input.keeps(idOf(length));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The record's {@code "id"} ({@link RecordIds}); a line without one is named by its number. */
    private long idOf(int length) throws IOException {
        try {
            return RecordIds.of(line, length, input.maxRecordBytes());
        } catch (IllegalArgumentException e) {
            throw bad(lineNo, e.getMessage());
        }
    }

    /** The next line's length (its bytes in {@link #line}), or -1 at the end of the file. */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf);
                pos = 0;
                if (limit < 0) {
                    limit = 0;
                    if (length > 0) {
                        throw bad(lineNo + 1, "the file ends in the middle of a line: it was cut short");
                    }
                    return -1;
                }
            }
            int from = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int part = pos - from;
            if ((long) length + part > input.maxRecordBytes()) {
                throw bad(lineNo + 1, tooLong(input.maxRecordBytes()));
            }
            if (length + part > line.length) {
                line = Arrays.copyOf(line, (int) Math.min(input.maxRecordBytes(), Math.max((long) line.length * 2, length + part)));
            }
            System.arraycopy(buf, from, line, length, part);
            length += part;
            if (pos < limit) {
                pos++;
                lineNo++;
                return length;
            }
        }
    }

    /**
     * Lets go of the buffer a long line grew (up to twice the line) once it is parsed: the record's values are
     * then written to Neo4j, which takes another copy of them, while this buffer would sit unused.
     */
    private void shrinkAfter(int length) {
        if (length > LONG_LINE) {
            line = new byte[1 << 12];
        }
    }

    private DecodedRecord decode(int length) {
        try {
            return read(line, length, lineNo, input.maxRecordBytes());
        } catch (IOException e) {
            throw new GraphVaultException(where + " line " + lineNo + " is not valid JSON: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw bad(lineNo, firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static final String WHAT_TO_DO = "fix the line from the source of the backup, or restore another backup";
    private static final String NOT_WRITTEN_BY_GRAPHVAULT = "; GraphVault writes one JSON object per line,"
            + " so this line was edited or written by another tool: " + WHAT_TO_DO;

    /**
     * Reads one line as a record: the verify pass and the restore both read records through here.
     * A line holds one JSON object, with no key twice in it, and nothing after it: a second record on
     * the same line, or the first value of a key given twice, would otherwise be dropped unseen, with
     * every count of the manifest agreeing.
     *
     * {@code maxRecordBytes}: RESTORE_MAX_RECORD_BYTES, which the line is within; a string in it may be as long.
     *
     * @throws IOException the line is not valid JSON
     * @throws IllegalArgumentException it is JSON, but not a record the restore can write
     */
    public static DecodedRecord read(byte[] line, int length, long lineNo, int maxRecordBytes) throws IOException {
        ObjectMapper reader = BackupJson.records(maxRecordBytes);
        try (JsonParser p = reader.createParser(line, 0, length)) {
            JsonNode record;
            try {
                record = reader.readTree(p);
            } catch (JsonProcessingException e) {
                String key = BackupJson.keyTwice(e, p);
                if (key != null) {
                    throw new IllegalArgumentException("the record holds the key \"" + key + "\" twice" + NOT_WRITTEN_BY_GRAPHVAULT, e);
                }
                throw e;
            }
            if (record == null || !record.isObject()) {
                throw new IllegalArgumentException("a record must be a JSON object, found "
                        + (record == null ? "nothing" : record.getNodeType()) + NOT_WRITTEN_BY_GRAPHVAULT);
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("the line holds more than one JSON value" + NOT_WRITTEN_BY_GRAPHVAULT);
            }
            Map<String, Object> props;
            try {
                props = TypedValueReader.readProperties(record.get("props"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; " + WHAT_TO_DO, e);
            }
            return new DecodedRecord(record, props, length, lineNo);
        }
    }

    private GraphVaultException bad(long at, String message) {
        return new GraphVaultException(where + " line " + at + ": " + message);
    }

    /** The message for a line longer than {@code maxBytes}, which the backup check gives too. */
    public static String tooLong(int maxBytes) {
        return "the record is longer than " + maxBytes + " bytes, the most a record may take"
                + " (RESTORE_MAX_RECORD_BYTES); no backup GraphVault writes holds one that long. If this one is"
                + " genuine, raise RESTORE_MAX_RECORD_BYTES (the JVM needs a heap of at least that much)";
    }

    /** A line of spaces, tabs and carriage returns only holds no record. */
    public static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // read to its end or abandoned after an error that is already on its way: nothing left to lose
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
