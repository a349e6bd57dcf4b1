package io.graphvault.storage.catalog;

import io.graphvault.format.BackupCipher;
import io.graphvault.format.BackupFileNames;
import io.graphvault.storage.BackupSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * An incremental backup as every reader sees it: its own files, then its ancestors' data files under
 * the paths {@link BackupFileNames#inAncestor} gives them, each opened and decrypted in its own backup,
 * and an ancestor's record kept only when it is in that ancestor's mask (the backup holds it and no newer
 * backup of the chain wrote it again). Messages name each file where it is.
 */
final class ChainedBackupSource implements BackupSource {

    /** An ancestor: where it is (with its key when encrypted), and which of its node and relationship records count. */
    record Ancestor(BackupSource source, Roaring64NavigableMap nodes, Roaring64NavigableMap relationships) {
    }

    private final BackupSource newest;
    private final Map<String, Ancestor> ancestors;

    ChainedBackupSource(BackupSource newest, Map<String, Ancestor> ancestors) {
        this.newest = newest;
        this.ancestors = Map.copyOf(ancestors);
    }

    @Override
    public String location() {
        return newest.location();
    }

    @Override
    public String where(String path) {
        Ancestor a = ancestor(path);
        return a == null ? newest.where(path) : a.source().where(BackupFileNames.inOwnBackup(path));
    }

    @Override
    public boolean exists(String path) throws IOException {
        Ancestor a = ancestor(path);
        return a == null ? newest.exists(path) : a.source().exists(BackupFileNames.inOwnBackup(path));
    }

    @Override
    public InputStream open(String path) throws IOException {
        Ancestor a = ancestor(path);
        return a == null ? newest.open(path) : a.source().open(BackupFileNames.inOwnBackup(path));
    }

    @Override
    public int maxRecordBytes() {
        return newest.maxRecordBytes();
    }

    @Override
    public BackupCipher cipher() {
        return newest.cipher();
    }

    @Override
    public boolean keeps(String path, long id) {
        Ancestor a = ancestor(path);
        if (a == null) {
            return true;
        }
        Roaring64NavigableMap mask = path.startsWith(BackupFileNames.NODES_DIR + "/") ? a.nodes() : a.relationships();
        return mask == null || mask.contains(id);
    }

    @Override
    public InputStream decrypting(InputStream stored, String path) throws IOException {
        Ancestor a = ancestor(path);
        return a == null ? newest.decrypting(stored, path) : a.source().decrypting(stored, BackupFileNames.inOwnBackup(path));
    }

    @Override
    public boolean chained() {
        return true;
    }

    @Override
    public BackupSource sibling(String id) {
        return newest.sibling(id);
    }

    private Ancestor ancestor(String path) {
        String id = BackupFileNames.ancestorOf(path);
        return id == null ? null : ancestors.get(id);
    }
}
