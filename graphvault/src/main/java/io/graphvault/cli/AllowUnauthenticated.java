package io.graphvault.cli;

import io.graphvault.internal.GraphVaultHeaders;
import java.util.Map;
import picocli.CommandLine.Option;

/** The one option that reads a backup no key here authenticates, shared by the commands that read backups. */
final class AllowUnauthenticated {

    @Option(names = "--allow-unauthenticated", description = "With a key set (BACKUP_ENCRYPTION_KEY or BACKUP_DECRYPTION_KEYS):"
            + " read a backup whose manifest carries no authentication code of a key set here (a plain backup, an older one,"
            + " or one from another key). Only for backups whose origin you trust.")
    boolean allow;

    Map<String, Object> headers() {
        return Map.of(GraphVaultHeaders.ALLOW_UNAUTHENTICATED, allow);
    }
}
