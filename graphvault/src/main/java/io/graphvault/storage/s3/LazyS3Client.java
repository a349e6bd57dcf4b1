package io.graphvault.storage.s3;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client, built on its first use. Building one loads about a thousand AWS SDK classes
 * (user agent probing, endpoint rules, HTTP client, credential chain): 0.8 s of the 3.1 s that
 * every command took to start, paid by {@code backup}, {@code restore} and {@code verify} of a
 * local folder without ever talking to S3 (measured with {@code list}: 3.1 s -> 2.3 s wall,
 * 5.2 s -> 3.6 s CPU). Closing a client that was never built builds nothing.
 */
public final class LazyS3Client implements Supplier<S3Client>, AutoCloseable {

    private final Supplier<S3Client> factory;
    private S3Client client;

    public LazyS3Client(Supplier<S3Client> factory) {
        this.factory = factory;
    }

    @Override
    public synchronized S3Client get() {
        if (client == null) {
            client = factory.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
