package io.graphvault.bench;

import static io.graphvault.bench.BenchReport.ADMIN_IMPORT;
import static io.graphvault.bench.BenchReport.APOC_EXPORT;
import static io.graphvault.bench.BenchReport.APOC_IMPORT;
import static io.graphvault.bench.BenchReport.BACKUP;
import static io.graphvault.bench.BenchReport.BACKUP_ENCRYPTED;
import static io.graphvault.bench.BenchReport.BACKUP_SMALL_HEAP;
import static io.graphvault.bench.BenchReport.IMPORTED_START;
import static io.graphvault.bench.BenchReport.PREPARE_IMPORT;
import static io.graphvault.bench.BenchReport.READ_LIMIT;
import static io.graphvault.bench.BenchReport.READ_LIMIT_KEYS;
import static io.graphvault.bench.BenchReport.REPLAY;
import static io.graphvault.bench.BenchReport.RESTORE;
import static io.graphvault.bench.BenchReport.RESTORE_ENCRYPTED;
import static io.graphvault.bench.BenchReport.RESTORE_SMALL_HEAP;
import static io.graphvault.bench.BenchReport.SCALE;
import static io.graphvault.bench.BenchReport.SCHEMA_ONLY;
import static io.graphvault.bench.BenchReport.THROUGH_ADMIN_IMPORT;
import static io.graphvault.bench.BenchReport.WRITE_LIMIT;
import static io.graphvault.bench.BenchReport.log;

import io.graphvault.internal.CypherNames;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.EmbeddedNeo4j;
import io.graphvault.testing.Neo4jAdminImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark (bench/README.md): on one synthetic graph, how close GraphVault's backup
 * and restore come to what the driver can read and write at best, and how they compare with APOC's
 * JSON export and import; with {@code --scale}, how their cost grows at 4 × the size. Every timed
 * step is its own JVM.
 */
final class GraphVaultBench {

    static final String APP = "io.graphvault.GraphVaultApplication";
    private static final Duration DEADLINE = Duration.ofHours(1);
    private static final String APOC_FILE = "apoc-export.json";
    private static final int WARM_UPS = 2;
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

    /** The bench's own key (base64 of 32 bytes): encryption's cost does not depend on the key. */
    private static final String BENCH_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    private final int nodes;
    private final int relationships;
    private final boolean scale;
    private final Path work;
    private final String classpath = System.getProperty("java.class.path");
    /**
     * GraphVault's steps run the shaded jar users run ({@code bench/run} passes {@code -Dgraphvault.jar}):
     * one jar instead of some 150 on the class path starts 0.35 s sooner and with 0.9 s less CPU.
     */
    private final String appClasspath = System.getProperty("graphvault.jar", classpath);
    private final BenchReport report;

    /**
     * One pass over the synthetic graph at {@code factor} × the size, on a fresh pair of databases.
     * {@code comparisons} adds the replay, and APOC's export and import on a server that has APOC (5.26).
     */
    private record Pass(int factor, int nodes, int relationships, boolean comparisons) {
        long records() {
            return (long) nodes + relationships;
        }

        /** The step's name in this pass: as given at 1 ×, with " @4x" after it at 4 ×. */
        String step(String name) {
            return name + BenchReport.suffix(factor);
        }
    }

    private final boolean server2026;
    /** The CPU time so far of the pass's servers, both of them. */
    private java.util.function.DoubleSupplier serversCpu = () -> 0;
    /** The source server's alone, when it has a process of its own (2026): null otherwise. */
    private java.util.function.DoubleSupplier sourceCpu;

    GraphVaultBench(int nodes, int relationships, boolean scale, Path work, boolean server2026, BenchReport report) {
        this.server2026 = server2026;
        this.nodes = nodes;
        this.relationships = relationships;
        this.scale = scale;
        this.work = work;
        this.report = report;
    }

    void run() throws IOException, InterruptedException {
        System.setProperty("apoc.export.file.enabled", "true");
        System.setProperty("apoc.import.file.enabled", "true");
        log("GraphVault runs from %s", appClasspath.equals(classpath) ? "the test class path (no -Dgraphvault.jar)" : appClasspath);
        runPass(new Pass(1, nodes, relationships, true));
        if (scale) {
            // No APOC steps and no replay at 4 ×: APOC's import alone would take about 10 minutes at 4 ×
            // the default size, and the replay repeats the restore. This pass asks how GraphVault's own
            // backup and restore grow, beside the driver's limits at the same size.
            runPass(new Pass(SCALE, Math.multiplyExact(SCALE, nodes), Math.multiplyExact(SCALE, relationships), false));
        }
    }

