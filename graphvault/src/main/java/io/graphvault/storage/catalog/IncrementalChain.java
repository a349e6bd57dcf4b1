package io.graphvault.storage.catalog;

import io.graphvault.format.BackupFileNames;
import io.graphvault.format.BackupIdSets;
import io.graphvault.format.BackupJson;
import io.graphvault.format.BackupManifest;
import io.graphvault.format.BackupManifest.FileEntry;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.internal.Sha256;
import io.graphvault.storage.BackupSource;
import io.graphvault.storage.StoredFiles;
import io.graphvault.storage.verify.BackupReader;
import java.io.IOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Resolves an incremental backup's chain (parent, its parent, ... down to a full backup), each found beside
 * the backup, its manifest read and authenticated as the backup's own is, and checked to be the very
 * backup its child was taken against (the SHA-256 of its manifest). A missing, replaced or damaged link
 * is named before anything else is read. The result reads as one backup ({@link ChainedBackupSource}).
 * docs/incremental.md explains the chain.
 */
final class IncrementalChain {

    private IncrementalChain() {
    }

    /** A backup as its readers see it: its source and its manifest, the chain's files included. */
    record View(BackupSource source, BackupManifest manifest) {
    }

    /**
     * {@code stored}: where the newest backup is; {@code readable}: the same with its key ({@code null}: no key
     * here, so only the stored bytes of the chain's files can be checked, and no record is read).
     */
    static View view(BackupCatalog catalog, BackupSource stored, BackupSource readable, BackupManifest newest,
            boolean allowUnauthenticated) {
        List<BackupSource> sources = new ArrayList<>();
        List<BackupManifest> manifests = new ArrayList<>();
        sources.add(readable == null ? stored : readable);
        manifests.add(newest);
        Set<String> seen = new HashSet<>(Set.of(newest.id()));
        BackupManifest child = newest;
        while (child.incremental() != null) {
            String parentId = child.parent();
            BackupSource parentStored = stored.sibling(parentId);
            BackupManifest parent = readParent(child, stored, parentStored);
            if (!seen.add(parent.id())) {
                throw new GraphVaultException("backup " + newest.id() + " at " + stored.location() + " cannot be read: its chain of"
                        + " parents comes back to " + parent.id() + "; the manifests were changed");
            }
            catalog.authenticate(parentStored, "backup " + parent.id() + " (in the chain of " + newest.id() + ")", parent,
                    allowUnauthenticated);
            sources.add(readable == null ? parentStored : catalog.withKey(parentStored, parent));
            manifests.add(parent);
            child = parent;
        }
        try {
            return new View(new ChainedBackupSource(sources.get(0), ancestors(sources, manifests, readable != null)),
                    newest.viewing(files(manifests)));
        } catch (IllegalArgumentException e) { // an id set that does not decode
            throw new GraphVaultException("backup " + newest.id() + " at " + stored.location() + " cannot be read with its parents: "
                    + e.getMessage() + ". The backup was changed after it was written; use another one");
        }
    }

    /** Each ancestor with the ids of its records that count ({@code masks} false: no key here, no record is read). */
    private static Map<String, ChainedBackupSource.Ancestor> ancestors(List<BackupSource> sources, List<BackupManifest> manifests,
            boolean masks) {
        Map<String, ChainedBackupSource.Ancestor> ancestors = new HashMap<>();
        BackupIdSets newer = masks ? idSets(sources.get(0), manifests.get(0)) : null;
        Roaring64NavigableMap nodes = newer == null ? null : newer.held(true);
        Roaring64NavigableMap relationships = newer == null ? null : newer.held(false);
        for (int i = 1; i < manifests.size(); i++) {
            BackupManifest ancestor = manifests.get(i);
            if (newer != null) {
                nodes = without(nodes, newer.written(true));
                relationships = without(relationships, newer.written(false));
                newer = ancestor.incremental() == null ? null : idSets(sources.get(i), ancestor);
            }
            ancestors.put(ancestor.id(), new ChainedBackupSource.Ancestor(sources.get(i), nodes, relationships));
        }
        return ancestors;
    }

    /** The newest backup's files, then each ancestor's data files under the paths the view gives them. */
    private static List<FileEntry> files(List<BackupManifest> manifests) {
        List<FileEntry> files = new ArrayList<>(manifests.get(0).files());
        for (BackupManifest ancestor : manifests.subList(1, manifests.size())) {
            for (FileEntry f : ancestor.files()) {
                if (BackupFileNames.isData(f.path())) {
                    files.add(new FileEntry(BackupFileNames.inAncestor(f.path(), ancestor.id()), f.records(), f.bytes(), f.sha256()));
                }
            }
        }
        return files;
    }

    private static BackupManifest readParent(BackupManifest child, BackupSource stored, BackupSource parentStored) {
        String needs = "backup " + child.id() + " is incremental: it holds only what changed since backup " + child.parent()
                + ", and is read together with it. ";
        BackupManifest parent;
        try {
            parent = BackupReader.readManifest(parentStored);
        } catch (GraphVaultException e) {
            throw new GraphVaultException(needs + "That backup cannot be read: " + e.getMessage() + ". Nothing was read of "
                    + child.id() + ": put " + child.parent() + " back beside it (" + parentStored.location() + "), from a copy"
                    + " such as the bucket's, and run again"); // not chained: the innermost GraphVault error is the one shown
        }
        String sha = Sha256.hex(parent.content());
        if (!sha.equals(child.incremental().parentManifest()) || !child.parent().equals(parent.id())) {
            throw new GraphVaultException(needs + "The backup at " + parentStored.location() + " is not the one it was taken"
                    + " against: its manifest's SHA-256 is " + sha + ", " + child.id() + " names " + child.incremental().parentManifest()
                    + " (a backup of that name was taken again, or its manifest was changed). Nothing was read; restore"
                    + " " + child.id() + " from a copy that holds its own parent");
        }
        return parent;
    }

    /** A set of ids less another, as a new set. */
    private static Roaring64NavigableMap without(Roaring64NavigableMap ids, Roaring64NavigableMap written) {
        Roaring64NavigableMap out = new Roaring64NavigableMap();
        out.or(ids);
        out.andNot(written);
        return out;
    }

    /** The id sets of an incremental backup, its file checked against the manifest's SHA-256 first. */
    static BackupIdSets idSets(BackupSource source, BackupManifest manifest) {
        String path = manifest.incremental().ids();
        FileEntry entry = manifest.files().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new GraphVaultException(source.where(BackupManifest.FILE_NAME) + " names " + path
                        + " as its id sets but does not list it: the manifest is incomplete"));
        MessageDigest digest = Sha256.newDigest();
        byte[] json;
        try (DigestInputStream stored = new DigestInputStream(source.open(path), digest)) {
            json = StoredFiles.plain(source, path, stored).readAllBytes();
            stored.transferTo(java.io.OutputStream.nullOutputStream()); // the SHA-256 is of every stored byte
        } catch (IOException | RuntimeException e) {
            throw new GraphVaultException(source.where(path) + " cannot be read: " + e, e);
        }
        String sha = Sha256.hex(digest);
        if (!sha.equals(entry.sha256())) {
            throw new GraphVaultException(source.where(path) + " is damaged: its SHA-256 is " + sha + " but the manifest says "
                    + entry.sha256());
        }
        try {
            return BackupJson.DOCUMENTS.readValue(json, BackupIdSets.class);
        } catch (IOException e) {
            throw new GraphVaultException(source.where(path) + " cannot be read: " + e.getMessage(), e);
        }
    }
}
