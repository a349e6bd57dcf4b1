package io.graphvault.bench;

import apoc.export.json.ExportJson;
import apoc.export.json.ImportJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.graphvault.demo.EmbeddedNeo4j;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.CypherNames;
import io.graphvault.storage.LocalBackupStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * The benchmark of issue 6 (bench/README.md): on one synthetic graph, how close GraphVault's backup
 * and restore come to what the driver can read and write at best, and how they compare with APOC's
 * JSON export and import. Every timed step is its own JVM.
 */
final class GraphVaultBench {

    private static final String PASSWORD = "graphvault-bench";
    private static final String APP = "io.graphvault.GraphVaultApplication";
    private static final Duration DEADLINE = Duration.ofHours(1);
    private static final String APOC_FILE = "apoc-export.json";

    private final int nodes;
    private final int relationships;
    private final Path work;
    private final String classpath = System.getProperty("java.class.path");
    private final List<Step> steps = new ArrayList<>();
    private EmbeddedNeo4j source;
    private EmbeddedNeo4j target;

    /** One row of the table. {@code check} says whether the database held what it should afterwards. */
    record Step(String name, String status, double seconds, long records, long bytes, long peakRssBytes, String check) {
        double recordsPerSecond() {
            return seconds > 0 ? records / seconds : 0;
        }
    }

    private GraphVaultBench(int nodes, int relationships, Path work) {
        this.nodes = nodes;
        this.relationships = relationships;
        this.work = work;
    }

