package io.graphvault.architecturefixture.b;

import io.graphvault.architecturefixture.a.Ping;

/** The other half of the deliberate package cycle of {@link Ping}. */
public final class Pong {

    Ping serve() {
        return new Ping();
    }
}
