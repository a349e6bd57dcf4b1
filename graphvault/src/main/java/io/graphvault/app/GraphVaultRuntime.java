package io.graphvault.app;

import io.graphvault.internal.GraphVaultException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.neo4j.driver.Driver;

/**
 * One running Camel application: the routes from {@code routes/*.camel.yaml} and the beans of
 * {@link GraphVaultConfiguration}. {@code overrides} replace configuration keys (tests and
 * {@code demo} point GraphVault at embedded services this way, without touching the environment).
 */
public final class GraphVaultRuntime implements AutoCloseable {

    private static final String ROUTES = "camel.main.routes-include-pattern";

    private final Main main;

    private GraphVaultRuntime(Main main) {
        this.main = main;
    }

    /**
     * Starts with only the route files a one-shot command needs ({@code routes/<name>.camel.yaml},
     * error handling always), unless {@code overrides} name the routes. Reading and starting
     * routes a command never calls took a third of a second of its start-up, and about a CPU-second
     * with the JIT's share, on a 2-core machine where a backup's start-up competes with the
     * database.
     */
    public static GraphVaultRuntime start(Map<String, String> overrides, String... routes) {
        Map<String, String> withRoutes = new LinkedHashMap<>(overrides);
        StringBuilder pattern = new StringBuilder("classpath:routes/error-handling.camel.yaml");
        for (String route : routes) {
            pattern.append(",classpath:routes/").append(route).append(".camel.yaml");
        }
        withRoutes.putIfAbsent(ROUTES, pattern.toString());
        return start(withRoutes);
    }

    /** Starts with every route of application.properties: what {@code serve} runs. */
    public static GraphVaultRuntime start(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(GraphVaultConfiguration.class);
        main.configure().addConfiguration(S3Configuration.class);
        main.configure().addConfiguration(io.graphvault.serve.ServeConfiguration.class);
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw GraphVaultException.wrap("GraphVault could not start", e);
        }
        return new GraphVaultRuntime(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** Sends {@code body} to a route and waits for its result; a failure comes back as its GraphVault error. */
    public <T> T request(String endpoint, Object body, Class<T> type) {
        return request(endpoint, body, java.util.Map.of(), type);
    }

    /** {@link #request(String, Object, Class)} with headers (what the user allowed on the command line). */
    public <T> T request(String endpoint, Object body, java.util.Map<String, Object> headers, Class<T> type) {
        try (ProducerTemplate template = context().createProducerTemplate()) {
            return template.requestBodyAndHeaders(endpoint, body, headers, type);
        } catch (CamelExecutionException e) {
            throw GraphVaultException.wrap(endpoint.replace("direct:", "") + " failed", e.getCause() == null ? e : e.getCause());
        } catch (java.io.IOException e) {
            throw GraphVaultException.wrap("cannot close the producer", e);
        }
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    public String property(String key) {
        return context().getPropertiesComponent().resolveProperty(key).orElse("");
    }

    @Override
    public void close() {
        Driver driver = bean("neo4jDriver", Driver.class);
        try {
            main.stop();
        } finally {
            if (driver != null) {
                driver.close();
            }
        }
    }
}
