package io.graphvault.bench;

import apoc.export.json.ExportJson;
import apoc.export.json.ImportJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.CypherNames;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.ChildProcessNeo4j;
import io.graphvault.testing.EmbeddedNeo4j;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The benchmark (bench/README.md): on one synthetic graph, how close GraphVault's backup
 * and restore come to what the driver can read and write at best, and how they compare with APOC's
 * JSON export and import; with {@code --scale}, how their cost grows at 4 × the size. Every timed
 * step is its own JVM.
 */
final class GraphVaultBench {

    private static final String PASSWORD = "graphvault-bench";
    private static final String APP = "io.graphvault.GraphVaultApplication";
    private static final Duration DEADLINE = Duration.ofHours(1);
    private static final String APOC_FILE = "apoc-export.json";
    private static final int SCALE = 4;
    private static final int WARM_UPS = 2;
    /**
     * A 2026 server's memory, like the in-process 5.26 servers' (a 256 MB page cache each, a 4 GB heap shared
     * with the bench): with the tests' 1 GB heap and 128 MB page cache its GC took 5 CPU-seconds per restore.
     */
    private static final String SERVER_2026_HEAP = "4g";
    private static final List<String> SERVER_2026_SETTINGS = List.of("server.memory.pagecache.size=256m");
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
    /** Timed runs of each read-only step; its median is the step's time. */
    private static final int READ_RUNS = 3;

    private static final String WRITE_LIMIT = "write limit (UNWIND CREATE)";
    private static final String READ_LIMIT = "read limit (driver stream)";
    private static final String READ_LIMIT_KEYS = "read limit + endpoint keys";
    private static final String APOC_EXPORT = "APOC export.json.all";
    private static final String BACKUP = "GraphVault backup";
    private static final String APOC_IMPORT = "APOC import.json";
    private static final String RESTORE = "GraphVault restore";
    private static final String REPLAY = "GraphVault replay (2nd restore)";
    private static final String BACKUP_SMALL_HEAP = "GraphVault backup -Xmx256m";
    private static final String RESTORE_SMALL_HEAP = "GraphVault restore -Xmx256m";
    private static final String BACKUP_ENCRYPTED = "GraphVault backup encrypted";
    private static final String RESTORE_ENCRYPTED = "GraphVault restore encrypted";
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
    private final List<Step> steps = new ArrayList<>();
    /** Every timed run of the read-only steps, by step name, for the JSON. */
    private final Map<String, List<Double>> runs = new HashMap<>();

