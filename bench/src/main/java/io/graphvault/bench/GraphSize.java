package io.graphvault.bench;

import picocli.CommandLine.Option;

/** The synthetic graph's size on a bench command line (bench/run, bench/churn): the same options and defaults in both. */
final class GraphSize {

    @Option(names = "--nodes", defaultValue = "200000", description = "Nodes of the synthetic graph (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--rels", defaultValue = "400000", description = "Its relationships (default: ${DEFAULT-VALUE}).")
    int relationships;
}
