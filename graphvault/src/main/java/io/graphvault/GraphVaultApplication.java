package io.graphvault;

import io.graphvault.cli.GraphVaultCli;
import io.graphvault.internal.Failures;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Starts GraphVault. A departure from the usual "main only starts Camel": the command line comes
 * first (picocli), and each command starts Camel through {@link io.graphvault.app.GraphVaultRuntime}, sends to its
 * {@code direct:} endpoint and prints the result; {@code serve} keeps Camel running.
 */
public final class GraphVaultApplication {

    private GraphVaultApplication() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // The last resort: a thread that dies of an Error nothing caught (out of memory) would leave
        // the command waiting for it. Other exceptions are printed as the JVM does by default.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (!(e instanceof Error)) {
                err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(err);
                err.flush();
                return;
            }
            err.println("graphvault: " + (Failures.outOfMemory(e) != null ? Failures.outOfMemoryMessage()
                    : "thread " + thread.getName() + " failed: " + e));
            err.flush();
            Runtime.getRuntime().halt(1);
        });
        int code = 1;
        try {
            code = GraphVaultCli.run(Map.of(), out, err, args);
        } catch (Throwable e) { // even then the process ends: Camel's threads would keep it running
            err.println("graphvault: " + (Failures.outOfMemory(e) != null ? Failures.outOfMemoryMessage() : e));
        } finally {
            out.flush();
            err.flush();
            System.exit(code);
        }
    }
}
