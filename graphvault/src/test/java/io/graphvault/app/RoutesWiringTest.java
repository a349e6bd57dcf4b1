package io.graphvault.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.serve.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring of the real route files and beans, without a server: every route of routes/*.camel.yaml
 * starts with the beans and classes it names (a bean renamed or a class moved fails here, not at a
 * user's first backup), and serve's queue hands each kind of job to its own route (AdviceWith
 * replaces those routes' endpoints with mocks, so no job runs). Neo4j is configured on a port where
 * nothing listens: nothing here may connect to it.
 */
class RoutesWiringTest {

    private static final Pattern ROUTE_ID = Pattern.compile("^- route:\\s*\\n\\s+id: ([\\w-]+)", Pattern.MULTILINE);

    @TempDir
    Path work;

    @Test
    void everyRouteOfTheRouteFilesStartsWithTheBeansItNames() throws Exception {
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(config())) {
            Set<String> started = new TreeSet<>();
            for (Route route : runtime.context().getRoutes()) {
                started.add(route.getRouteId());
            }
            assertThat(started).containsAll(routeIdsOfTheRouteFiles());
            assertThat(runtime.context().isStarted()).isTrue();
        }
    }

    @Test
    void serveHandsEachKindOfJobToItsOwnRoute() throws Exception {
        try (GraphVaultRuntime runtime = GraphVaultRuntime.start(config())) {
            AdviceWith.adviceWith(runtime.context(), "serve-jobs", a -> a.mockEndpointsAndSkip("direct:serve-*"));
            runtime.context().getRouteController().startRoute("serve-jobs");
            MockEndpoint backups = runtime.context().getEndpoint("mock:direct:serve-backup", MockEndpoint.class);
            MockEndpoint restores = runtime.context().getEndpoint("mock:direct:serve-restore", MockEndpoint.class);
            MockEndpoint replications = runtime.context().getEndpoint("mock:direct:serve-replicate", MockEndpoint.class);
            Job backup = new Job.Backup(new BackupRequest("nightly", BackupTarget.LOCAL, List.of(), 1_000));
            Job restore = new Job.Restore(new RestoreRequest("nightly", false, true, false, Map.of(), true, 1_000));
            backups.expectedBodiesReceived(backup);
            restores.expectedBodiesReceived(restore);
            replications.expectedMessageCount(1);

            for (Job job : List.of(backup, restore, new Job.Replicate())) {
                runtime.request("seda:graphvault-jobs", job, Object.class);
            }

            MockEndpoint.assertIsSatisfied(runtime.context());
        }
    }

    private Map<String, String> config() {
        Map<String, String> c = new HashMap<>();
        c.put("neo4j.uri", "bolt://127.0.0.1:1");
        c.put("neo4j.password", "never-used");
        c.put("backup.dir", work.resolve("backups").toString());
        c.put("backup.inbox", work.resolve("inbox").toString());
        c.put("camel.management.port", "0");
        return c;
    }

    private static Set<String> routeIdsOfTheRouteFiles() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                Matcher m = ROUTE_ID.matcher(Files.readString(file));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        assertThat(ids).as("route ids read from routes/").hasSizeGreaterThan(10);
        return ids;
    }
}
