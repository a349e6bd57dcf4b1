package io.graphvault.adminimport;

import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.GraphVaultHeaders;
import io.graphvault.progress.Progress;
import io.graphvault.restore.legacy.LegacyBackup;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.catalog.BackupCatalog;
import io.graphvault.storage.local.LocalBackupSource;
import io.graphvault.storage.verify.BackupReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * {@code graphvault prepare-import}: any backup (a folder, an id, S3, encrypted) as the files {@code neo4j-admin
 * database import full} reads, plus the argument file that names them ({@link ImportArguments}). Batch files are
 * converted in parallel, each streaming into its own CSV files; the argument file is written last, so a folder
 * without it is never a complete set. A failure deletes what was written.
 */
public final class PrepareImport {

    private final BackupCatalog catalog;
    private final int threads;

    public PrepareImport(BackupCatalog catalog, int threads) {
        this.catalog = catalog;
        this.threads = threads;
    }

    /**
     * What was prepared: the files, their counts, and the argument file that names them, also as the importer sees it
     * ({@code importerArgumentFile}, under --mounted-at when given).
     */
    public record Prepared(String backup, String location, Path dir, Path argumentFile, String importerArgumentFile,
            int nodeFiles, int relationshipFiles, long nodes, long relationships, long fixups, long bytes, double seconds) {
    }

    public Prepared prepare(@Body PrepareImportRequest request,
            @Header(GraphVaultHeaders.ALLOW_UNAUTHENTICATED) Boolean allowUnauthenticated) {
        Path dir = Path.of(request.to()).toAbsolutePath().normalize();
        String prefix = ImportArguments.pathPrefix(dir, request.mountedAt());
        ImportArguments.requireDatabaseName(request.database());
        requireEmpty(dir);
        BackupSource source = catalog.open(request.from());
        if (source instanceof LocalBackupSource local && LegacyBackup.isLegacyFolder(local.dir())) {
            throw new GraphVaultException(source.location() + " is a folder of the old Python scripts: prepare-import reads"
                    + " GraphVault backups only; replay it with graphvault restore");
        }
        BackupManifest stored = BackupReader.readManifest(source);
        catalog.authenticate(source, "backup " + stored.id(), stored, Boolean.TRUE.equals(allowUnauthenticated));
        BackupCatalog.Readable chain = catalog.readable(source, stored, Boolean.TRUE.equals(allowUnauthenticated));
        BackupSource readable = chain.source();
        BackupManifest manifest = chain.manifest();
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir.resolve(BackupFileNames.NODES_DIR));
            Files.createDirectories(dir.resolve(BackupFileNames.RELATIONSHIPS_DIR));
            Progress progress = Progress.start("prepare-import " + manifest.id(), "bytes", manifest.totalBytes());
            List<BatchFileConversion.Converted> converted = convert(readable, manifest, dir, progress);
            Duration took = progress.finish();
            ImportTotals totals = ImportTotals.check(source.location() + "/" + BackupManifest.FILE_NAME, manifest, converted);
            Path args = ImportArguments.write(dir, prefix, request.database(), converted);
            long bytes;
            try (var files = Files.walk(dir)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
            return new Prepared(manifest.id(), source.location(), dir, args, prefix + "/" + args.getFileName(),
                    totals.nodeFiles(), totals.relationshipFiles(),
                    totals.nodes(), totals.relationships(), totals.fixups(), bytes, took.toMillis() / 1000.0);
        } catch (IOException e) {
            deleteWritten(dir, created);
            throw new GraphVaultException("cannot write into " + dir + ": " + e.getMessage() + "; nothing of it is left there", e);
        } catch (RuntimeException e) {
            deleteWritten(dir, created);
            throw e;
        }
    }

    private List<BatchFileConversion.Converted> convert(BackupSource source, BackupManifest manifest, Path dir, Progress progress)
            throws IOException {
        Set<Long> dropped = manifest.droppedRelationships();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "prepare-import");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<BatchFileConversion.Converted> done = new ExecutorCompletionService<>(pool);
        int submitted = 0;
        try {
            for (FileEntry f : manifest.files()) {
                if (!BackupFileNames.isData(f.path())) {
                    continue;
                }
                boolean nodes = f.path().startsWith(BackupFileNames.NODES_DIR + "/");
                Path out = dir.resolve(nodes ? BackupFileNames.NODES_DIR : BackupFileNames.RELATIONSHIPS_DIR);
                String name = Path.of(f.path()).getFileName().toString();
                String ancestor = BackupFileNames.ancestorOf(f.path()); // a file of an incremental backup's parent
                String base = (ancestor == null ? "" : ancestor + "-") + name.substring(0, name.indexOf('.'));
                done.submit(() -> {
                    BatchFileConversion.Converted c = new BatchFileConversion(source, f, nodes, out, base, dropped).run();
                    progress.advance(f.bytes());
                    return c;
                });
                submitted++;
            }
            List<BatchFileConversion.Converted> converted = new ArrayList<>(submitted);
            for (int i = 0; i < submitted; i++) {
                converted.add(done.take().get());
            }
            return converted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw cause instanceof RuntimeException r ? r : new GraphVaultException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphVaultException("prepare-import was interrupted", e);
        } finally {
            pool.shutdownNow();
            awaitStopped(pool);
        }
    }

    /** The workers stop at their next record once interrupted; their files are deleted only after they have. */
    private static void awaitStopped(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new GraphVaultException("--to " + dir + " is a file: give a new or empty folder");
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new GraphVaultException("--to " + dir + " is not empty: prepare-import writes only into a new or empty"
                        + " folder, so it never mixes its files with others or overwrites any");
            }
        } catch (IOException e) {
            throw new GraphVaultException("cannot read --to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes what this run wrote: the folder if it created it, else everything in it (it was empty). */
    private static void deleteWritten(Path dir, boolean created) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (created || !p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // the argument file was not written, so what is left cannot pass for a complete set
        }
    }
}
