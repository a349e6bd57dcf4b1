package io.graphvault.backup;

import io.graphvault.format.BackupManifest;
import io.graphvault.storage.local.LocalBackupStore;
import io.graphvault.storage.s3.S3BackupStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which backup an incremental one is taken on: see {@link #location}. */
final class IncrementalParent {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalParent.class);

    private IncrementalParent() {
    }

    /**
     * Where an incremental backup's parent is: the newest completed backup in the folder or the bucket it goes
     * to; null (a full backup) when there is none, or when the request wants a full one every N and the newest
     * backup's chain already holds N - 1 incremental ones.
     */
    static String location(BackupRequest request, LocalBackupStore store, S3BackupStore s3) {
        Map<String, BackupManifest> manifests = new LinkedHashMap<>();
        Map<String, String> locations = new HashMap<>();
        if (request.to() == BackupTarget.S3) {
            s3.list().forEach(l -> {
                manifests.put(l.id(), l.manifest());
                locations.put(l.id(), l.location());
            });
        } else {
            store.list().forEach(l -> {
                manifests.put(l.manifest().id(), l.manifest());
                locations.put(l.manifest().id(), l.dir().toString());
            });
        }
        if (manifests.isEmpty()) {
            return null;
        }
        BackupManifest newest = manifests.values().iterator().next();
        int incrementals = 0;
        for (BackupManifest m = newest; m != null && m.parent() != null && incrementals <= manifests.size(); m = manifests.get(m.parent())) {
            incrementals++;
        }
        if (request.fullEvery() > 0 && incrementals >= request.fullEvery() - 1) {
            LOG.info("a full backup, not an incremental one: the newest backup, {}, is the last of {} incremental one(s) on a full"
                    + " one (BACKUP_INCREMENTAL={})", newest.id(), incrementals, request.fullEvery());
            return null;
        }
        return locations.get(newest.id());
    }
}
