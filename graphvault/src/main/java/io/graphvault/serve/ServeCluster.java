package io.graphvault.serve;

import io.graphvault.internal.GraphVaultException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * SERVE_CLUSTER: whether replicas of {@code serve} elect one leader, and through what. Empty: no
 * election, every {@code serve} runs its triggers (one replica). {@code file:DIR}: Camel's
 * FileLockClusterService, a lock and a heartbeat file in DIR on a volume every replica mounts.
 * {@code kubernetes} or {@code kubernetes:NAMESPACE}: Camel's KubernetesClusterService, a Lease
 * ({@value #LEASE}) in that namespace, or the pod's own.
 */
public record ServeCluster(Kind kind, Path dir, String namespace) {

    public enum Kind { NONE, FILE, KUBERNETES }

    /** The cluster namespace of every leader-only endpoint: one namespace, so one leader runs all of them. */
    static final String GROUP = "serve";
    /** Name of the Lease: KubernetesClusterService calls it {@code <resource name>-<group>}. */
    static final String LEASE = "graphvault-" + GROUP;
    /**
     * How often a replica looks at the lock and the leader writes its heartbeat. A standby tries the
     * lock once the heartbeat is older than {@value #HEARTBEATS_MISSED} intervals, and gets it only
     * when the leader's lock is gone too: 6 to 8 s after the leader died. A leader that could not
     * write its heartbeat for as long gives the lead up itself. Camel's defaults (10 s, 5) wait a minute.
     */
    static final long FILE_LOCK_INTERVAL_SECONDS = 2;
    static final int HEARTBEATS_MISSED = 3;

    public static ServeCluster parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            return new ServeCluster(Kind.NONE, null, null);
        }
        if (v.startsWith("file:") && v.length() > "file:".length()) {
            return new ServeCluster(Kind.FILE, Path.of(v.substring("file:".length())).toAbsolutePath().normalize(), null);
        }
        if (v.equals("kubernetes")) {
            return new ServeCluster(Kind.KUBERNETES, null, null);
        }
        if (v.startsWith("kubernetes:") && v.substring("kubernetes:".length()).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            return new ServeCluster(Kind.KUBERNETES, null, v.substring("kubernetes:".length()));
        }
        throw new GraphVaultException("SERVE_CLUSTER '" + v + "' is not a cluster: use file:DIR (a folder every replica"
                + " of serve shares), kubernetes or kubernetes:NAMESPACE (a Lease), or leave it empty for one serve");
    }

    public boolean clustered() {
        return kind != Kind.NONE;
    }

    /** {@code uri} as only the leader consumes it: Camel's master component around it when clustered. */
    String leaderOnly(String uri) {
        return clustered() ? "master:" + GROUP + ":" + uri : uri;
    }

    /** The prefix {@link #leaderOnly} puts before an endpoint: a route template's parameter. */
    public String leaderOnlyPrefix() {
        return leaderOnly("");
    }

    /** A new, unstarted cluster service for this setting; for {@code file:DIR}, DIR made and checked first. */
    CamelClusterService newService() {
        return switch (kind) {
            case FILE -> {
                requireWritableDir();
                FileLockClusterService files = new FileLockClusterService();
                files.setId("graphvault-serve");
                files.setRoot(dir.toString());
                files.setAcquireLockInterval(FILE_LOCK_INTERVAL_SECONDS, TimeUnit.SECONDS);
                files.setHeartbeatTimeoutMultiplier(HEARTBEATS_MISSED);
                yield files;
            }
            case KUBERNETES -> {
                KubernetesClusterService kubernetes = new KubernetesClusterService();
                kubernetes.setId("graphvault-serve");
                kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
                kubernetes.setKubernetesResourceName("graphvault");
                // null: the namespace of the pod's service account
                kubernetes.setKubernetesResourcesNamespace(namespace);
                yield kubernetes;
            }
            case NONE -> throw new IllegalStateException("SERVE_CLUSTER is empty: no cluster service");
        };
    }

    /**
     * Camel's file lock service logs a folder it cannot lock in only at debug level, and no replica would ever lead:
     * refused at start instead.
     */
    private void requireWritableDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new GraphVaultException("SERVE_CLUSTER file:" + dir + ": cannot create the folder (" + e.getMessage()
                    + "); give a folder every replica of serve can write in");
        }
        if (!Files.isWritable(dir)) {
            throw new GraphVaultException("SERVE_CLUSTER file:" + dir + ": this serve cannot write in the folder; give a"
                    + " folder every replica of serve can write in");
        }
    }

    /** What a standby waits for, for the health check and the log. */
    String lock() {
        return switch (kind) {
            case FILE -> "the lock " + dir.resolve(GROUP) + " (the leader's heartbeat in " + dir.resolve(GROUP + ".dat") + ")";
            case KUBERNETES -> "the Lease " + LEASE + " in namespace " + (namespace == null ? "of this pod" : namespace);
            case NONE -> "nothing";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "off";
            case FILE -> "file lock in " + dir;
            case KUBERNETES -> "Kubernetes Lease " + LEASE + (namespace == null ? "" : " in " + namespace);
        };
    }
}