    /**
     * The steps of one pass, in a work subfolder of their own. Both databases are stopped when the
     * pass ends, so the next pass starts on a fresh pair and the memory of this one is free.
     */
    private void runPass(Pass pass) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(work.resolve(pass.factor() + "x"));
        Path importDir = Files.createDirectories(dir.resolve("import"));
        Path backups = dir.resolve("backups");
        try (BenchServer source = BenchServer.start(dir.resolve("source"), importDir, server2026);
                BenchServer target = BenchServer.start(dir.resolve("target"), importDir, server2026)) {
            serversCpu = server2026 ? () -> source.cpuSeconds().getAsDouble() + target.cpuSeconds().getAsDouble()
                    : source.cpuSeconds();
            sourceCpu = server2026 ? source.cpuSeconds() : null;
            boolean apoc = pass.comparisons() && !server2026;
            log("graph: %,d nodes, %,d relationships; work folder %s", pass.nodes(), pass.relationships(), dir);
            Map<String, String> toSource = env(source, backups);
            Map<String, String> toTarget = env(target, backups);
            // The write limit fills the (empty) source: the same graph, written the plainest fast way. Like
            // every timed step that writes, it first runs once untimed, and the database is emptied again:
            // the server has then compiled its plans and its own code for these writes, as a server that
            // has been running for a while has (a Neo4j 2026 server in its own JVM took 30 to 36 s for
            // its first restore after it started, 22.5 s for the next ones).
            warmUp(pass, WRITE_LIMIT, toSource, source, WriteLimit.class.getName(), Integer.toString(pass.nodes()),
                    Integer.toString(pass.relationships()));
            step(pass, WRITE_LIMIT, toSource, List.of(), WriteLimit.class.getName(),
                    Integer.toString(pass.nodes()), Integer.toString(pass.relationships()));
            checkLast(pass, source);
            List<ReadRun> reads = new ArrayList<>();
            reads.add(new ReadRun(READ_LIMIT, List.of(), () -> { }, ReadLimit.class.getName()));
            reads.add(new ReadRun(READ_LIMIT_KEYS, List.of(), () -> { }, ReadLimit.class.getName(), "10000", "keys"));
            if (apoc) {
                reads.add(new ReadRun(APOC_EXPORT, List.of(), () -> { }, RunCypher.class.getName(),
                        "CALL apoc.export.json.all('" + APOC_FILE + "', {})"));
            }
            reads.add(backupRun(BACKUP, List.of(), backups.resolve("bench")));
            // the same backup with BACKUP_ENCRYPTION_KEY set (a system property, as the group shares one environment)
            reads.add(backupRun(BACKUP_ENCRYPTED, List.of("-Dbackup.encryption-key=" + BENCH_KEY), backups.resolve("bench-enc")));
            readSteps(pass, toSource, reads);
            report.amendBytes(pass.step(BACKUP_ENCRYPTED), StoredBytes.folder(backups.resolve("bench-enc")));
            if (apoc) {
                report.amendBytes(pass.step(APOC_EXPORT), fileSize(importDir.resolve(APOC_FILE)));
            }
            report.amendBytes(pass.step(BACKUP), StoredBytes.folder(backups.resolve("bench")));
            warmUp(pass, RESTORE, toTarget, target, APP, "restore", "--from", backups.resolve("bench").toString(), "--yes");
            if (apoc) {
                step(pass, APOC_IMPORT, toTarget, List.of(), RunCypher.class.getName(), apocImportStatements());
                checkLast(pass, target);
                target.wipe();
            }
            restore(pass, RESTORE, target, toTarget, List.of(), backups.resolve("bench"));
            if (pass.comparisons()) {
                restore(pass, REPLAY, target, toTarget, List.of(), backups.resolve("bench"));
            }
            target.wipe();
            Map<String, String> toTargetEncrypted = new HashMap<>(toTarget);
            toTargetEncrypted.put("BACKUP_ENCRYPTION_KEY", BENCH_KEY);
            restore(pass, RESTORE_ENCRYPTED, target, toTargetEncrypted, List.of(), backups.resolve("bench-enc"));
            target.wipe();
            readSteps(pass, toSource, List.of(backupRun(BACKUP_SMALL_HEAP, SMALL_HEAP, backups.resolve("bench-256m"))));
            report.amendBytes(pass.step(BACKUP_SMALL_HEAP), StoredBytes.folder(backups.resolve("bench-256m")));
            restore(pass, RESTORE_SMALL_HEAP, target, toTarget, SMALL_HEAP, backups.resolve("bench-256m"));
        }
        restoreThroughAdminImport(pass, dir, backups.resolve("bench"));
    }

    /**
     * The restore through Neo4j's offline importer (docs/admin-import.md), after the pair has stopped (the importer
     * writes store files, no server takes part): {@code prepare-import}, then {@code neo4j-admin database import
     * full} of the pass's server version in a child JVM as the neo4j-admin script runs it, then {@code restore
     * --schema-only} on a server started on the imported store. Each is timed as a process, once; their sum is a
     * row of its own. The server's start (it copies the store first) is reported apart, untimed.
     */
    private void restoreThroughAdminImport(Pass pass, Path dir, Path backup) throws IOException, InterruptedException {
        Path files = dir.resolve("admin-import-files");
        Path importWork = Files.createDirectories(dir.resolve("admin-import"));
        serversCpu = () -> 0;
        sourceCpu = null;
        Map<String, String> noServer = Map.of("BACKUP_DIR", backup.getParent().toString(),
                "BACKUP_INBOX", work.resolve("inbox").toString());
        step(pass, PREPARE_IMPORT, noServer, List.of(), APP, "prepare-import", "--from", backup.toString(),
                "--to", files.toString());
        if (!report.last().ok()) {
            return;
        }
        Path home = Neo4jAdminImport.newHome(importWork);
        Path argsFile = files.resolve("neo4j-admin-import.args");
        // neo4j-admin's own heap without HEAP_SIZE or a heap setting in neo4j.conf: the JVM's default (a quarter of the RAM)
        List<String> command = server2026 ? Neo4jAdminImport.childJvmCommand2026(null, argsFile)
                : Neo4jAdminImport.childJvmCommand(List.of(ChildProcess.java()), classpath, argsFile);
        String name = pass.step(ADMIN_IMPORT);
        log("%s ...", name);
        ChildProcess.Outcome imported = ChildProcess.run(serversCpu, command, Neo4jAdminImport.environment(home), work,
                DEADLINE, "neo4j-admin database import full @" + argsFile);
        report.record(name, pass.records(), imported);
        if (!imported.ok()) {
            List<String> lines = imported.stdout().lines().toList();
            log("  its output ends:%n%s", String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            return;
        }
        long start = System.nanoTime();
        try (BenchServer server = BenchServer.startOnImport(importWork.resolve("server"), home, server2026)) {
            report.recordInformational(pass.step(IMPORTED_START), (System.nanoTime() - start) / 1e9);
            serversCpu = server.cpuSeconds();
            Map<String, String> toServer = env(server, backup.getParent());
            step(pass, SCHEMA_ONLY, toServer, List.of(), APP, "restore", "--from", backup.toString(), "--schema-only");
            checkLast(pass, server);
            compareLast(toServer, backup.toString());
        }
        report.recordSum(pass.step(THROUGH_ADMIN_IMPORT), pass.records(),
                List.of(pass.step(PREPARE_IMPORT), pass.step(ADMIN_IMPORT), pass.step(SCHEMA_ONLY)));
    }

    /**
     * Untimed runs of a step that writes into {@code neo4j}, each followed by emptying it (constraints and indexes
     * too). Two, because one does not warm a server: a 2026.08.1 server in its own JVM spent 22.0, 6.3, 3.0 and
     * 2.6 CPU-seconds in its JIT compiler threads over four restores in a row, and its restores took 40.5, 26.9,
     * 25.5 and 24.9 s (bench/README.md, "The 2026 restore: the server's JIT and heap").
     */
    private void warmUp(Pass pass, String baseName, Map<String, String> env, BenchServer neo4j, String mainClass, String... args)
            throws IOException, InterruptedException {
        for (int run = 1; run <= WARM_UPS; run++) {
            log("%s: warm-up run %d of %d ...", pass.step(baseName), run, WARM_UPS);
            ChildProcess.Outcome o = ChildProcess.run(serversCpu, classpathOf(mainClass), List.of(), env, work, DEADLINE, mainClass, args);
            if (!o.ok()) {
                log("  warm-up run failed: %s", o.reason());
            }
            neo4j.wipe();
        }
    }

    private static String[] apocImportStatements() {
        List<String> statements = new ArrayList<>();
        for (SyntheticGraph.Label l : SyntheticGraph.LABELS) {
            statements.add("CREATE CONSTRAINT FOR (n:" + CypherNames.quote(l.name()) + ") REQUIRE n.neo4jImportId IS UNIQUE");
        }
        statements.add("CALL apoc.import.json('" + APOC_FILE + "')");
        return statements.toArray(String[]::new);
    }

    /** A GraphVault backup into {@code folder} (its name is the backup's); each run removes the one before. */
    private static ReadRun backupRun(String name, List<String> jvmOptions, Path folder) {
        return new ReadRun(name, jvmOptions, () -> LocalBackupStore.deleteTree(folder), APP, "backup", "--name",
                folder.getFileName().toString());
    }

    /** A GraphVault restore from {@code backup} into {@code target}, then the counts and content checks. */
    private void restore(Pass pass, String name, BenchServer target, Map<String, String> env, List<String> jvmOptions,
            Path backup) throws IOException, InterruptedException {
        step(pass, name, env, jvmOptions, APP, "restore", "--from", backup.toString(), "--yes");
        checkLast(pass, target);
        compareLast(env, backup.toString());
    }

    private Map<String, String> env(BenchServer neo4j, Path backups) {
        return env(neo4j, backups, work.resolve("inbox"));
    }

    /** GraphVault's environment for a run against {@code neo4j} with its backups in {@code backups}. */
    static Map<String, String> env(BenchServer neo4j, Path backups, Path inbox) {
        Map<String, String> env = new HashMap<>();
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("NEO4J_USER", EmbeddedNeo4j.USER);
        env.put("NEO4J_PASSWORD", BenchServer.PASSWORD);
        env.put("NEO4J_DATABASE", "neo4j");
        env.put("BACKUP_DIR", backups.toString());
        env.put("BACKUP_INBOX", inbox.toString());
        return env;
    }

    private void step(Pass pass, String baseName, Map<String, String> env, List<String> jvmOptions, String mainClass,
            String... args) throws IOException, InterruptedException {
        String name = pass.step(baseName);
        log("%s ...", name);
        double sourceBefore = sourceCpu == null ? 0 : sourceCpu.getAsDouble();
        report.record(name, pass.records(), ChildProcess.run(serversCpu, classpathOf(mainClass), jvmOptions, env, work, DEADLINE, mainClass, args));
        if (sourceCpu != null) {
            // the servers' CPU, split: a source busy with its own work (a checkpoint, a GC) takes a core from a restore
            log("  of the servers' CPU, the source's: %.1f s", sourceCpu.getAsDouble() - sourceBefore);
        }
    }

    private String classpathOf(String mainClass) {
        return mainClass.equals(APP) ? appClasspath : classpath;
    }

    /** {@link ReadRun#timeAlike} in this pass, against the source. */
    private void readSteps(Pass pass, Map<String, String> env, List<ReadRun> group) throws IOException, InterruptedException {
        ReadRun.timeAlike(group, pass::step, pass.records(), r -> ChildProcess.run(serversCpu, classpathOf(r.mainClass()),
                r.jvmOptions(), env, work, DEADLINE, r.mainClass(), r.args()), report);
    }

    /** Counts what the last step left in {@code neo4j} and notes it against the step. */
    private void checkLast(Pass pass, BenchServer neo4j) {
        report.checkedLast(GraphCounts.of(neo4j).check(new GraphCounts(pass.nodes(), pass.relationships())));
    }

    /**
     * Untimed: {@code verify --against-db} compares the restored database with the backup, content
     * included, so a fast restore that got something wrong cannot pass for a good one.
     */
    private void compareLast(Map<String, String> env, String backup) throws IOException, InterruptedException {
        String check = report.last().check();
        if (report.last().ok()) {
            ChildProcess.Outcome o = ChildProcess.run(serversCpu, appClasspath, List.of(), env, work, DEADLINE, APP,
                    "verify", "--from", backup, "--against-db");
            check += o.ok() ? ", content ok" : ", CONTENT DIFFERS";
            if (!o.ok()) {
                log("  verify --against-db: %s%n%s", o.reason(), o.stdout());
            }
        }
        report.checkedLast(check);
    }

    private static long fileSize(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

}
