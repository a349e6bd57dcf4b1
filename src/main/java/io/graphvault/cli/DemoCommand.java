package io.graphvault.cli;

import io.graphvault.GraphVaultException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Not built yet.")
final class DemoCommand extends CommandSupport implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new GraphVaultException("'demo' is not built yet");
    }
}
