package io.graphvault.storage.catalog;

import io.graphvault.format.BackupCipher;
import io.graphvault.storage.BackupSource;
import java.io.IOException;
import java.io.InputStream;

/** An encrypted backup with the key it needs: {@link io.graphvault.storage.verify.BackupReader} decrypts what it reads of it. */
record KeyedBackupSource(BackupSource stored, BackupCipher cipher) implements BackupSource {

    @Override
    public String location() {
        return stored.location();
    }

    @Override
    public boolean exists(String path) throws IOException {
        return stored.exists(path);
    }

    @Override
    public InputStream open(String path) throws IOException {
        return stored.open(path);
    }

    @Override
    public BackupSource sibling(String id) {
        return stored.sibling(id);
    }

    @Override
    public int maxRecordBytes() {
        return stored.maxRecordBytes();
    }
}
