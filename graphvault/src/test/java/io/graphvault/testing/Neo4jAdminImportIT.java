package io.graphvault.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Neo4jAdminImport} runs the real importer of the run's Neo4j version on an {@code @}-file of arguments,
 * as {@code graphvault prepare-import} writes one, and serves what it imported.
 */
@AlsoOnNeo4j2026
class Neo4jAdminImportIT {

    /** Separates the labels of a node in one field, as it does array values. */
    private static final char ARRAY_DELIMITER = '\u001F';

    @TempDir
    Path work;

    @Test
    void aServerOfTheRunsVersionServesTheGraphTheImporterWrote() throws IOException {
        Path args = importFiles("""
                1,Study%sTrial,Alpha,42
                2,Site,Bergen
                3,Site,Oslo,7
                """.formatted(ARRAY_DELIMITER), """
                :START_ID,:END_ID,:TYPE
                1,2,RUNS_AT
                1,3,RUNS_AT
                """);

        try (TestNeo4j neo4j = Neo4jAdminImport.importAndStart(args, work.resolve("import"), TestServices.PASSWORD);
                Driver driver = neo4j.newDriver(); Session s = driver.session()) {
            assertThat(neo4j.version()).startsWith(TestServices.runs2026() ? "2026." : "5.26.");
            assertThat(s.run("MATCH (n) RETURN count(n)").single().get(0).asLong()).isEqualTo(3);
            assertThat(s.run("MATCH ()-[r:RUNS_AT]->() RETURN count(r)").single().get(0).asLong()).isEqualTo(2);
            Record study = s.run("MATCH (n:Study) RETURN labels(n) AS labels, n.name AS name, n.enrolled AS enrolled")
                    .single();
            assertThat(study.get("labels").asList()).containsExactlyInAnyOrder("Study", "Trial");
            assertThat(study.get("name").asObject()).isEqualTo("Alpha");
            assertThat(study.get("enrolled").asObject()).isEqualTo(42L);
            assertThat(s.run("MATCH (n:Site {name: 'Bergen'}) RETURN keys(n)").single().get(0).asList())
                    .as("a short row leaves the property out").containsExactly("name");
        }
    }

    @Test
    void aRelationshipToAMissingNodeFailsTheImportWithTheImportersWords() throws IOException {
        Path args = importFiles("1,Study,Alpha,42\n", ":START_ID,:END_ID,:TYPE\n1,99,RUNS_AT\n");

        assertThatThrownBy(() -> Neo4jAdminImport.importAndStart(args, work.resolve("import"), TestServices.PASSWORD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with 70")
                .hasMessageContaining("referring to missing node 99")
                .hasMessageContaining(work.resolve("relationships.csv").toString());
    }

    /** Node and relationship files in {@code work}, and the importer's arguments naming them, one a line. */
    private Path importFiles(String nodeRows, String relationships) throws IOException {
        Path header = Files.writeString(work.resolve("nodes.header.csv"), ":ID,:LABEL,name,enrolled:long\n");
        Path nodes = Files.writeString(work.resolve("nodes.csv"), nodeRows);
        Path rels = Files.writeString(work.resolve("relationships.csv"), relationships);
        return Files.write(work.resolve("neo4j-admin-import.args"), List.of(
                "--nodes=" + header + "," + nodes,
                "--relationships=" + rels,
                "--id-type=INTEGER",
                "--array-delimiter=U+001F",
                // its stack trace names the file, line and field at fault
                "--verbose",
                // by default import.report lands in the working directory
                "--report-file=" + work.resolve("import.report"),
                "neo4j"));
    }
}
