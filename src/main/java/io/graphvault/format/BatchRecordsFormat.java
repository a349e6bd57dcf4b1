package io.graphvault.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The reading half of the batch data format (JSON Lines through the typed-value codec, gzip when
 * the file name says so), for {@code unmarshal: { custom: { ref: batchRecords } }}. The body is a
 * {@link BatchInput} (the restore route's split hands out the backup's batch files), or a stream,
 * read with the default record limit. The result is a {@link BatchRecords}: an iterator, so Camel
 * leaves its stream open and the next step reads the file one record at a time and closes it.
 * Writing batches is the backup route's format.
 */
public final class BatchRecordsFormat extends ServiceSupport implements DataFormat, DataFormatName {

    @Override
    public String getDataFormatName() {
        return "graphvault-batch-records";
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) {
        throw new UnsupportedOperationException("batchRecords only reads batch files; the backup route's batch format writes them");
    }

    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        if (body instanceof BatchInput input) {
            return BatchRecords.open(input);
        }
        return DataFormat.super.unmarshal(exchange, body);
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, "batch" + BackupFiles.GZIP_SUFFIX, String.class);
        return BatchRecords.open(new StreamInput(name, stream));
    }

    /** A batch file that arrives as a stream: no checksum to check (whoever sent it did). */
    private record StreamInput(String path, InputStream stream) implements BatchInput {
        @Override
        public String location() {
            return "message";
        }

        @Override
        public int maxRecordBytes() {
            return DEFAULT_MAX_RECORD_BYTES;
        }

        @Override
        public InputStream open() throws IOException {
            return stream;
        }

        @Override
        public void checkComplete() {
            // a stream carries no manifest entry to compare with
        }
    }
}
