package io.graphvault.format;

/** What becomes one file of a backup: its path in the backup (forward slashes) and how many records it holds. */
public interface BackupFileToWrite {

    String path();

    /** Records for a batch file, constraints and indexes for the schema, 0 for the manifest. */
    long records();

    /** A JSON document (schema, manifest): written pretty-printed by {@link BatchDataFormat}, never gzipped. */
    record Document(String path, long records, Object value) implements BackupFileToWrite {
    }
}
