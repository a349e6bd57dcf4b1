package io.graphvault.cli;

import io.graphvault.app.GraphVaultServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the schedule (BACKUP_SCHEDULE or BACKUP_INTERVAL), the inbox watcher (BACKUP_INBOX), replication"
                + " and retention, with a health endpoint on SERVER_PORT (/observe/health), until stopped.")
final class ServeCommand extends CommandSupport implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        if (!root.verbose) {
            // a long-running process should say what it does, unlike a one-shot command
            Configurator.setLevel("io.graphvault", Level.INFO);
        }
        GraphVaultServer server = GraphVaultServer.start(root.overrides);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "graphvault-shutdown"));
        out().println("graphvault serving: " + server.describe());
        out().flush();
        stopped.await();
        return 0;
    }
}
