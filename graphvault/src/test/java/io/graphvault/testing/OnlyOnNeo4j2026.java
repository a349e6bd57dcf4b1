package io.graphvault.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A suite that uses both versions at once (a 5.26 and a 2026 server) or only 2026: the build runs it once,
 * in the module integration-tests/neo4j-2026.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("neo4j-2026-only")
public @interface OnlyOnNeo4j2026 {
}
