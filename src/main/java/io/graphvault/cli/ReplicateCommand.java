package io.graphvault.cli;

import io.graphvault.GraphVaultException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "replicate", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ReplicateCommand extends CommandSupport implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new GraphVaultException("'replicate' is not built yet");
    }
}
