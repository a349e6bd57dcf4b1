package io.graphvault.format;

/** File and folder names of the backup format {@code graphvault/1}. */
public final class BackupFileNames {

    public static final String NODES_DIR = "nodes";
    public static final String RELATIONSHIPS_DIR = "relationships";
    public static final String GZIP_SUFFIX = ".jsonl.gz";
    public static final String PLAIN_SUFFIX = ".jsonl";

    private BackupFileNames() {
    }

    public static String batchPath(String dir, int sequence, boolean gzip) {
        return dir + "/" + String.format("%06d", sequence) + (gzip ? GZIP_SUFFIX : PLAIN_SUFFIX);
    }

    public static boolean isGzip(String path) {
        return path.endsWith(".gz") || path.endsWith(".gz" + BackupCipher.SUFFIX);
    }

    /** A batch file of records (not the schema). */
    public static boolean isData(String path) {
        return path.startsWith(NODES_DIR + "/") || path.startsWith(RELATIONSHIPS_DIR + "/");
    }
}
