package io.graphvault.testing;

import io.graphvault.cli.GraphVaultCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in this JVM, as a user would type it, and captures what it prints. */
public final class Cli {

    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result run(Map<String, String> config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GraphVaultCli.run(config, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
