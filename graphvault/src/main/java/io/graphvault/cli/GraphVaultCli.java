package io.graphvault.cli;

import io.graphvault.app.FailureHandler;
import io.graphvault.internal.Failures;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.GraphVaultVersion;
import java.io.PrintWriter;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line. Exit codes: 0 success, 1 failure (one line on stderr, the stack trace only with
 * {@code --verbose}), 2 usage error.
 */
@Command(name = "graphvault", mixinStandardHelpOptions = true, versionProvider = GraphVaultCli.Version.class,
        description = "Logical backup and restore for Neo4j.",
        subcommands = {BackupCommand.class, RestoreCommand.class, VerifyCommand.class, ListCommand.class,
            StatusCommand.class, ReplicateCommand.class, PruneCommand.class, ServeCommand.class, PrepareImportCommand.class})
public final class GraphVaultCli {

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Show Camel's start-up, debug logs and stack traces.")
    boolean verbose;

    final Map<String, String> overrides;

    GraphVaultCli(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    /** Runs one command line; {@code overrides} replace configuration keys (tests, demo). */
    public static int run(Map<String, String> overrides, PrintWriter out, PrintWriter err, String... args) {
        GraphVaultCli root = new GraphVaultCli(overrides);
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionStrategy(parseResult -> {
            Configurator.setLevel("io.graphvault", root.verbose ? Level.DEBUG : Level.WARN);
            Configurator.setLevel("org.apache.camel", root.verbose ? Level.INFO : Level.WARN);
            // A one-shot command prints its failure as its one line on stderr: the route's log line
            // would say it twice. `serve` has no such line, so it keeps the log.
            boolean serve = parseResult.subcommand() != null && "serve".equals(parseResult.subcommand().commandSpec().name());
            Configurator.setLevel(FailureHandler.class.getName(), root.verbose ? Level.DEBUG : serve ? Level.WARN : Level.ERROR);
            logStackTraces(root.verbose);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (Error e) { // picocli hands only exceptions to the handler below
                return failed(e, cli, root.verbose);
            }
        });
        cli.setParameterExceptionHandler(GraphVaultCli::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine, root.verbose));
        return cli.execute(args);
    }

    /** One line on stderr (the stack trace too with --verbose); exit code 1. */
    private static int failed(Throwable e, CommandLine commandLine, boolean verbose) {
        GraphVaultException known = GraphVaultException.find(e);
        String message = Failures.outOfMemory(e) != null ? Failures.outOfMemoryMessage()
                : known != null ? known.getMessage() : e.toString();
        commandLine.getErr().println("graphvault: " + firstLine(message));
        if (verbose) {
            e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return 1;
    }

    /**
     * picocli's default handler drops the usage whenever it has a "did you mean" suggestion; a usage
     * error always shows the usage.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        failed.usage(err);
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Log lines carry stack traces only with --verbose (log4j2.xml defines both appenders; one run in a JVM may differ from the next). */
    private static void logStackTraces(boolean verbose) {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig rootLogger = config.getRootLogger();
        String wanted = verbose ? "stderr-verbose" : "stderr";
        String other = verbose ? "stderr" : "stderr-verbose";
        Appender appender = config.getAppender(wanted);
        if (appender == null || rootLogger.getAppenders().containsKey(wanted)) {
            return; // another configuration (a test's, the demo's) decides
        }
        rootLogger.removeAppender(other);
        rootLogger.addAppender(appender, null, null);
        context.updateLoggers();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"graphvault " + GraphVaultVersion.current()};
        }
    }
}
