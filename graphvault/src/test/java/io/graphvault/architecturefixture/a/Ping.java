package io.graphvault.architecturefixture.a;

import io.graphvault.architecturefixture.b.Pong;

/** Half of a deliberate package cycle: ArchitectureTest checks that its cycle rule reports it. */
public final class Ping {

    Pong reply() {
        return new Pong();
    }
}
