package io.graphvault.bench;

import org.neo4j.driver.Driver;

/** The write limit: {@link SyntheticGraph#load} into an empty database. Arguments: nodes, relationships. */
final class WriteLimit {

    private WriteLimit() {
    }

    public static void main(String[] args) {
        try (Driver driver = BenchDriver.fromEnvironment()) {
            new SyntheticGraph(Integer.parseInt(args[0]), Integer.parseInt(args[1])).load(driver);
        }
    }
}
