package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphvault.internal.GraphVaultException;
import io.graphvault.storage.local.LocalBackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SERVE_CLUSTER as the operator writes it, and the Camel cluster service each value makes. The
 * Kubernetes service is only configured here, never started: no cluster runs in the tests.
 */
class ServeClusterTest {

    @Test
    void emptyMeansOneServeWhoseTriggersAreNotWrapped() {
        for (String value : new String[] {null, "", "  "}) {
            ServeCluster cluster = ServeCluster.parse(value);
            assertThat(cluster.clustered()).as("'%s'", value).isFalse();
            assertThat(cluster.leaderOnly("timer:scheduled-backup")).isEqualTo("timer:scheduled-backup");
            assertThat(cluster.leaderOnlyPrefix()).isEmpty();
        }
    }

    @Test
    void aFolderMakesAFileLockClusterServiceThereWhoseStandbysTakeOverWithinSeconds(@org.junit.jupiter.api.io.TempDir Path dir) {
        ServeCluster cluster = ServeCluster.parse("file:" + dir.resolve("cluster"));

        assertThat(cluster.kind()).isEqualTo(ServeCluster.Kind.FILE);
        assertThat(cluster.leaderOnly("file:inbox")).isEqualTo("master:serve:file:inbox");
        FileLockClusterService service = (FileLockClusterService) cluster.newService();
        assertThat(Path.of(service.getRoot())).isEqualTo(dir.resolve("cluster"));
        long intervalMillis = service.getAcquireLockIntervalUnit().toMillis(service.getAcquireLockInterval());
        assertThat(intervalMillis * service.getHeartbeatTimeoutMultiplier()).as("a dead leader's heartbeat goes stale within")
                .isLessThanOrEqualTo(TimeUnit.SECONDS.toMillis(10));
        assertThat(cluster.lock()).contains(dir.resolve("cluster").resolve("serve").toString());
    }

    @Test
    void aRelativeFolderIsTakenFromTheWorkingDirectory() {
        assertThat(ServeCluster.parse("file:shared/cluster").dir()).isEqualTo(Path.of("shared/cluster").toAbsolutePath());
    }

    @Test
    void kubernetesMakesALeaseInTheNamespaceGivenOrThePodsOwn() {
        KubernetesClusterService inNamespace = (KubernetesClusterService) ServeCluster.parse("kubernetes:backups").newService();
        assertThat(inNamespace.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
        assertThat(inNamespace.getKubernetesResourcesNamespace()).isEqualTo("backups");
        // the Lease is named <resource name>-<group>: graphvault-serve
        assertThat(inNamespace.getKubernetesResourceName() + "-" + ServeCluster.GROUP).isEqualTo(ServeCluster.LEASE)
                .isEqualTo("graphvault-serve");

        ServeCluster podsOwn = ServeCluster.parse("kubernetes");
        assertThat(((KubernetesClusterService) podsOwn.newService()).getKubernetesResourcesNamespace()).isNull();
        assertThat(podsOwn.leaderOnly("quartz:graphvault/scheduled-backup")).isEqualTo("master:serve:quartz:graphvault/scheduled-backup");
    }

    @Test
    void anythingElseIsRefusedNamingTheSettingAndWhatItTakes() {
        for (String value : new String[] {"file:", "files:/shared", "kubernetes:", "kubernetes:Backups", "zookeeper:localhost:2181",
                "true"}) {
            assertThatThrownBy(() -> ServeCluster.parse(value)).as(value).isInstanceOf(GraphVaultException.class)
                    .hasMessageStartingWith("SERVE_CLUSTER '" + value + "' is not a cluster")
                    .hasMessageContaining("file:DIR").hasMessageContaining("kubernetes:NAMESPACE");
        }
    }

    @Test
    void aLockFolderThatCannotBeMadeIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        ServeCluster cluster = ServeCluster.parse("file:" + file.resolve("cluster"));

        assertThatThrownBy(cluster::newService).isInstanceOf(GraphVaultException.class)
                .hasMessageContaining("SERVE_CLUSTER file:" + file.resolve("cluster")).hasMessageContaining("cannot create the folder");
    }

    @Test
    void theBackupCheckLeavesReadinessOnlyWithAKubernetesLeaseWhichOnlyReadyPodsMayTake(@TempDir Path dir) {
        for (String value : new String[] {"", "file:" + dir, "kubernetes", "kubernetes:backup"}) {
            BackupHealth health = new BackupHealth(Clock.systemUTC(), new BackupMetrics(Clock.systemUTC(), new LocalBackupStore(dir), null));
            health.leadership(new ServeLeadership(ServeCluster.parse(value), Clock.systemUTC()));
            assertThat(health.isReadiness()).as("'%s'", value).isEqualTo(!value.startsWith("kubernetes"));
            assertThat(health.isLiveness()).as("'%s': a failing backup never restarts serve", value).isFalse();
        }
    }
}
