package io.graphvault.storage.s3;

import io.graphvault.format.BackupManifest;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Applies S3_STORAGE_CLASS and S3_SSE / S3_SSE_KMS_KEY_ID to every object GraphVault writes, single
 * part or multipart alike: set once on the client rather than on each route's endpoint. And a
 * manifest is only ever created, never overwritten: its PUT carries {@code If-None-Match: *}, so of
 * two writers of one backup id (two serve leaders for a moment, a name used twice) S3 lets the
 * first publish and answers the second 412, after the check the replication made before uploading.
 */
public final class S3UploadPolicy implements ExecutionInterceptor {

    private final S3Settings settings;

    public S3UploadPolicy(S3Settings settings) {
        this.settings = settings;
    }

    public boolean isEmpty() {
        return settings.storageClass().isEmpty() && settings.sse().isEmpty();
    }

    /** The two request builders share no interface for these fields: each passes its own setters. */
    private void apply(Consumer<String> storageClass, Consumer<String> sse, Consumer<String> kmsKeyId) {
        if (!settings.storageClass().isEmpty()) {
            storageClass.accept(settings.storageClass());
        }
        if (!settings.sse().isEmpty()) {
            sse.accept(settings.sse());
        }
        if (!settings.sseKmsKeyId().isEmpty()) {
            kmsKeyId.accept(settings.sseKmsKeyId());
        }
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutObjectRequest put) {
            PutObjectRequest.Builder b = put.toBuilder();
            apply(b::storageClass, b::serverSideEncryption, b::ssekmsKeyId);
            if (isManifest(put.key())) {
                b.ifNoneMatch("*");
            }
            return b.build();
        }
        if (request instanceof CompleteMultipartUploadRequest complete && isManifest(complete.key())) {
            return complete.toBuilder().ifNoneMatch("*").build();
        }
        if (request instanceof CreateMultipartUploadRequest create) {
            CreateMultipartUploadRequest.Builder b = create.toBuilder();
            apply(b::storageClass, b::serverSideEncryption, b::ssekmsKeyId);
            return b.build();
        }
        return request;
    }

    private static boolean isManifest(String key) {
        return key != null && (key.equals(BackupManifest.FILE_NAME) || key.endsWith("/" + BackupManifest.FILE_NAME));
    }
}
