package io.graphvault.serve;

import static io.graphvault.serve.DeployFiles.DEPLOY;
import static io.graphvault.serve.DeployFiles.list;
import static io.graphvault.serve.DeployFiles.map;
import static io.graphvault.serve.DeployFiles.yamlAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of deploy/kubernetes, checked without a cluster: each parses, is of a stable
 * API, reads into the Kubernetes client's typed model without an unknown field, and what one names another
 * (ServiceAccount, Role, ConfigMap, Secret, labels, ports) exists. What only a cluster checks (the API
 * server's validation, RBAC at work, the image) is not run here.
 */
class KubernetesManifestsTest {

    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    /** Each kind's apiVersion: the stable ones, and the Prometheus Operator's for the ServiceMonitor. */
    private static final Map<String, String> API_VERSIONS = Map.of("Namespace", "v1", "ServiceAccount", "v1",
            "ConfigMap", "v1", "Secret", "v1", "Service", "v1", "Deployment", "apps/v1", "CronJob", "batch/v1",
            "Role", "rbac.authorization.k8s.io/v1", "RoleBinding", "rbac.authorization.k8s.io/v1",
            "ServiceMonitor", "monitoring.coreos.com/v1");

    private static final List<Map<String, Object>> MANIFESTS = new ArrayList<>();

    @BeforeAll
    static void readEveryManifest() throws IOException {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yaml.example"))
                    .sorted().toList()) {
                MANIFESTS.addAll(yamlAll(file));
            }
        }
    }

    @Test
    void everyManifestIsOfAStableApiAndNamedInGraphVaultsNamespace() {
        assertThat(MANIFESTS).extracting(m -> m.get("kind")).containsOnly(API_VERSIONS.keySet().toArray())
                .contains("Deployment", "CronJob", "Secret", "Role", "RoleBinding", "ServiceAccount", "ServiceMonitor");
        for (Map<String, Object> m : MANIFESTS) {
            String what = m.get("kind") + " " + map(m, "metadata").get("name");
            assertThat(m.get("apiVersion")).as(what).isEqualTo(API_VERSIONS.get((String) m.get("kind")));
            assertThat(map(m, "metadata").get("name")).as(what).isNotNull();
            if (!m.get("kind").equals("Namespace")) {
                assertThat(map(m, "metadata").get("namespace")).as("%s's namespace", what).isEqualTo("graphvault");
            }
        }
    }

    /**
     * The Kubernetes client's own model (fabric8, which KubernetesClusterService talks to the API server with) reads
     * each manifest of the core APIs into its typed classes: a field they do not know (a misspelt one, one at the
     * wrong level) lands in a model's additionalProperties, and a value of the wrong type fails the read.
     */
    @Test
    void everyFieldOfTheCoreManifestsIsOneTheKubernetesModelKnows() {
        KubernetesSerialization kubernetes = new KubernetesSerialization();
        for (Map<String, Object> m : MANIFESTS) {
            if (((String) m.get("apiVersion")).startsWith("monitoring.coreos.com")) {
                continue; // the Prometheus Operator's CRD: not in the client's model
            }
            String what = m.get("kind") + " " + map(m, "metadata").get("name");
            KubernetesResource typed = kubernetes.convertValue(m, KubernetesResource.class);
            assertThat(typed).as(what).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(unknownFields(typed, what)).as(what).isEmpty();
        }
    }

    /** The additionalProperties of {@code o} and of every model object under it, each with its path. */
    private static List<String> unknownFields(Object o, String path) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                out.addAll(unknownFields(list.get(i), path + "[" + i + "]"));
            }
        } else if (o instanceof Map<?, ?> values) {
            values.forEach((k, v) -> out.addAll(unknownFields(v, path + "." + k)));
        } else if (o != null && o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (java.lang.reflect.Method getter : o.getClass().getMethods()) {
                if (!getter.getName().startsWith("get") || getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class) {
                    continue;
                }
                Object value;
                try {
                    value = getter.invoke(o);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> out.add(path + "." + k));
                } else {
                    out.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
                }
            }
        }
        return out;
    }

    @Test
    void serveRunsTwiceWithItsSettingsProbesAndMetricsAnnotations() {
        Map<String, Object> deployment = one("Deployment", "graphvault");
        assertThat(map(deployment, "spec").get("replicas")).isEqualTo(2);
        Map<String, Object> podLabels = map(deployment, "spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(map(deployment, "spec.selector.matchLabels")).isNotEmpty();
        Map<String, Object> pod = map(deployment, "spec.template.spec");
        one("ServiceAccount", (String) pod.get("serviceAccountName"));

        Map<String, Object> container = only(list(pod.get("containers")));
        assertThat(container.get("args")).isEqualTo(List.of("serve"));
        assertThat(list(container.get("env"))).contains(Map.of("name", "SERVE_CLUSTER", "value", "kubernetes"));
        assertSettingsFromTheConfigMapAndSecret(container);
        assertThat(map(container, "resources.requests")).containsKeys("cpu", "memory");
        assertThat(map(container, "resources.limits")).containsKey("memory");

        Map<String, Object> port = only(list(container.get("ports")));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(map(container, probe + ".httpGet").get("port")).as(probe).isEqualTo(port.get("name"));
            assertThat((String) map(container, probe + ".httpGet").get("path")).as(probe).startsWith("/observe/health");
        }
        // liveness must not depend on the backups' health: a failing backup would restart the pod for nothing
        assertThat(map(container, "livenessProbe.httpGet").get("path")).isEqualTo("/observe/health/live");
        assertThat(map(deployment, "spec.template.metadata.annotations")).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/observe/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(port.get("containerPort")));
    }

    @Test
    void theServiceAccountMayHoldTheLeaseAndListTheClustersPods() {
        Map<String, Object> binding = one("RoleBinding", "graphvault-leader-election");
        Map<String, Object> role = one("Role", (String) map(binding, "roleRef").get("name"));
        assertThat(map(binding, "roleRef").get("kind")).isEqualTo("Role");
        Map<String, Object> subject = only(list(binding.get("subjects")));
        assertThat(subject).containsEntry("kind", "ServiceAccount").containsEntry("namespace", "graphvault");
        one("ServiceAccount", (String) subject.get("name"));
        assertThat(verbs(role, "coordination.k8s.io", "leases"))
                .containsAll(List.of("get", "list", "watch", "create", "update", "patch"));
        assertThat(verbs(role, "", "pods")).containsAll(List.of("get", "list"));
    }

    @Test
    void theServiceMonitorScrapesServesMetricsThroughTheService() {
        Map<String, Object> service = one("Service", "graphvault");
        Map<String, Object> podLabels = map(one("Deployment", "graphvault"), "spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(map(service, "spec.selector"));
        Map<String, Object> monitor = one("ServiceMonitor", "graphvault");
        assertThat(map(service, "metadata.labels")).containsAllEntriesOf(map(monitor, "spec.selector.matchLabels"));
        Map<String, Object> endpoint = only(list(map(monitor, "spec").get("endpoints")));
        assertThat(list(map(service, "spec").get("ports"))).extracting(p -> p.get("name")).contains(endpoint.get("port"));
        assertThat(endpoint.get("path")).isEqualTo("/observe/metrics");
    }

    @Test
    void theCronJobTakesOneBackupIntoS3AtATimeWithinADeadline() {
        Map<String, Object> cronJob = one("CronJob", "graphvault-backup");
        assertThat(map(cronJob, "spec")).containsEntry("concurrencyPolicy", "Forbid").containsKey("schedule");
        assertThat(map(cronJob, "spec.jobTemplate.spec")).containsKeys("backoffLimit", "activeDeadlineSeconds");
        Map<String, Object> pod = map(cronJob, "spec.jobTemplate.spec.template.spec");
        assertThat(pod.get("restartPolicy")).isIn("Never", "OnFailure");
        Map<String, Object> container = only(list(pod.get("containers")));
        assertThat(container.get("args")).isEqualTo(List.of("backup", "--to", "s3"));
        assertThat(container.get("image")).isEqualTo(only(list(map(one("Deployment", "graphvault"), "spec.template.spec")
                .get("containers"))).get("image"));
        assertSettingsFromTheConfigMapAndSecret(container);
    }

    @Test
    void theSecretHoldsPlaceholdersOnlyAndEverySettingIsOneGraphVaultReads() throws IOException {
        Map<String, Object> secret = one("Secret", "graphvault");
        assertThat(map(secret, "data")).as("base64 values hide what they hold: stringData only").isEmpty();
        assertThat(map(secret, "stringData")).containsKeys("NEO4J_PASSWORD", "BACKUP_ENCRYPTION_KEY",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(map(secret, "stringData").values()).allSatisfy(v -> assertThat((String) v).startsWith("REPLACE-WITH-"));

        Set<String> documented = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^([A-Z0-9_]+)=").matcher(Files.readString(Path.of("../.env.example")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(map(secret, "stringData").keySet()).as("settings in .env.example").isSubsetOf(documented);
        assertThat(map(one("ConfigMap", "graphvault"), "data").keySet()).as("settings in .env.example")
                .isSubsetOf(documented);
    }

    private static void assertSettingsFromTheConfigMapAndSecret(Map<String, Object> container) {
        List<Map<String, Object>> from = list(container.get("envFrom"));
        assertThat(from).extracting(f -> map(f, "configMapRef").get("name")).contains("graphvault");
        assertThat(from).extracting(f -> map(f, "secretRef").get("name")).contains("graphvault");
        one("ConfigMap", "graphvault");
        one("Secret", "graphvault");
    }

    @SuppressWarnings("unchecked")
    private static List<String> verbs(Map<String, Object> role, String apiGroup, String resource) {
        List<String> verbs = new ArrayList<>();
        for (Map<String, Object> rule : list(role.get("rules"))) {
            if (((List<String>) rule.get("apiGroups")).contains(apiGroup)
                    && ((List<String>) rule.get("resources")).contains(resource)) {
                verbs.addAll((List<String>) rule.get("verbs"));
            }
        }
        return verbs;
    }

    /** The one manifest of that kind and name. */
    private static Map<String, Object> one(String kind, String name) {
        List<Map<String, Object>> found = MANIFESTS.stream()
                .filter(m -> kind.equals(m.get("kind")) && name != null && name.equals(map(m, "metadata").get("name"))).toList();
        assertThat(found).as("%s %s in %s", kind, name, KUBERNETES).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> only(List<Map<String, Object>> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }
}
