package io.graphvault.internal;

/** Names of the headers and exchange properties the routes pass between steps; nowhere else as literals. */
public final class GraphVaultHeaders {

    /** Header: the folder the backup is being written to (the partial folder until published). */
    public static final String BACKUP_FOLDER = "GraphVaultBackupFolder";
    /** Header: true when the backup is to be replicated to S3 once published. */
    public static final String REPLICATE = "GraphVaultReplicate";
    /** Header: where the backup's files go, "local" (the partial folder) or "s3" (straight into the bucket). */
    public static final String BACKUP_TO = "GraphVaultBackupTo";
    /** Header: the path, within the backup, of the file on its way to the sinks. */
    public static final String FILE_PATH = "GraphVaultFilePath";
    /** Header: how many records the file on its way to the sinks holds. */
    public static final String FILE_RECORDS = "GraphVaultFileRecords";
    /** Header: the name the local sink writes a file under until it is complete (in the file's folder). */
    public static final String TEMP_NAME = "GraphVaultTempName";
    /** Exchange property: true while this exchange's file is between the backup's stage and stored steps. */
    public static final String STORING = "GraphVaultStoring";
    /** Exchange property: the {@code BackupJob} in progress, so a failure can clean up after it. */
    public static final String BACKUP_JOB = "backupJob";
    /** Exchange property: the backup's {@code BackupCipher} (bound to its id), absent for a plain backup. */
    public static final String BACKUP_CIPHER = "backupCipher";
    /** Exchange property: the backup folder's {@code JobLock.Held} around one job of serve's queue. */
    public static final String JOB_LOCK = "GraphVaultJobLock";
    /** Exchange property: the restore's {@code RestoreJob}, as opened and verified. */
    public static final String RESTORE_JOB = "restoreJob";
    /** Exchange property: the restore's {@code RestorePlan}, decided once before the first node. */
    public static final String RESTORE_PLAN = "restorePlan";
    /** Exchange property: the node writers of a restore, open while the node files are read. */
    public static final String NODE_WRITER = "restoreNodeWriter";
    /** Exchange property: the relationship writers of a restore, open while the relationship files are read. */
    public static final String RELATIONSHIP_WRITER = "restoreRelationshipWriter";

    private GraphVaultHeaders() {
    }
    /** The user said --allow-unauthenticated: a backup without a valid authentication code is read although a key is set. */
    public static final String ALLOW_UNAUTHENTICATED = "GraphVaultAllowUnauthenticated";
}
