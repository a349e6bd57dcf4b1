package io.graphvault.bench;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The churn on a bench command line (bench/churn, bench/incremental): the same options and defaults in both. */
final class ChurnOptions {

    @Option(names = "--churn", defaultValue = "0.01",
            description = "Fraction of nodes and of relationships updated; half as many deleted and created (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the churn's choices; bench/incremental's day d has S + d (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Half the graph updated and a quarter deleted is as far as {@link Churn}'s disjoint picks go. */
    void check(Object command) {
        if (fraction < 0 || fraction > 0.5) {
            throw new CommandLine.ParameterException(new CommandLine(command), "--churn is a fraction from 0 to 0.5, not " + fraction);
        }
    }
}
