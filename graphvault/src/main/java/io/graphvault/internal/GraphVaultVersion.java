package io.graphvault.internal;

/** The version of the running GraphVault: the jar manifest's Implementation-Version, "dev" outside the jar. */
public final class GraphVaultVersion {

    private GraphVaultVersion() {
    }

    public static String current() {
        String v = GraphVaultVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
