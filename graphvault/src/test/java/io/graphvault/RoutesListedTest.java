package io.graphvault;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes are listed by name in application.properties (a wildcard scans the whole jar): the list must be complete. */
class RoutesListedTest {

    @Test
    void everyRouteFileIsLoadedByNameAndEveryNameIsAFile() throws Exception {
        Properties props = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        String pattern = props.getProperty("camel.main.routes-include-pattern");
        assertThat(pattern).doesNotContain("*");
        var listed = Arrays.stream(pattern.split(",")).map(String::trim).map(p -> p.replace("classpath:routes/", "")).sorted().toList();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(listed).isEqualTo(files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }
}
