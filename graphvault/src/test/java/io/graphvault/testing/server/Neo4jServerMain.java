package io.graphvault.testing.server;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingImpl;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * The main class of a Neo4j test server in a child JVM: started by {@link ChildProcessNeo4j} on the class path of
 * the Neo4j version under test (a {@code lib/} folder, see {@code servers/neo4j-2026/pom.xml}), never in the test
 * JVM. Bolt on a free loopback port, authentication on, a small page cache, its files under the given folder.
 *
 * <p>Protocol: arguments are the work folder, then {@code name=value} settings (internal ones too), and maybe
 * {@value #COPY_FROM}{@code =DIR}: a Neo4j home, such as one {@code neo4j-admin} imported into, whose files the
 * server starts on, copied into its work folder. The password comes in the
 * {@value #PASSWORD_ENV} environment variable (arguments show in process lists). When ready it prints one line
 * {@value #READY}{@code <bolt uri>} on stdout. It stops when its stdin closes, which also happens when the parent
 * JVM dies however it dies, so no server outlives its tests.
 *
 * <p>Compiled with the tests against the 5.26 harness and run on 2026.08.1: it uses only API both share, and
 * finds version-only settings (such as {@code db.query.default_language}) by name. It must stay ONE class file
 * (no nested or anonymous classes): the launcher copies only this file next to the server's {@code lib/}.
 */
public final class Neo4jServerMain {

    public static final String READY = "graphvault-neo4j-bolt=";
    public static final String PASSWORD_ENV = "GRAPHVAULT_NEO4J_PASSWORD";
    /** Not a Neo4j setting: the folder the server copies its files from before it starts. */
    public static final String COPY_FROM = "graphvault.copy_from";

    private Neo4jServerMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Neo4j's threads are not daemons: without this a server that failed to start would never exit
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws IOException {
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(Path.of(args[0]))
                .withDisabledServer()
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128));
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String name = args[i].substring(0, eq);
            String value = args[i].substring(eq + 1);
            builder = name.equals(COPY_FROM) ? builder.copyFrom(Path.of(value))
                    : withSetting(builder, setting(name), value);
        }
        Neo4j neo4j = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        neo4j.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                .executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", System.getenv(PASSWORD_ENV)));
        System.out.println(READY + neo4j.boltURI());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() != -1) {
            // the parent never writes: only the end of the stream matters
        }
        System.exit(0);
    }

    private static <T> Neo4jBuilder withSetting(Neo4jBuilder builder, SettingImpl<T> setting, String value) {
        return builder.withConfig(setting, setting.parse(value));
    }

    private static SettingImpl<?> setting(String name) {
        for (Class<?> settings : new Class<?>[] {GraphDatabaseSettings.class, GraphDatabaseInternalSettings.class}) {
            for (Field f : settings.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Setting.class.isAssignableFrom(f.getType())) {
                    try {
                        Setting<?> s = (Setting<?>) f.get(null);
                        if (s.name().equals(name)) {
                            return (SettingImpl<?>) s;
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        throw new IllegalArgumentException("this Neo4j version has no setting " + name
                + " in GraphDatabaseSettings or GraphDatabaseInternalSettings");
    }
}
