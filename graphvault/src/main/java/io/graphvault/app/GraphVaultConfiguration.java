package io.graphvault.app;

import io.graphvault.backup.BackupService;
import io.graphvault.backup.GraphExporter;
import io.graphvault.format.BackupKeys;
import io.graphvault.format.BatchDataFormat;
import io.graphvault.internal.BoltTls;
import io.graphvault.internal.ErrorsAsFailures;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Neo4jSettings;
import io.graphvault.internal.SettingValues;
import io.graphvault.internal.Uris;
import io.graphvault.restore.DatabaseComparison;
import io.graphvault.restore.GraphImporter;
import io.graphvault.restore.ImportFixups;
import io.graphvault.restore.ImportedDatabase;
import io.graphvault.restore.LegacyFolderCheck;
import io.graphvault.restore.RestorePlanner;
import io.graphvault.restore.RestoreSchema;
import io.graphvault.restore.RestoreService;
import io.graphvault.status.GraphStatus;
import io.graphvault.storage.catalog.BackupCatalog;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.lock.JobLock;
import io.graphvault.storage.s3.S3BackupStore;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;

/** Makes every bean the routes call, from {@code application.properties} and the environment. */
@Configuration
public class GraphVaultConfiguration implements CamelConfiguration {

    @PropertyInject("neo4j.uri")
    String neo4jUri;
    @PropertyInject("neo4j.user")
    String neo4jUser;
    @PropertyInject(value = "neo4j.password", defaultValue = "")
    String neo4jPassword;
    @PropertyInject(value = "neo4j.database", defaultValue = "neo4j")
    String neo4jDatabase;
    @PropertyInject(value = "neo4j.trusted-certificates", defaultValue = "")
    String neo4jTrustedCertificates;
    @PropertyInject(value = "neo4j.client-certificate", defaultValue = "")
    String neo4jClientCertificate;
    @PropertyInject(value = "neo4j.client-key", defaultValue = "")
    String neo4jClientKey;
    @PropertyInject(value = "neo4j.client-key-password", defaultValue = "")
    String neo4jClientKeyPassword;
    @PropertyInject("backup.dir")
    String backupDir;
    @PropertyInject(value = "backup.lock-timeout", defaultValue = "6h")
    String lockTimeout;
    @PropertyInject(value = "backup.batch-bytes", defaultValue = "8388608")
    String batchBytes;
    @PropertyInject(value = "restore.max-record-bytes", defaultValue = "536870912")
    String maxRecordBytes;
    @PropertyInject(value = "backup.encryption-key", defaultValue = "")
    String encryptionKey;
    @PropertyInject(value = "backup.encryption-key-file", defaultValue = "")
    String encryptionKeyFile;
    @PropertyInject(value = "backup.decryption-keys", defaultValue = "")
    String decryptionKeys;

    private Driver driver;
    private BackupService backupService;
    private LocalBackupStore localBackupStore;
    private GraphImporter graphImporter;
    private RestorePlanner restorePlanner;
    private BackupKeys backupKeys;

    /** Every step of every route reports an Error it throws as its failure ({@link ErrorsAsFailures}). */
    @Override
    public void configure(CamelContext camelContext) {
        camelContext.getCamelContextExtension().addInterceptStrategy(new ErrorsAsFailures());
    }

    @BindToRegistry
    public Neo4jSettings neo4jSettings() {
        return new Neo4jSettings(neo4jUri, neo4jUser, neo4jPassword, neo4jDatabase, neo4jTrustedCertificates,
                neo4jClientCertificate);
    }

    /** The driver connects lazily: creating it never fails because Neo4j is down. */
    @BindToRegistry(beanPostProcess = false)
    public synchronized Driver neo4jDriver() {
        if (driver != null) {
            return driver;
        }
        BoltTls tls = BoltTls.fromSettings(neo4jUri, neo4jTrustedCertificates, neo4jClientCertificate, neo4jClientKey,
                neo4jClientKeyPassword);
        Config config = tls.configure(Config.builder()
                .withLogging(Logging.slf4j())
                .withConnectionTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .withMaxTransactionRetryTime(15, java.util.concurrent.TimeUnit.SECONDS))
                .build();
        try {
            driver = GraphDatabase.driver(tls.driverUri(), AuthTokens.basic(neo4jUser, neo4jPassword),
                    tls.clientCertificates(), config);
        } catch (IllegalArgumentException e) {
            // no cause: the driver's message quotes the URI, and a user and password may be in it
            throw new GraphVaultException("NEO4J_URI '" + neo4jSettings().safeUri() + "' is not a Neo4j URI such as"
                    + " bolt://localhost:7687 or neo4j://host:7687 (" + Uris.redact(e.getMessage(), tls.driverUri()) + ")");
        }
        return driver;
    }

