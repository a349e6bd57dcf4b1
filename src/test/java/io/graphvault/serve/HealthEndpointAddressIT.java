package io.graphvault.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.graphvault.testing.GraphVaultProcess;
import io.graphvault.testing.TestServices;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SERVER_HOST: the health endpoint listens on 127.0.0.1 unless told otherwise, so it is not open to
 * the network by default. Both cases need an address of this machine other than loopback, to knock
 * on the door that must stay shut.
 */
class HealthEndpointAddressIT {

    @TempDir
    Path work;

    @Test
    void byDefaultTheHealthEndpointListensOnLoopbackOnly() throws Exception {
        InetAddress external = nonLoopbackAddress();
        int port = freePort();
        try (GraphVaultServer server = GraphVaultServer.start(
                TestServices.serveConfig(work.resolve("backups"), work.resolve("inbox"), port))) {
            assertThat(listens(InetAddress.getLoopbackAddress(), port)).as("listening on loopback").isTrue();
            assertThat(listens(external, port)).as("listening on %s", external).isFalse();
        }
    }

    @Test
    void serverHostMovesTheHealthEndpointToThatAddress() throws Exception {
        InetAddress external = nonLoopbackAddress();
        int port = freePort();
        Map<String, String> env = new HashMap<>(GraphVaultProcess.env(TestServices.source().boltUri(), TestServices.PASSWORD,
                work.resolve("backups")));
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SERVER_HOST", external.getHostAddress());
        Process serve = GraphVaultProcess.start(env, List.of(), work.resolve("serve.out"), work.resolve("serve.err"), "serve");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> listens(external, port));
            assertThat(listens(InetAddress.getLoopbackAddress(), port)).as("listening on loopback").isFalse();
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

    private static InetAddress nonLoopbackAddress() throws SocketException {
        Optional<InetAddress> found = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(HealthEndpointAddressIT::isUp)
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "this machine has no IPv4 address other than loopback");
        return found.get();
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
