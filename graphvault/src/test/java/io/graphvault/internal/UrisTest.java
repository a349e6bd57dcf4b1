package io.graphvault.internal;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrisTest {

    @Test
    void aPasswordIsHiddenWhateverCharactersItHolds() {
        for (String password : List.of("plain", "pa/ss", "pa#ss", "pa?ss", "p@ss", "s3cret pass", "a:b/c?d#e@f")) {
            String uri = "bolt://neo4j:" + password + "@db.example:7687/neo4j";
            String message = "Invalid address format `" + uri + "` near " + password;

            assertThat(Uris.redact(uri)).as(password).isEqualTo("bolt://***@db.example:7687/neo4j");
            assertThat(Uris.redact(message, uri)).as(password).doesNotContain(password).contains("bolt://***@db.example:7687");
        }
    }

    @Test
    void aUriWithoutUserInfoStaysAsItIs() {
        assertThat(Uris.redact("bolt://localhost:7687")).isEqualTo("bolt://localhost:7687");
        assertThat(Uris.redact("http://minio:9000/bucket")).isEqualTo("http://minio:9000/bucket");
    }
}
