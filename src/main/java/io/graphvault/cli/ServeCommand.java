package io.graphvault.cli;

import io.graphvault.GraphVaultException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ServeCommand extends CommandSupport implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new GraphVaultException("'serve' is not built yet");
    }
}
