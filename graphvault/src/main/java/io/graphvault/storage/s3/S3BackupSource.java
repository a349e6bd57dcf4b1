package io.graphvault.storage.s3;

import io.graphvault.storage.BackupSource;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A backup under an S3 prefix. Files are streamed straight from GetObject, never downloaded whole,
 * so verify and restore read a backup of any size with a fixed amount of memory.
 */
public final class S3BackupSource implements BackupSource {

    private final S3Client s3;
    private final S3Location location;
    private final int maxRecordBytes;

    public S3BackupSource(S3Client s3, S3Location location, int maxRecordBytes) {
        this.s3 = s3;
        this.location = location;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public boolean exists(String path) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(location.bucket()).key(key(path)).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException(S3Errors.describe(e), e);
        } catch (SdkException e) {
            throw new IOException(S3Errors.describe(e), e);
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(key(path)).build());
        } catch (NoSuchKeyException e) {
            throw new FileNotFoundException("no object " + key(path) + " in bucket " + location.bucket());
        } catch (SdkException e) {
            throw new IOException(S3Errors.describe(e), e);
        }
    }

    @Override
    public BackupSource sibling(String id) {
        return new S3BackupSource(s3, new S3Location(location.bucket(), location.prefix(), id), maxRecordBytes);
    }

    private String key(String path) {
        return location.keyPrefix() + path;
    }
}
