package io.graphvault.storage.s3;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.BackupIds;

/** A backup in S3 as a user names it: {@code s3://bucket/prefix/ID} (the prefix may be empty or nested). */
public record S3Location(String bucket, String prefix, String id) {

    public static final String SCHEME = "s3://";

    public static boolean isS3(String from) {
        return from != null && from.startsWith(SCHEME);
    }

    public static S3Location parse(String uri) {
        String rest = uri.substring(SCHEME.length()).replaceAll("/+$", "");
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new GraphVaultException("'" + uri + "' names no backup: use s3://bucket/prefix/ID");
        }
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        int last = key.lastIndexOf('/');
        String prefix = last < 0 ? "" : key.substring(0, last);
        String id = key.substring(last + 1);
        if (!BackupIds.isValid(id) || prefix.contains("..") || prefix.contains("//")) {
            throw new GraphVaultException("'" + uri + "' does not end in a backup id (letters, digits, '.', '_', '-'):"
                    + " use s3://bucket/prefix/ID");
        }
        return new S3Location(bucket, prefix, id);
    }

    public String keyPrefix() {
        return (prefix.isEmpty() ? "" : prefix + "/") + id + "/";
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + keyPrefix().replaceAll("/$", "");
    }
}
