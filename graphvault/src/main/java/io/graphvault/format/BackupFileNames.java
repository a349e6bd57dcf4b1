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

    /**
     * How a view over an incremental backup's chain names the data file {@code path} of its ancestor {@code id}:
     * {@code nodes/ID/000001.jsonl.gz}, still in its folder, so that what tells node files from relationship files
     * holds for it too. Backup ids hold no '/'.
     */
    public static String inAncestor(String path, String id) {
        int slash = path.indexOf('/');
        return path.substring(0, slash) + "/" + id + path.substring(slash);
    }

    /** The ancestor's id in a path made by {@link #inAncestor}, else null. */
    public static String ancestorOf(String path) {
        int first = path.indexOf('/');
        int last = path.lastIndexOf('/');
        return first < 0 || first == last ? null : path.substring(first + 1, last);
    }

    /** The path in its own backup of a path made by {@link #inAncestor}. */
    public static String inOwnBackup(String path) {
        int first = path.indexOf('/');
        int last = path.lastIndexOf('/');
        return first < 0 || first == last ? path : path.substring(0, first) + path.substring(last);
    }

    /** {@code schema.json}, plain or encrypted. */
    public static boolean isSchema(String path) {
        return path.startsWith(BackupSchema.FILE_NAME);
    }

    /** A batch file of records (not the schema). */
    public static boolean isData(String path) {
        return path.startsWith(NODES_DIR + "/") || path.startsWith(RELATIONSHIPS_DIR + "/");
    }
}
