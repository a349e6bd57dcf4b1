package io.graphvault.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test servers are the versions a run asks for ({@code -Dgraphvault.test.neo4j}, see {@link TestServices}),
 * each speaking its default Cypher, and a child-process server never outlives its parent.
 */
@OnlyOnNeo4j2026
class TestServersNeo4j2026IT {

    @TempDir
    Path work;

    @AfterEach
    void wipe() {
        TestServices.wipe(TestServices.sourceDriver());
        TestServices.wipe(TestServices.otherDriver());
    }

    @Test
    void sourceAndTargetRunTheVersionTheRunAsksForAndOtherRunsTheOtherOne() {
        boolean runs2026 = "2026".equals(System.getProperty(TestServices.VERSION_PROPERTY));
        assertThat(TestServices.source().version()).isEqualTo(runs2026 ? "2026.08.1" : "5.26.30");
        assertThat(TestServices.target().version()).isEqualTo(runs2026 ? "2026.08.1" : "5.26.30");
        assertThat(TestServices.other().version()).isEqualTo(runs2026 ? "5.26.30" : "2026.08.1");
        assertThat(TestServices.target().boltUri()).isNotEqualTo(TestServices.source().boltUri());
    }

    @Test
    void neo4j2026SpeaksCypher25AndNeo4j526Cypher5ByDefault() {
        Driver driver2026 = TestServices.source().version().startsWith("2026")
                ? TestServices.sourceDriver() : TestServices.otherDriver();
        Driver driver526 = driver2026 == TestServices.sourceDriver() ? TestServices.otherDriver() : TestServices.sourceDriver();
        assertThat(uniquenessConstraintType(driver2026)).isEqualTo("NODE_PROPERTY_UNIQUENESS");
        assertThat(uniquenessConstraintType(driver526)).isEqualTo("UNIQUENESS");
    }

    @Test
    void aChildProcessServerStopsByItselfWhenItsStdinClosesAsWhenItsParentDies() {
        ChildProcessNeo4j server = ChildProcessNeo4j.start(work, TestServices.PASSWORD);
        try (Driver driver = server.newDriver()) {
            driver.verifyConnectivity();
            server.close();
            // exit code 0: it stopped on the end of its stdin, not by the kill that close() falls back to
            assertThat(server.exitCode()).as("see " + work.resolve("server.log")).isZero();
            assertThatThrownBy(driver::verifyConnectivity).isNotNull();
        }
    }

    private static String uniquenessConstraintType(Driver driver) {
        try (Session s = driver.session()) {
            s.run("CREATE CONSTRAINT study_id FOR (n:Study) REQUIRE n.id IS UNIQUE").consume();
            return s.run("SHOW CONSTRAINTS YIELD name, type WHERE name = 'study_id' RETURN type").single().get(0).asString();
        }
    }
}