    /**
     * One row of the table. {@code seconds} is the step's time: the whole process for GraphVault and
     * APOC, the timed reads or writes for the limits ({@code processSeconds} is the whole process
     * either way). {@code clientCpu} is the step's process, {@code serverCpu} both Neo4j servers.
     */
    record Step(String name, String status, double seconds, double processSeconds, double clientCpu, double serverCpu,
            long records, long bytes, long peakRssBytes, String check) {

        Step with(long newBytes, String newCheck) {
            return new Step(name, status, seconds, processSeconds, clientCpu, serverCpu, records, newBytes, peakRssBytes, newCheck);
        }

        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

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
            return name + suffix(factor);
        }
    }

    private static String suffix(int factor) {
        return factor == 1 ? "" : " @" + factor + "x";
    }

    /**
     * A Neo4j server of the bench: in this JVM (5.26, with APOC) or a child process (2026.08.1,
     * {@code --server 2026}, without APOC). {@code cpuSeconds}: its CPU time so far (this JVM's for an
     * embedded server: add it up once for the pair, not per server).
     */
    private record Server(String boltUri, Runnable stop, java.util.function.DoubleSupplier cpuSeconds) implements AutoCloseable {
        Driver newDriver() {
            return org.neo4j.driver.GraphDatabase.driver(boltUri, org.neo4j.driver.AuthTokens.basic(EmbeddedNeo4j.USER, PASSWORD));
        }

        @Override
        public void close() {
            stop.run();
        }
    }

    private final boolean server2026;
    /** The CPU time so far of the pass's servers, both of them. */
    private java.util.function.DoubleSupplier serversCpu = () -> 0;
    /** The source server's alone, when it has a process of its own (2026): null otherwise. */
    private java.util.function.DoubleSupplier sourceCpu;

    private GraphVaultBench(int nodes, int relationships, boolean scale, Path work, boolean server2026) {
        this.server2026 = server2026;
        this.nodes = nodes;
        this.relationships = relationships;
        this.scale = scale;
        this.work = work;
    }

    private static final String USAGE =
            "usage: bench/run [--nodes N (200000)] [--rels N (400000)] [--scale] [--server 5.26|2026] [--results DIR] [--keep]";
    private static final List<String> OPTIONS = List.of("nodes", "rels", "scale", "server", "results", "keep", "help");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("help")) {
            System.out.println(USAGE);
            return;
        }
        int nodes = Integer.parseInt(options.getOrDefault("nodes", "200000"));
        int rels = Integer.parseInt(options.getOrDefault("rels", "400000"));
        Path results = Path.of(options.getOrDefault("results", "bench/results"));
        Path work = Files.createTempDirectory("graphvault-bench");
        String server = options.getOrDefault("server", "5.26");
        if (!server.equals("5.26") && !server.equals("2026")) {
            throw new IllegalArgumentException("--server is 5.26 (in this JVM, with APOC) or 2026 (2026.08.1 in child processes), not "
                    + server);
        }
        GraphVaultBench bench = new GraphVaultBench(nodes, rels, options.containsKey("scale"), work, server.equals("2026"));
        try {
            bench.run();
        } finally {
            if (!options.containsKey("keep")) {
                LocalBackupStore.deleteTree(work);
            }
        }
        System.out.println(bench.table());
        Path json = bench.writeJson(results);
        System.out.println("results: " + json);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; " + USAGE);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }

    private void run() throws IOException, InterruptedException {
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
        try (Server source = startNeo4j(dir.resolve("source"), importDir);
                Server target = startNeo4j(dir.resolve("target"), importDir)) {
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
            amendBytes(pass.step(BACKUP_ENCRYPTED), folderSize(backups.resolve("bench-enc")));
            if (apoc) {
                amendBytes(pass.step(APOC_EXPORT), fileSize(importDir.resolve(APOC_FILE)));
            }
            amendBytes(pass.step(BACKUP), folderSize(backups.resolve("bench")));
            warmUp(pass, RESTORE, toTarget, target, APP, "restore", "--from", backups.resolve("bench").toString(), "--yes");
            if (apoc) {
                step(pass, APOC_IMPORT, toTarget, List.of(), RunCypher.class.getName(), apocImportStatements());
                checkLast(pass, target);
                wipe(target);
            }
            restore(pass, RESTORE, target, toTarget, List.of(), backups.resolve("bench"));
            if (pass.comparisons()) {
                restore(pass, REPLAY, target, toTarget, List.of(), backups.resolve("bench"));
            }
            wipe(target);
            Map<String, String> toTargetEncrypted = new HashMap<>(toTarget);
            toTargetEncrypted.put("BACKUP_ENCRYPTION_KEY", BENCH_KEY);
            restore(pass, RESTORE_ENCRYPTED, target, toTargetEncrypted, List.of(), backups.resolve("bench-enc"));
            wipe(target);
            readSteps(pass, toSource, List.of(backupRun(BACKUP_SMALL_HEAP, SMALL_HEAP, backups.resolve("bench-256m"))));
            amendBytes(pass.step(BACKUP_SMALL_HEAP), folderSize(backups.resolve("bench-256m")));
            restore(pass, RESTORE_SMALL_HEAP, target, toTarget, SMALL_HEAP, backups.resolve("bench-256m"));
        }
    }

    /**
     * Untimed runs of a step that writes into {@code neo4j}, each followed by emptying it (constraints and indexes
     * too). Two, because one does not warm a server: a 2026.08.1 server in its own JVM spent 22.0, 6.3, 3.0 and
     * 2.6 CPU-seconds in its JIT compiler threads over four restores in a row, and its restores took 40.5, 26.9,
     * 25.5 and 24.9 s (bench/README.md, "The 2026 restore: the server's JIT and heap").
     */
    private void warmUp(Pass pass, String baseName, Map<String, String> env, Server neo4j, String mainClass, String... args)
            throws IOException, InterruptedException {
        for (int run = 1; run <= WARM_UPS; run++) {
            log("%s: warm-up run %d of %d ...", pass.step(baseName), run, WARM_UPS);
            ChildProcess.Outcome o = ChildProcess.run(serversCpu, classpathOf(mainClass), List.of(), env, work, DEADLINE, mainClass, args);
            if (!o.ok()) {
                log("  warm-up run failed: %s", o.reason());
            }
            wipe(neo4j);
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
    private void restore(Pass pass, String name, Server target, Map<String, String> env, List<String> jvmOptions,
            Path backup) throws IOException, InterruptedException {
        step(pass, name, env, jvmOptions, APP, "restore", "--from", backup.toString(), "--yes");
        checkLast(pass, target);
        compareLast(env, backup.toString());
    }

    private Server startNeo4j(Path dir, Path importDir) throws IOException {
        if (server2026) {
            ChildProcessNeo4j neo4j = ChildProcessNeo4j.start(Files.createDirectories(dir), PASSWORD, SERVER_2026_HEAP,
                    SERVER_2026_SETTINGS);
            return new Server(neo4j.boltUri(), neo4j::close, () -> ChildProcess.cpuSeconds(neo4j.pid()));
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        EmbeddedNeo4j neo4j = startEmbedded(dir, importDir);
        return new Server(neo4j.boltUri(), neo4j::close, () -> os.getProcessCpuTime() / 1e9);
    }

    private EmbeddedNeo4j startEmbedded(Path dir, Path importDir) throws IOException {
        return EmbeddedNeo4j.start(Files.createDirectories(dir), PASSWORD, b -> b
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .withConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .withProcedure(ExportJson.class)
                .withProcedure(ImportJson.class));
    }

    private Map<String, String> env(Server neo4j, Path backups) {
        Map<String, String> env = new HashMap<>();
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("NEO4J_USER", EmbeddedNeo4j.USER);
        env.put("NEO4J_PASSWORD", PASSWORD);
        env.put("NEO4J_DATABASE", "neo4j");
        env.put("BACKUP_DIR", backups.toString());
        env.put("BACKUP_INBOX", work.resolve("inbox").toString());
        return env;
    }

    private void step(Pass pass, String baseName, Map<String, String> env, List<String> jvmOptions, String mainClass,
            String... args) throws IOException, InterruptedException {
        String name = pass.step(baseName);
        log("%s ...", name);
        double sourceBefore = sourceCpu == null ? 0 : sourceCpu.getAsDouble();
        record(name, pass, ChildProcess.run(serversCpu, classpathOf(mainClass), jvmOptions, env, work, DEADLINE, mainClass, args));
        if (sourceCpu != null) {
            // the servers' CPU, split: a source busy with its own work (a checkpoint, a GC) takes a core from a restore
            log("  of the servers' CPU, the source's: %.1f s", sourceCpu.getAsDouble() - sourceBefore);
        }
    }

    private String classpathOf(String mainClass) {
        return mainClass.equals(APP) ? appClasspath : classpath;
    }

    /** What a read-only step does before each of its runs, e.g. remove the previous run's backup. */
    @FunctionalInterface
    private interface BeforeRun {
        void run() throws IOException;
    }

    /** One step that only reads the source: its JVM options, what to do before each run, and what to run. */
    private record ReadRun(String baseName, List<String> jvmOptions, BeforeRun before, String mainClass, String... args) {
    }

    /**
     * Steps that only read the source, timed alike: one untimed warm-up run of each (the page
     * cache, and the server's plans and compiled code for each step's own queries), then
     * {@link #READ_RUNS} rounds in which each step runs once, in turn, so that a slow spell of this
     * shared machine falls on all of them rather than on one; the median of a step's runs counts.
     * A failed run is its step's outcome.
     */
    private void readSteps(Pass pass, Map<String, String> env, List<ReadRun> group) throws IOException, InterruptedException {
        for (ReadRun r : group) {
            log("%s: warm-up run ...", pass.step(r.baseName()));
            r.before().run();
            ChildProcess.run(serversCpu, classpathOf(r.mainClass()), r.jvmOptions(), env, work, DEADLINE, r.mainClass(), r.args());
        }
        Map<String, List<ChildProcess.Outcome>> timed = new LinkedHashMap<>();
        Map<String, ChildProcess.Outcome> failed = new HashMap<>();
        for (int i = 1; i <= READ_RUNS; i++) {
            for (ReadRun r : group) {
                String name = pass.step(r.baseName());
                if (failed.containsKey(name)) {
                    continue;
                }
                log("%s: run %d of %d ...", name, i, READ_RUNS);
                r.before().run();
                ChildProcess.Outcome o = ChildProcess.run(serversCpu, classpathOf(r.mainClass()), r.jvmOptions(), env, work, DEADLINE,
                        r.mainClass(), r.args());
                if (o.ok()) {
                    timed.computeIfAbsent(name, k -> new ArrayList<>()).add(o);
                } else {
                    failed.put(name, o);
                }
            }
        }
        for (ReadRun r : group) {
            String name = pass.step(r.baseName());
            if (failed.containsKey(name)) {
                record(name, pass, failed.get(name));
                continue;
            }
            List<ChildProcess.Outcome> runsOfStep = new ArrayList<>(timed.get(name));
            runs.put(name, runsOfStep.stream().map(ChildProcess.Outcome::timedSeconds).toList());
            runsOfStep.sort(Comparator.comparingDouble(ChildProcess.Outcome::timedSeconds));
            record(name, pass, runsOfStep.get(READ_RUNS / 2));
        }
    }

    private void record(String name, Pass pass, ChildProcess.Outcome o) {
        String status = o.ok() ? "ok" : "FAILED: " + o.reason();
        steps.add(new Step(name, status, o.timedSeconds(), o.seconds(), o.clientCpuSeconds(), o.serverCpuSeconds(), pass.records(),
                0, o.peakRssBytes(), ""));
        log("%s: %s in %.1f s (process %.1f s; CPU: client %.1f s, servers %.1f s), peak RSS %,d MB", name, status,
                o.timedSeconds(), o.seconds(), o.clientCpuSeconds(), o.serverCpuSeconds(), o.peakRssBytes() >> 20);
        // The write limit's phases, and GraphVault's own summary line (its time without JVM start-up)
        Stream.concat(o.stdout().lines().filter(l -> l.startsWith("phase ")),
                o.stderr().lines().filter(l -> l.contains(" records in "))).forEach(l -> log("  %s", l.strip()));
    }

    private void amendBytes(String name, long bytes) {
        Step s = find(name);
        steps.set(steps.indexOf(s), s.with(bytes, s.check()));
    }

    /** Counts what the last step left in {@code neo4j} and notes it against the step. */
    private void checkLast(Pass pass, Server neo4j) {
        long n;
        long r;
        try (Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            n = s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
            r = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
        }
        String check = n == pass.nodes() && r == pass.relationships() ? "counts ok"
                : String.format(Locale.ROOT, "%,d nodes, %,d rels", n, r);
        Step s = steps.remove(steps.size() - 1);
        steps.add(s.with(s.bytes(), check));
    }

    /**
     * Untimed: {@code verify --against-db} compares the restored database with the backup, content
     * included, so a fast restore that got something wrong cannot pass for a good one.
     */
    private void compareLast(Map<String, String> env, String backup) throws IOException, InterruptedException {
        Step s = steps.remove(steps.size() - 1);
        String check = s.check();
        if (s.status().equals("ok")) {
            ChildProcess.Outcome o = ChildProcess.run(serversCpu, appClasspath, List.of(), env, work, DEADLINE, APP,
                    "verify", "--from", backup, "--against-db");
            check += o.ok() ? ", content ok" : ", CONTENT DIFFERS";
            if (!o.ok()) {
                log("  verify --against-db: %s%n%s", o.reason(), o.stdout());
            }
        }
        steps.add(s.with(s.bytes(), check));
    }

    private void wipe(Server neo4j) {
        try (Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            s.run("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume();
            s.run("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume();
            for (String c : s.run("SHOW CONSTRAINTS YIELD name RETURN name").list(x -> x.get(0).asString())) {
                s.run("DROP CONSTRAINT " + CypherNames.quote(c)).consume();
            }
            for (String i : s.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").list(x -> x.get(0).asString())) {
                s.run("DROP INDEX " + CypherNames.quote(i)).consume();
            }
        }
    }

    private Step find(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** a / b for a measure of two steps; null when either is missing or failed, or b's measure is 0. */
    private Double ratio(String a, String b, ToDoubleFunction<Step> measure) {
        Step x = find(a);
        Step y = find(b);
        if (x == null || y == null || !x.status().equals("ok") || !y.status().equals("ok")) {
            return null;
        }
        double den = measure.applyAsDouble(y);
        return den > 0 ? measure.applyAsDouble(x) / den : null;
    }

    private Map<String, Double> ratios() {
        Map<String, Double> r = new LinkedHashMap<>();
        putLimitRatios(r, "");
        r.put("replay / restore", ratio(REPLAY, RESTORE, Step::seconds));
        r.put("encrypted backup / backup", ratio(BACKUP_ENCRYPTED, BACKUP, Step::seconds));
        r.put("encrypted restore / restore", ratio(RESTORE_ENCRYPTED, RESTORE, Step::seconds));
        r.put("backup / APOC export", ratio(BACKUP, APOC_EXPORT, Step::seconds));
        r.put("restore / APOC import", ratio(RESTORE, APOC_IMPORT, Step::seconds));
        r.put("backup size / APOC file size", ratio(BACKUP, APOC_EXPORT, Step::bytes));
        if (scale) {
            String at = suffix(SCALE);
            putLimitRatios(r, at);
            for (String step : List.of(WRITE_LIMIT, READ_LIMIT, BACKUP, RESTORE, BACKUP_SMALL_HEAP, RESTORE_SMALL_HEAP)) {
                r.put("growth " + step + " (" + SCALE + "x time / 1x time)", ratio(step + at, step, Step::seconds));
            }
            for (String step : List.of(BACKUP, RESTORE, BACKUP_SMALL_HEAP, RESTORE_SMALL_HEAP)) {
                r.put("growth " + step + " peak RSS (" + SCALE + "x / 1x)", ratio(step + at, step, Step::peakRssBytes));
            }
        }
        return r;
    }

    /** GraphVault's cost over the driver's limits, for the pass whose step names end in {@code suffix}. */
    private void putLimitRatios(Map<String, Double> r, String suffix) {
        r.put("backup / read limit" + suffix, ratio(BACKUP + suffix, READ_LIMIT + suffix, Step::seconds));
        r.put("backup / read limit + endpoint keys" + suffix, ratio(BACKUP + suffix, READ_LIMIT_KEYS + suffix, Step::seconds));
        r.put("restore / write limit" + suffix, ratio(RESTORE + suffix, WRITE_LIMIT + suffix, Step::seconds));
    }

    String table() {
        StringBuilder t = new StringBuilder();
        String size = "%,d nodes + %,d relationships = %,d records%n";
        t.append(String.format(Locale.ROOT, "%nGraphVault bench on Neo4j %s: " + size, server2026 ? "2026.08.1" : "5.26", nodes,
                relationships, (long) nodes + relationships));
        if (scale) {
            t.append(String.format(Locale.ROOT, "steps marked%s: " + size, suffix(SCALE), (long) SCALE * nodes,
                    (long) SCALE * relationships, (long) SCALE * nodes + (long) SCALE * relationships));
        }
        t.append(System.lineSeparator());
        String row = "| %-32s | %8s | %8s | %8s | %9s | %10s | %13s | %9s | %-22s | %s |%n";
        t.append(String.format(Locale.ROOT, row, "step", "seconds", "process", "CPU app", "CPU neo4j", "records/s", "bytes",
                "peak RSS", "check", "status"));
        t.append(String.format(Locale.ROOT, row, "-".repeat(32), "-".repeat(8), "-".repeat(8), "-".repeat(8), "-".repeat(9),
                "-".repeat(10), "-".repeat(13), "-".repeat(9), "-".repeat(22), "------"));
        for (Step s : steps) {
            boolean ok = s.status().equals("ok");
            t.append(String.format(Locale.ROOT, row, s.name(), String.format(Locale.ROOT, "%.1f", s.seconds()),
                    String.format(Locale.ROOT, "%.1f", s.processSeconds()), String.format(Locale.ROOT, "%.1f", s.clientCpu()),
                    String.format(Locale.ROOT, "%.1f", s.serverCpu()),
                    ok ? String.format(Locale.ROOT, "%,.0f", s.recordsPerSecond()) : "",
                    s.bytes() > 0 ? String.format(Locale.ROOT, "%,d", s.bytes()) : "",
                    String.format(Locale.ROOT, "%,d MB", s.peakRssBytes() >> 20), s.check(), s.status()));
        }
        t.append(System.lineSeparator());
        Map<String, Double> ratios = ratios();
        int width = Math.max(30, ratios.keySet().stream().mapToInt(String::length).max().orElse(0));
        ratios.forEach((k, v) -> t.append(String.format(Locale.ROOT, "%-" + width + "s %s%n", k,
                v == null ? "n/a (a step failed or did not run)" : String.format(Locale.ROOT, "%.2f", v))));
        return t.toString();
    }

    Path writeJson(Path dir) throws IOException {
        ObjectNode root = BackupJson.MAPPER.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.put("nodes", nodes);
        root.put("relationships", relationships);
        root.put("scale", scale ? SCALE : 1);
        root.put("server", server2026 ? "2026.08.1 (child processes)" : "5.26 (neo4j-harness, in the bench's JVM)");
        root.put("java", System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = root.putArray("steps");
        for (Step s : steps) {
            ObjectNode row = rows.addObject().put("step", s.name()).put("status", s.status()).put("seconds", s.seconds())
                    .put("processSeconds", s.processSeconds()).put("clientCpuSeconds", s.clientCpu())
                    .put("serverCpuSeconds", s.serverCpu())
                    .put("recordsPerSecond", s.recordsPerSecond()).put("bytes", s.bytes())
                    .put("peakRssBytes", s.peakRssBytes()).put("check", s.check());
            if (runs.containsKey(s.name())) {
                runs.get(s.name()).forEach(row.putArray("runSeconds")::add);
            }
        }
        ObjectNode ratios = root.putObject("ratios");
        ratios().forEach((k, v) -> {
            if (v == null) {
                ratios.putNull(k);
            } else {
                ratios.put(k, v);
            }
        });
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path file = dir.resolve(stamp + "-" + nodes + "n-" + relationships + "r" + (scale ? "-scale" : "") + (server2026 ? "-2026" : "") + ".json");
        BackupJson.MAPPER.writeValue(file.toFile(), root);
        return file;
    }

    private static long fileSize(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static long folderSize(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }
}
