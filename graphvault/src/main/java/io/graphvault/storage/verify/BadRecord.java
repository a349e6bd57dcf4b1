package io.graphvault.storage.verify;

/** A record (line) of a data file that cannot be restored, with its line number; the file is named by whoever catches it. */
final class BadRecord extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final long line;

    BadRecord(long line, String message) {
        super(message, null, false, false);
        this.line = line;
    }
}
