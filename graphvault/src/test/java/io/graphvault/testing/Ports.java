package io.graphvault.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the servers the tests start. */
public final class Ports {

    private Ports() {
    }

    /** A port nothing listens on now, for a server that binds it next (serve's health endpoint, a dead S3). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
