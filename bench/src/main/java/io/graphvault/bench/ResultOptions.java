package io.graphvault.bench;

import io.graphvault.storage.local.LocalBackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a bench command's JSON goes, and whether its work folder stays: the same options in every bench command. */
final class ResultOptions {

    /** A bench command's work in its own folder. */
    @FunctionalInterface
    interface Work {
        void run(Path folder) throws Exception;
    }

    @Option(names = "--results", defaultValue = "bench/results", description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--keep", description = "Keep the work folder (databases, backups) instead of deleting it.")
    boolean keep;

    /** {@code work} in a new temporary folder (named from {@code prefix}), deleted afterwards unless --keep. */
    void inWorkFolder(String prefix, Work work) throws Exception {
        Path folder = Files.createTempDirectory(prefix);
        try {
            work.run(folder);
        } finally {
            if (!keep) {
                LocalBackupStore.deleteTree(folder);
            }
        }
    }
}
