package io.graphvault.serve;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this {@code serve} is the leader of its replicas (SERVE_CLUSTER), as the health check,
 * the {@code graphvault_cluster_leader} gauge and the log tell it. The election itself is Camel's:
 * the leader-only endpoints are {@code master:} endpoints on the same cluster service and group,
 * and this class only follows the group's leadership events. Without a cluster, always the leader.
 */
public final class ServeLeadership {

    private static final Logger LOG = LoggerFactory.getLogger(ServeLeadership.class);

    private final ServeCluster cluster;
    private final Clock clock;
    private volatile CamelClusterView view;
    private volatile Instant leaderSince;

    public ServeLeadership(ServeCluster cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
        this.leaderSince = cluster.clustered() ? null : clock.instant();
    }

    /**
     * Adds the cluster service to {@code context} and joins serve's group: before any {@code master:}
     * endpoint is made, which looks the service up in the context.
     */
    public void join(CamelContext context) throws Exception {
        if (!cluster.clustered()) {
            return;
        }
        CamelClusterService service = cluster.newService();
        context.addService(service, true, true);
        CamelClusterView group = service.getView(ServeCluster.GROUP);
        group.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> changed(v));
        view = group;
        LOG.info("serve is a standby until it leads ({}): it waits for {}", cluster, cluster.lock());
        changed(group);
    }

    private synchronized void changed(CamelClusterView v) {
        boolean leads = v.getLocalMember().isLeader();
        if (leads && leaderSince == null) {
            leaderSince = clock.instant();
            LOG.info("serve is the leader ({}): it runs the schedule, the inbox, the offsite sweep and the restore drill", cluster);
        } else if (!leads && leaderSince != null) {
            leaderSince = null;
            LOG.warn("serve is a standby again ({}): its schedule, inbox, offsite sweep and drill stop; it waits for {}", cluster,
                    cluster.lock());
        }
    }

    public boolean leader() {
        return leaderSince != null;
    }

    /** Since when this serve leads (its start without a cluster), or null for a standby. */
    public Instant leaderSince() {
        return leaderSince;
    }

    public boolean clustered() {
        return cluster.clustered();
    }

    /** Whether only a ready replica may lead: Kubernetes' Lease, not the file lock. */
    boolean leadFollowsReadiness() {
        return cluster.kind() == ServeCluster.Kind.KUBERNETES;
    }

    /** What a standby waits for: the leader when the cluster service names it, else the lock. */
    public String waitsFor() {
        CamelClusterView v = view;
        CamelClusterMember leader = v == null ? null : v.getLeader().filter(m -> !m.isLocal()).orElse(null);
        return leader != null ? "the leader " + leader.getId() + " to give up " + cluster.lock() : cluster.lock();
    }

    /**
     * {@code graphvault_cluster_leader}: 1 on the leader (and without a cluster), 0 on a standby; and
     * {@code graphvault_leader_since_timestamp_seconds}, from when it leads (its start without a cluster; NaN on a
     * standby): a standby that takes over is late with its first backup only from then on.
     */
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("graphvault.cluster.leader", this, l -> l.leader() ? 1 : 0)
                .description("1 when this serve runs the schedule, the inbox, the offsite sweep and the restore drill; 0 on a standby")
                .register(registry);
        Gauge.builder("graphvault.leader.since.timestamp", this, l -> {
            Instant since = l.leaderSince();
            return since == null ? Double.NaN : since.toEpochMilli() / 1000.0;
        }).baseUnit("seconds").description("when this serve took the lead (its start without SERVE_CLUSTER); NaN on a standby")
                .register(registry);
    }
}
