package io.graphvault.cli;

import io.graphvault.GraphVaultException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "restore", mixinStandardHelpOptions = true, description = "Not built yet.")
final class RestoreCommand extends CommandSupport implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new GraphVaultException("'restore' is not built yet");
    }
}