    /** Made at start, so that a bad key stops every command with an error that names its setting. */
    @BindToRegistry
    public synchronized BackupKeys backupKeys() {
        if (backupKeys == null) {
            backupKeys = BackupKeys.fromSettings(encryptionKey, encryptionKeyFile, decryptionKeys);
        }
        return backupKeys;
    }

    @BindToRegistry
    public synchronized LocalBackupStore localBackupStore() {
        if (localBackupStore == null) {
            localBackupStore = new LocalBackupStore(Path.of(backupDir));
        }
        return localBackupStore;
    }

    /** One job at a time on BACKUP_DIR, across processes. Lazy: a bad BACKUP_LOCK_TIMEOUT fails the jobs, not `list`. */
    @BindToRegistry(lazy = true)
    public JobLock jobLock() {
        return new JobLock(localBackupStore().root(), JobLock.parseTimeout(lockTimeout), Clock.systemUTC());
    }

    /** Lazy: a bad BACKUP_BATCH_BYTES fails the backups, not `list`. */
    @BindToRegistry(lazy = true)
    public GraphExporter graphExporter(BackupCatalog backupCatalog) {
        long bytes = SettingValues.wholeNumber("BACKUP_BATCH_BYTES", batchBytes);
        if (bytes < 1) {
            throw new GraphVaultException("BACKUP_BATCH_BYTES '" + batchBytes + "' must be at least 1 (bytes of JSON per batch file)");
        }
        // the backup refuses a record that verify and the restore would refuse
        return new GraphExporter(neo4jDriver(), neo4jSettings(), bytes, S3Configuration.recordLimit("RESTORE_MAX_RECORD_BYTES", maxRecordBytes),
                backupCatalog);
    }

    /** Lazy: the S3 store comes from {@link S3Configuration}, which Camel processes after this class. */
    @BindToRegistry(lazy = true)
    public synchronized BackupService backupService(S3BackupStore s3BackupStore) {
        if (backupService == null) {
            backupService = new BackupService(localBackupStore(), s3BackupStore, true, Clock.systemUTC(), backupKeys());
        }
        return backupService;
    }

    @BindToRegistry(lazy = true)
    public FailureHandler failureHandler(BackupService backupService) {
        return new FailureHandler(backupService);
    }

    /** The backup route's data format: typed JSON Lines and gzip for batches, JSON for schema and manifest. */
    @BindToRegistry
    public BatchDataFormat batchFormat() {
        return new BatchDataFormat();
    }

    @BindToRegistry
    public synchronized GraphImporter graphImporter() {
        if (graphImporter == null) {
            graphImporter = new GraphImporter(neo4jDriver(), neo4jSettings());
        }
        return graphImporter;
    }

    @BindToRegistry
    public synchronized RestorePlanner restorePlanner() {
        if (restorePlanner == null) {
            restorePlanner = new RestorePlanner(graphImporter());
        }
        return restorePlanner;
    }

    @BindToRegistry(lazy = true)
    public ImportFixups importFixups() {
        return new ImportFixups(neo4jDriver(), neo4jSettings());
    }

    @BindToRegistry
    public RestoreSchema restoreSchema() {
        return new RestoreSchema(graphImporter());
    }


    /** Lazy: the catalog comes from {@link S3Configuration}, which Camel processes after this class. */
    @BindToRegistry(lazy = true)
    public RestoreService restoreService(BackupCatalog backupCatalog) {
        return new RestoreService(graphImporter(), restorePlanner(), neo4jSettings(), backupCatalog);
    }

    @BindToRegistry
    public ImportedDatabase importedDatabase() {
        return new ImportedDatabase(graphImporter(), neo4jSettings());
    }

    @BindToRegistry(lazy = true)
    public LegacyFolderCheck legacyFolderCheck(BackupCatalog backupCatalog) {
        return new LegacyFolderCheck(backupCatalog);
    }

    @BindToRegistry
    public DatabaseComparison databaseComparison() {
        return new DatabaseComparison(neo4jDriver(), neo4jSettings());
    }

    @BindToRegistry
    public GraphStatus graphStatus() {
        return new GraphStatus(neo4jDriver(), neo4jSettings());
    }
}
