package io.graphvault.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A suite that must hold on Neo4j 2026 as well as on 5.26: the build runs it twice, the second time with
 * source and target on 2026 servers (the module integration-tests/neo4j-2026).
 * One such suite on both versions: {@code mvn verify -Dit.test=NAME}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("neo4j-2026")
public @interface AlsoOnNeo4j2026 {
}
