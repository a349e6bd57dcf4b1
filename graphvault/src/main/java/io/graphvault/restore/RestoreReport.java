package io.graphvault.restore;

import java.util.List;
import java.util.Map;

/**
 * What a restore (or a dry run) did, and whether the database now matches the backup's manifest.
 * {@code problems} is empty exactly when the restore succeeded.
 */
public record RestoreReport(
        String backup,
        String location,
        boolean dryRun,
        boolean legacy,
        long nodesInBackup,
        long relationshipsInBackup,
        long nodesWritten,
        long relationshipsCreated,
        long relationshipsMatched,
        long relationshipsUnresolved,
        Map<String, Long> databaseLabels,
        Map<String, Long> databaseTypes,
        String safetyBackup,
        List<String> notes,
        List<String> problems,
        double seconds) {

    public boolean ok() {
        return problems.isEmpty();
    }
}
