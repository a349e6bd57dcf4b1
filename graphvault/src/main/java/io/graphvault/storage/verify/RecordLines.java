package io.graphvault.storage.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a data file into its lines (records) with bounded memory: a line longer than the limit
 * fails as soon as it passes it, so a small gzip file that unpacks to one huge line is refused
 * without ever being held. Without a sink no line is kept at all, only measured and counted.
 */
final class RecordLines {

    /** Receives each line (its bytes, without the line break) and its number, from 1. */
    interface LineSink {
        void accept(byte[] line, int length, long lineNo);
    }

    private RecordLines() {
    }

    /**
     * Reads {@code in} to its end and returns the number of lines. A file that ends in the middle of
     * a line was cut short; both that and an over-long line are a {@link BadRecord}.
     */
    static long scan(InputStream in, int maxBytes, LineSink sink) throws IOException {
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[sink == null ? 0 : 1 << 12];
        int length = 0; // of the line so far, kept in line[] only when there is a sink
        long lineNo = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                int part = i - from;
                requireWithin(length, part, maxBytes, lineNo + 1);
                if (sink != null) {
                    line = append(line, length, buf, from, part, maxBytes);
                    sink.accept(line, length + part, lineNo + 1);
                }
                lineNo++;
                length = 0;
                from = i + 1;
            }
            int rest = n - from;
            requireWithin(length, rest, maxBytes, lineNo + 1);
            if (sink != null) {
                line = append(line, length, buf, from, rest, maxBytes);
            }
            length += rest;
        }
        if (length > 0) {
            throw new BadRecord(lineNo + 1, "the file ends in the middle of a line: it was cut short");
        }
        return lineNo;
    }

    private static void requireWithin(int length, int more, int maxBytes, long lineNo) {
        if ((long) length + more > maxBytes) {
            throw new BadRecord(lineNo, io.graphvault.format.BatchFileReader.tooLong(maxBytes));
        }
    }

    /** Appends to the line buffer, growing it by doubling but never past the limit (checked by the caller). */
    private static byte[] append(byte[] line, int length, byte[] buf, int from, int count, int maxBytes) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxBytes, Math.max((long) line.length * 2, length + count)));
        }
        System.arraycopy(buf, from, line, length, count);
        return line;
    }
}
