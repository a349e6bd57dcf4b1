package io.graphvault.adminimport;

/**
 * What {@code prepare-import} was asked for.
 *
 * @param from a backup folder, a backup id in BACKUP_DIR, or s3://bucket/prefix/ID
 * @param to the new or empty folder to write the files into
 * @param mountedAt where the importing machine or container sees {@code to} (null: at {@code to} itself)
 * @param database the database the argument file imports into
 */
public record PrepareImportRequest(String from, String to, String mountedAt, String database) {
}
