package io.graphvault.backup;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupIdSets;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.format.BatchFileReader;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.CheckedBatchFile;
import io.graphvault.storage.catalog.BackupCatalog;
import io.graphvault.storage.verify.BackupReader;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * An incremental backup's comparison with its parent, record by record: the parent's records (its whole
 * chain, as a restore reads it) are hashed by their stored line into {@link IdTable}s by export id, then each
 * line the export encodes is hashed the same way and kept only when the parent holds no line of that id with
 * that hash. Lines, not values, are compared: a record is left out only when its parent's line is the very
 * line this backup would write, so a restore of the chain reads exactly what a full backup would hold. The
 * hashes are HMAC-SHA256 (keyed with the backup key when one is set), cut to 64 bits, and never stored.
 */
final class RecordDelta implements Closeable {

    private static final byte[] UNKEYED = "graphvault record hash, no key set".getBytes(StandardCharsets.US_ASCII);

    private final IdTable parentNodes = new IdTable("the hash of each record of the parent backup", Long.BYTES);
    private final IdTable parentRelationships = new IdTable("the hash of each record of the parent backup", Long.BYTES);
    private final Roaring64NavigableMap nodes = new Roaring64NavigableMap();
    private final Roaring64NavigableMap relationships = new Roaring64NavigableMap();
    private final Roaring64NavigableMap nodesWritten = new Roaring64NavigableMap();
    private final Roaring64NavigableMap relationshipsWritten = new Roaring64NavigableMap();
    private final Mac mac;
    private final byte[] digest = new byte[32];
    /** Threads that read the parent's files, one file each at a time. */
    private static final int READERS = Math.min(4, Runtime.getRuntime().availableProcessors());
    private String parentId;
    private String parentManifest;
    private long jsonBytes;
    private long fullJsonBytes;

    private RecordDelta(Mac mac) {
        this.mac = mac;
    }

    /** Reads the parent at {@code parentLocation} (and its chain); fails, naming why, when it cannot be read whole. */
    static RecordDelta against(BackupCatalog catalog, String parentLocation, BackupCipher cipher) {
        RecordDelta delta = new RecordDelta(cipher == null ? unkeyed() : cipher.recordHasher());
        try {
            BackupSource stored = catalog.open(parentLocation);
            BackupManifest manifest = BackupReader.readManifest(stored);
            catalog.authenticate(stored, "backup " + manifest.id() + " (the parent)", manifest, false);
            BackupCatalog.Readable parent = catalog.readable(stored, manifest, false);
            delta.parentId = manifest.id();
            delta.parentManifest = Sha256.hex(manifest.content());
            delta.hashParent(parent);
            return delta;
        } catch (RuntimeException e) {
            delta.close();
            throw e;
        }
    }

    /** Every record of the parent's chain into the tables, its files read {@link #READERS} at a time. */
    private void hashParent(BackupCatalog.Readable parent) {
        ExecutorService pool = Executors.newFixedThreadPool(READERS, r -> {
            Thread t = new Thread(r, "incremental-parent");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (FileEntry f : parent.manifest().files()) {
                if (BackupFileNames.isData(f.path())) {
                    IdTable table = f.path().startsWith(BackupFileNames.NODES_DIR + "/") ? parentNodes : parentRelationships;
                    reads.add(pool.submit(() -> {
                        Mac own = copy(mac);
                        byte[] out = new byte[32];
                        BatchFileReader.forEachLine(new CheckedBatchFile(parent.source(), f),
                                (id, line, length) -> table.put(id, hash(own, out, line, 0, length)));
                    }));
                }
            }
            for (Future<?> read : reads) {
                read.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new GraphVaultException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphVaultException("the read of the parent backup was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Mac copy(Mac mac) {
        try {
            return (Mac) mac.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is cloneable in every JDK", e);
        }
    }

    private static Mac unkeyed() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(UNKEYED, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new GraphVaultException("this JVM has no HmacSHA256: " + e.getMessage(), e);
        }
    }

    String parentId() {
        return parentId;
    }

    /**
     * Whether the line (its bytes, without the line break) of node or relationship {@code id} differs from the
     * parent's: only then is it written. Either way the backup holds the record.
     */
    boolean changed(boolean node, long id, byte[] line, int offset, int length) {
        long hash = hash(line, offset, length);
        (node ? nodes : relationships).addLong(id);
        fullJsonBytes += length + 1;
        if ((node ? parentNodes : parentRelationships).get(id) == hash) {
            return false;
        }
        (node ? nodesWritten : relationshipsWritten).addLong(id);
        jsonBytes += length + 1;
        return true;
    }

    /** 0 stands for "no record" in an {@link IdTable}, so no hash is 0. */
    private long hash(byte[] line, int offset, int length) {
        return hash(mac, digest, line, offset, length);
    }

    private static long hash(Mac mac, byte[] digest, byte[] line, int offset, int length) {
        mac.update(line, offset, length);
        try {
            mac.doFinal(digest, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        long h = ByteBuffer.wrap(digest).getLong();
        return h == 0 ? 1 : h;
    }

    /** The id sets the backup's {@code ids.json} holds, once every record was compared. */
    BackupIdSets idSets() {
        return BackupIdSets.of(nodes, relationships, nodesWritten, relationshipsWritten);
    }

    /** What the manifest says of the backup; {@code idsPath}: its {@code ids.json} as stored. */
    BackupManifest.Incremental manifestEntry(String idsPath) {
        return new BackupManifest.Incremental(parentId, parentManifest, idsPath, jsonBytes, fullJsonBytes);
    }

    @Override
    public void close() {
        parentNodes.close();
        parentRelationships.close();
    }
}
