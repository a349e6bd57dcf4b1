package io.graphvault.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The files of the repository's deploy/ folder (Prometheus, Kubernetes, Grafana), read as a test sees them. */
final class DeployFiles {

    /** Tests run in the product's module folder, graphvault/. */
    static final Path DEPLOY = Path.of("../deploy").toAbsolutePath().normalize();

    private DeployFiles() {
    }

    /** The one YAML document of {@code file}, as maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    /** Every document of {@code file} (those between {@code ---}), empty ones left out. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlAll(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** A YAML list of mappings; absent is empty. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object yaml) {
        return yaml == null ? List.of() : (List<Map<String, Object>>) yaml;
    }

    /** The mapping at a dotted path such as {@code spec.template.spec}; absent is empty. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> yaml, String path) {
        Object at = yaml;
        for (String key : path.split("\\.")) {
            at = at == null ? null : ((Map<String, Object>) at).get(key);
        }
        return at == null ? Map.of() : (Map<String, Object>) at;
    }
}
