package io.graphvault.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that back up the clinical sample graph: the shared source database holds exactly
 * that graph while the class runs, and nothing afterwards.
 */
public final class SampleGraphInSource implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestServices.wipe(TestServices.sourceDriver());
        SampleGraph.load(TestServices.sourceDriver(), "neo4j");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestServices.wipe(TestServices.sourceDriver());
    }
}
