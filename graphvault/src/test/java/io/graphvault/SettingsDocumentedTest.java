package io.graphvault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable the application reads is documented in the README's settings table
 * and in .env.example, and nothing is documented that the application does not read.
 */
class SettingsDocumentedTest {

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void theReadmeAndEnvExampleDocumentExactlyTheVariablesTheApplicationReads() throws Exception {
        Set<String> read = matches(Files.readString(Path.of("src/main/resources/application.properties")),
                "\\{\\{env:([A-Z0-9_]+)");
        String readme = Files.readString(Path.of("../README.md"));
        String settings = readme.substring(readme.indexOf("## Settings"), readme.indexOf("\n## ", readme.indexOf("## Settings") + 5));
        Set<String> documented = matches(settings, "^\\| `([A-Z0-9_]+)` \\|");
        Set<String> example = matches(Files.readString(Path.of("../.env.example")), "^([A-Z0-9_]+)=");

        assertThat(read).isNotEmpty().contains("NEO4J_URI", "BACKUP_DIR", "S3_BUCKET", "AWS_SECRET_ACCESS_KEY");
        assertThat(documented).as("README settings table").isEqualTo(read);
        assertThat(example).as(".env.example").isEqualTo(read);
    }
}
