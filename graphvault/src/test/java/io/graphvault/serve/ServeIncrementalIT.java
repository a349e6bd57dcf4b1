package io.graphvault.serve;

import io.graphvault.app.GraphVaultServer;
import io.graphvault.format.BackupManifest;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.testing.GraphVaultTest;
import io.graphvault.testing.GraphVaultTest.Holds;
import io.graphvault.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code serve} with BACKUP_INCREMENTAL=N takes incremental backups with a full one every N (a trigger file's
 * {@code "incremental"}: InboxTriggersTest).
 */
@GraphVaultTest(source = Holds.SAMPLE_GRAPH)
class ServeIncrementalIT {

    @TempDir
    Path work;

    @Test
    void scheduledBackupsAreIncrementalWithAFullOneEveryN() throws Exception {
        Path backups = work.resolve("backups");
        Map<String, String> c = TestServices.serveConfig(backups, work.resolve("inbox"), 0);
        c.put("backup.interval", "2s");
        c.put("backup.incremental", "3");
        try (GraphVaultServer server = GraphVaultServer.start(c)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> new LocalBackupStore(backups).list().size() >= 4);
        }
        List<BackupManifest> oldestFirst = new ArrayList<>(new LocalBackupStore(backups).list().stream()
                .map(LocalBackupStore.Listing::manifest).toList());
        Collections.reverse(oldestFirst);
        assertThat(oldestFirst.get(0).parent()).as("the first backup").isNull();
        assertThat(oldestFirst.get(1).parent()).isEqualTo(oldestFirst.get(0).id());
        assertThat(oldestFirst.get(2).parent()).isEqualTo(oldestFirst.get(1).id());
        assertThat(oldestFirst.get(3).parent()).as("the third backup after a full one is full again").isNull();
    }
}
