package io.graphvault.serve;

import io.graphvault.app.GraphVaultServer;
import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.Ports;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SERVER_HOST: the health endpoint listens on 127.0.0.1 unless told otherwise, so it is not open to
 * the network by default. A socket bound to every interface (0.0.0.0) also answers on 127.0.0.2,
 * one bound to 127.0.0.1 does not: on Linux the whole 127.0.0.0/8 range reaches this machine, so the
 * door that must stay shut can be knocked on without leaving loopback.
 */
class HealthEndpointAddressIT {

    private static final InetAddress LOOPBACK = address("127.0.0.1");
    private static final InetAddress OTHER_LOOPBACK = address("127.0.0.2");

    @TempDir
    Path work;

    @Test
    void byDefaultTheHealthEndpointListensOnLoopbackOnly() throws Exception {
        int port = Ports.free();
        try (GraphVaultServer server = GraphVaultServer.start(
                TestServices.serveConfig(work.resolve("backups"), work.resolve("inbox"), port))) {
            assertThat(listens(LOOPBACK, port)).as("listening on 127.0.0.1").isTrue();
            assertThat(listens(OTHER_LOOPBACK, port)).as("listening on every interface").isFalse();
        }
    }

    @Test
    void serverHostMovesTheHealthEndpointToThatAddress() throws Exception {
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD,
                work.resolve("backups")));
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SERVER_HOST", OTHER_LOOPBACK.getHostAddress());
        Process serve = GraphVaultProcess.start(env, List.of(), work.resolve("serve.out"), work.resolve("serve.err"), "serve");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> listens(OTHER_LOOPBACK, port));
            assertThat(listens(LOOPBACK, port)).as("listening on 127.0.0.1").isFalse();
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    /** Whether something accepts connections on that address and port; false when it is refused. */
    private static boolean listens(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
