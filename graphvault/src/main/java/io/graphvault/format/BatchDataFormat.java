package io.graphvault.format;

import io.graphvault.internal.GraphVaultHeaders;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The backup route's data format ({@code marshal: custom: ref: batchFormat}): a {@link BatchFileToWrite}'s
 * JSON Lines (encoded through {@link TypedValueCodec} as the records were read) are gzipped when its
 * path ends in {@code .gz} and encrypted when it ends in {@code .enc}; a
 * {@link BackupFileToWrite.Document} (schema, manifest) becomes pretty-printed JSON. Both through
 * the one {@link BackupJson#MAPPER}. The restore route reads batch files back with the same
 * format ({@code unmarshal: custom: ref: batchFormat}).
 */
public final class BatchDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    @Override
    public String getDataFormatName() {
        return "graphvault-batch";
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws IOException {
        BackupCipher cipher = exchange.getProperty(GraphVaultHeaders.BACKUP_CIPHER, BackupCipher.class);
        if (graph instanceof BackupFileToWrite.Document document) {
            if (BackupCipher.isEncrypted(document.path())) {
                try (OutputStream sealed = sealed(new NonClosing(stream), cipher, document.path())) {
                    BackupJson.MAPPER.writeValue(sealed, document.value());
                }
            } else {
                BackupJson.MAPPER.writeValue(stream, document.value());
            }
        } else if (graph instanceof BatchFileToWrite batch) {
            try (OutputStream stored = stored(stream, batch.path(), batch.gzipLevel(), cipher)) {
                batch.writeLines(stored);
            }
        } else {
            throw new IllegalArgumentException("the batch data format writes backup files, not "
                    + (graph == null ? "null" : graph.getClass().getName()));
        }
    }

    /**
     * The one place where what is written turns into what is stored: gzip (at the batch's level), then, for a
     * file named {@code .enc}, Tink's streaming AEAD bound to the backup and the file's path, then
     * the stream the route stores (so the manifest's SHA-256 is of the stored bytes).
     */
    private static OutputStream stored(OutputStream target, String path, int gzipLevel, BackupCipher cipher) throws IOException {
        OutputStream out = new NonClosing(target);
        boolean encrypted = BackupCipher.isEncrypted(path);
        if (encrypted) {
            out = sealed(out, cipher, path);
        }
        String plainPath = encrypted ? path.substring(0, path.length() - BackupCipher.SUFFIX.length()) : path;
        return BackupFileNames.isGzip(plainPath) ? new LeveledGzipStream(out, gzipLevel) : new BufferedOutputStream(out, 1 << 16);
    }

    private static OutputStream sealed(OutputStream out, BackupCipher cipher, String path) throws IOException {
        if (cipher == null) {
            throw new IllegalStateException(path + " is to be encrypted, but the exchange carries no cipher");
        }
        return cipher.encrypting(out, path);
    }

    /**
     * The restore route's read: the body is a {@link BatchFileToRead} (its split hands out the backup's
     * batch files), or a stream, read with the default record limit. The result is a
     * {@link BatchFileReader}: an iterator, so Camel leaves its stream open and the next step reads the
     * file one record at a time and closes it.
     */
    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        if (body instanceof BatchFileToRead input) {
            return BatchFileReader.open(input);
        }
        return DataFormat.super.unmarshal(exchange, body);
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, "batch" + BackupFileNames.GZIP_SUFFIX, String.class);
        return BatchFileReader.open(new StreamInput(name, stream));
    }

    /** A batch file that arrives as a stream: no checksum to check (whoever sent it did). */
    private record StreamInput(String path, InputStream stream) implements BatchFileToRead {
        @Override
        public String location() {
            return "message " + path;
        }

        @Override
        public int maxRecordBytes() {
            return DEFAULT_MAX_RECORD_BYTES;
        }

        @Override
        public InputStream open() {
            return stream;
        }

        @Override
        public void checkComplete() {
            // a stream carries no manifest entry to compare with
        }
    }

    /**
     * gzip at the batch's level: 1 for a full backup's batches, mostly numbers and repeated keys, where level 6 buys
     * little and costs much; 6 for an incremental backup's, whose scattered records it shrinks by about a sixth.
     */
    private static final class LeveledGzipStream extends GZIPOutputStream {
        LeveledGzipStream(OutputStream out, int level) throws IOException {
            super(new BufferedOutputStream(out, 1 << 16), 1 << 16);
            def.setLevel(level);
        }
    }

    /** Camel closes the stream it hands the data format; closing the gzip stream must only finish it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
