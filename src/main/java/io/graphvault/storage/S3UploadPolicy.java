package io.graphvault.storage;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Applies S3_STORAGE_CLASS and S3_SSE / S3_SSE_KMS_KEY_ID to every object GraphVault writes, single
 * part or multipart alike: set once on the client rather than on each route's endpoint.
 */
public final class S3UploadPolicy implements ExecutionInterceptor {

    private final S3Settings settings;

    public S3UploadPolicy(S3Settings settings) {
        this.settings = settings;
    }

    public boolean isEmpty() {
        return settings.storageClass().isEmpty() && settings.sse().isEmpty();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutObjectRequest put) {
            PutObjectRequest.Builder b = put.toBuilder();
            if (!settings.storageClass().isEmpty()) {
                b.storageClass(settings.storageClass());
            }
            if (!settings.sse().isEmpty()) {
                b.serverSideEncryption(settings.sse());
            }
            if (!settings.sseKmsKeyId().isEmpty()) {
                b.ssekmsKeyId(settings.sseKmsKeyId());
            }
            return b.build();
        }
        if (request instanceof CreateMultipartUploadRequest create) {
            CreateMultipartUploadRequest.Builder b = create.toBuilder();
            if (!settings.storageClass().isEmpty()) {
                b.storageClass(settings.storageClass());
            }
            if (!settings.sse().isEmpty()) {
                b.serverSideEncryption(settings.sse());
            }
            if (!settings.sseKmsKeyId().isEmpty()) {
                b.ssekmsKeyId(settings.sseKmsKeyId());
            }
            return b.build();
        }
        return request;
    }
}