    private static final String USAGE = "usage: bench/run [--nodes N (200000)] [--rels N (400000)] [--results DIR] [--keep]";
    private static final List<String> OPTIONS = List.of("nodes", "rels", "results", "keep", "help");

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
        GraphVaultBench bench = new GraphVaultBench(nodes, rels, work);
        try {
            bench.run();
        } finally {
            bench.close();
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

    private void run() throws Exception {
        System.setProperty("apoc.export.file.enabled", "true");
        System.setProperty("apoc.import.file.enabled", "true");
        Path importDir = Files.createDirectories(work.resolve("import"));
        Path backups = work.resolve("backups");
        source = startNeo4j("source", importDir);
        target = startNeo4j("target", importDir);
        long records = (long) nodes + relationships;
        log("graph: %,d nodes, %,d relationships; work folder %s", nodes, relationships, work);

        Map<String, String> toSource = env(source, backups);
        Map<String, String> toTarget = env(target, backups);
        // The write limit fills the (empty) source: the same graph, written the plainest fast way.
        step("write limit (UNWIND CREATE)", records, 0, toSource, List.of(), WriteLimit.class.getName(),
                Integer.toString(nodes), Integer.toString(relationships));
        checkLast(source);
        // Untimed: the first full read pays for a cold page cache and Cypher warm-up, whoever does it.
        log("warm-up read ...");
        ChildProcess.run(classpath, List.of(), toSource, work, DEADLINE, ReadLimit.class.getName());
        step("read limit (driver stream)", records, 0, toSource, List.of(), ReadLimit.class.getName());
        step("APOC export.json.all", records, 0, toSource, List.of(), RunCypher.class.getName(),
                "CALL apoc.export.json.all('" + APOC_FILE + "', {})");
        amendBytes(fileSize(importDir.resolve(APOC_FILE)));
        step("GraphVault backup", records, 0, toSource, List.of(), APP, "backup", "--name", "bench");
        amendBytes(folderSize(backups.resolve("bench")));

        List<String> apocImport = new ArrayList<>();
        for (SyntheticGraph.Label l : SyntheticGraph.LABELS) {
            apocImport.add("CREATE CONSTRAINT FOR (n:" + CypherNames.quote(l.name()) + ") REQUIRE n.neo4jImportId IS UNIQUE");
        }
        apocImport.add("CALL apoc.import.json('" + APOC_FILE + "')");
        step("APOC import.json", records, 0, toTarget, List.of(), RunCypher.class.getName(), apocImport.toArray(String[]::new));
        checkLast(target);
        wipe(target);

        String from = backups.resolve("bench").toString();
        step("GraphVault restore", records, 0, toTarget, List.of(), APP, "restore", "--from", from, "--yes");
        checkLast(target);
        compareLast(toTarget, from);
        step("GraphVault replay (2nd restore)", records, 0, toTarget, List.of(), APP, "restore", "--from", from, "--yes");
        checkLast(target);
        compareLast(toTarget, from);
        wipe(target);

        List<String> small = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
        step("GraphVault backup -Xmx256m", records, 0, toSource, small, APP, "backup", "--name", "bench-256m");
        amendBytes(folderSize(backups.resolve("bench-256m")));
        step("GraphVault restore -Xmx256m", records, 0, toTarget, small, APP, "restore", "--from",
                backups.resolve("bench-256m").toString(), "--yes");
        checkLast(target);
        compareLast(toTarget, backups.resolve("bench-256m").toString());
    }

    private EmbeddedNeo4j startNeo4j(String name, Path importDir) throws IOException {
        return EmbeddedNeo4j.start(Files.createDirectories(work.resolve(name)), PASSWORD, b -> b
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"))
                .withConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .withProcedure(ExportJson.class)
                .withProcedure(ImportJson.class));
    }

    private Map<String, String> env(EmbeddedNeo4j neo4j, Path backups) {
        Map<String, String> env = new HashMap<>();
        env.put("NEO4J_URI", neo4j.boltUri());
        env.put("NEO4J_USER", EmbeddedNeo4j.USER);
        env.put("NEO4J_PASSWORD", PASSWORD);
        env.put("NEO4J_DATABASE", "neo4j");
        env.put("BACKUP_DIR", backups.toString());
        env.put("BACKUP_INBOX", work.resolve("inbox").toString());
        return env;
    }

    private void step(String name, long records, long bytes, Map<String, String> env, List<String> jvmOptions,
            String mainClass, String... args) throws IOException, InterruptedException {
        log("%s ...", name);
        ChildProcess.Outcome o = ChildProcess.run(classpath, jvmOptions, env, work, DEADLINE, mainClass, args);
        String status = o.ok() ? "ok" : "FAILED: " + o.reason();
        steps.add(new Step(name, status, o.seconds(), records, bytes, o.peakRssBytes(), ""));
        log("%s: %s in %.1f s, peak RSS %,d MB", name, status, o.seconds(), o.peakRssBytes() >> 20);
        // The write limit's phases, and GraphVault's own summary line (its time without JVM start-up)
        Stream.concat(o.stdout().lines().filter(l -> l.startsWith("phase ")),
                o.stderr().lines().filter(l -> l.contains(" records in "))).forEach(l -> log("  %s", l.strip()));
    }

    private void amendBytes(long bytes) {
        Step s = steps.remove(steps.size() - 1);
        steps.add(new Step(s.name(), s.status(), s.seconds(), s.records(), bytes, s.peakRssBytes(), s.check()));
    }

    /** Counts what the last step left in {@code neo4j} and notes it against the step. */
    private void checkLast(EmbeddedNeo4j neo4j) {
        long n;
        long r;
        try (Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            n = s.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
            r = s.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
        }
        String check = n == nodes && r == relationships ? "counts ok"
                : String.format(Locale.ROOT, "%,d nodes, %,d rels", n, r);
        Step s = steps.remove(steps.size() - 1);
        steps.add(new Step(s.name(), s.status(), s.seconds(), s.records(), s.bytes(), s.peakRssBytes(), check));
    }

    /**
     * Untimed: {@code verify --against-db} compares the restored database with the backup, content
     * included, so a fast restore that got something wrong cannot pass for a good one.
     */
    private void compareLast(Map<String, String> env, String backup) throws IOException, InterruptedException {
        Step s = steps.remove(steps.size() - 1);
        String check = s.check();
        if (s.status().equals("ok")) {
            ChildProcess.Outcome o = ChildProcess.run(classpath, List.of(), env, work, DEADLINE, APP,
                    "verify", "--from", backup, "--against-db");
            check += o.ok() ? ", content ok" : ", CONTENT DIFFERS";
            if (!o.ok()) {
                log("  verify --against-db: %s%n%s", o.reason(), o.stdout());
            }
        }
        steps.add(new Step(s.name(), s.status(), s.seconds(), s.records(), s.bytes(), s.peakRssBytes(), check));
    }

    private void wipe(EmbeddedNeo4j neo4j) {
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

    /** a / b for two steps' seconds (or bytes); null when either is missing or failed. */
    private Double ratio(String a, String b, boolean bytes) {
        Step x = find(a);
        Step y = find(b);
        if (x == null || y == null || !x.status().equals("ok") || !y.status().equals("ok")) {
            return null;
        }
        double num = bytes ? x.bytes() : x.seconds();
        double den = bytes ? y.bytes() : y.seconds();
        return den > 0 ? num / den : null;
    }

    private Map<String, Double> ratios() {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("backup / read limit", ratio("GraphVault backup", "read limit (driver stream)", false));
        r.put("restore / write limit", ratio("GraphVault restore", "write limit (UNWIND CREATE)", false));
        r.put("replay / restore", ratio("GraphVault replay (2nd restore)", "GraphVault restore", false));
        r.put("backup / APOC export", ratio("GraphVault backup", "APOC export.json.all", false));
        r.put("restore / APOC import", ratio("GraphVault restore", "APOC import.json", false));
        r.put("backup size / APOC file size", ratio("GraphVault backup", "APOC export.json.all", true));
        return r;
    }

    String table() {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%nGraphVault bench: %,d nodes + %,d relationships = %,d records%n%n",
                nodes, relationships, (long) nodes + relationships));
        String row = "| %-32s | %8s | %10s | %13s | %9s | %-22s | %s |%n";
        t.append(String.format(Locale.ROOT, row, "step", "seconds", "records/s", "bytes", "peak RSS", "check", "status"));
        t.append(String.format(Locale.ROOT, row, "-".repeat(32), "-".repeat(8), "-".repeat(10), "-".repeat(13),
                "-".repeat(9), "-".repeat(22), "------"));
        for (Step s : steps) {
            boolean ok = s.status().equals("ok");
            t.append(String.format(Locale.ROOT, row, s.name(), String.format(Locale.ROOT, "%.1f", s.seconds()),
                    ok ? String.format(Locale.ROOT, "%,.0f", s.recordsPerSecond()) : "",
                    s.bytes() > 0 ? String.format(Locale.ROOT, "%,d", s.bytes()) : "",
                    String.format(Locale.ROOT, "%,d MB", s.peakRssBytes() >> 20), s.check(), s.status()));
        }
        t.append(System.lineSeparator());
        ratios().forEach((k, v) -> t.append(String.format(Locale.ROOT, "%-30s %s%n", k,
                v == null ? "n/a (a step failed)" : String.format(Locale.ROOT, "%.2f", v))));
        return t.toString();
    }

    Path writeJson(Path dir) throws IOException {
        ObjectNode root = BackupJson.MAPPER.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.put("nodes", nodes);
        root.put("relationships", relationships);
        root.put("java", System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = root.putArray("steps");
        for (Step s : steps) {
            rows.addObject().put("step", s.name()).put("status", s.status()).put("seconds", s.seconds())
                    .put("recordsPerSecond", s.recordsPerSecond()).put("bytes", s.bytes())
                    .put("peakRssBytes", s.peakRssBytes()).put("check", s.check());
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
        Path file = dir.resolve(stamp + "-" + nodes + "n-" + relationships + "r.json");
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

    private void close() {
        if (target != null) {
            target.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "bench: " + format + "%n", args);
    }
}
