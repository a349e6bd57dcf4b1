package io.graphvault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/**
 * FastCDC (Xia et al., USENIX ATC 2016): a Gear rolling hash with normalized chunking, chunks of 16 KiB
 * to 256 KiB around an average of 64 KiB. The cut points depend on the content only, so an insertion
 * or deletion moves the cuts near it and leaves the chunks further away as they were.
 */
final class FastCdc {

    static final int MIN = 16 << 10;
    static final int AVG = 64 << 10;
    static final int MAX = 256 << 10;
    /*
     * With fp = (fp << 1) + gear[b], bit 63 of fp depends on the last 64 bytes, bit 0 on the last one only;
     * the masks test the top bits so every cut decision sees a 64-byte window. log2(AVG) = 16 bits: 2 more
     * before the average (fewer small chunks), 2 fewer after it (fewer large ones), the paper's level 2.
     */
    private static final long MASK_SMALL = -1L << (64 - 18);
    private static final long MASK_LARGE = -1L << (64 - 14);

    /** Receives each chunk; {@code buf} is only valid during the call. */
    interface Sink {
        void chunk(byte[] buf, int off, int len) throws IOException;
    }

    private final long[] gear = new long[256];

    /** The Gear table from a seeded Random: both backups must be cut with the same table. */
    FastCdc(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < gear.length; i++) {
            gear[i] = r.nextLong();
        }
    }

    /** Cuts all of {@code in} into chunks, in order. */
    void split(InputStream in, Sink sink) throws IOException {
        byte[] buf = new byte[MAX];
        int end = 0;
        boolean eof = false;
        while (true) {
            while (!eof && end < buf.length) {
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
            }
            if (end == 0) {
                return;
            }
            // the buffer is full or holds the rest of the stream: a cut within it is final
            int len = cut(buf, end);
            sink.chunk(buf, 0, len);
            System.arraycopy(buf, len, buf, 0, end - len);
            end -= len;
        }
    }

    /** The length of the chunk at the start of {@code buf[0, n)}. */
    private int cut(byte[] buf, int n) {
        if (n <= MIN) {
            return n;
        }
        int normal = Math.min(AVG, n);
        long fp = 0;
        int i = MIN;
        for (; i < normal; i++) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
            if ((fp & MASK_SMALL) == 0) {
                return i + 1;
            }
        }
        for (; i < n; i++) {
            fp = (fp << 1) + gear[buf[i] & 0xff];
            if ((fp & MASK_LARGE) == 0) {
                return i + 1;
            }
        }
        return n;
    }
}
