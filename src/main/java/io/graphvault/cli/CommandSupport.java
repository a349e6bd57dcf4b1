package io.graphvault.cli;

import io.graphvault.GraphVaultRuntime;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every command shares: the root's configuration overrides and the output streams. */
abstract class CommandSupport {

    @ParentCommand
    GraphVaultCli root;

    @Spec
    CommandSpec spec;

    GraphVaultRuntime startRuntime() {
        return GraphVaultRuntime.start(root.overrides);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
