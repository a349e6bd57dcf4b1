package io.graphvault.storage.s3;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** One line for an S3 error: the SDK's messages carry request ids and line breaks a user does not need. */
public final class S3Errors {

    private S3Errors() {
    }

    /**
     * Whether S3 refused a write for its precondition: a manifest only ever created ({@link S3UploadPolicy}) met one
     * another writer had published first. What is under that prefix is then the other writer's, never ours to delete.
     */
    public static boolean preconditionFailed(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AwsServiceException a && a.statusCode() == 412) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NoSuchBucketException) {
                return "the bucket does not exist; create it or check S3_BUCKET";
            }
            if (c instanceof AwsServiceException a && a.awsErrorDetails() != null) {
                int status = a.statusCode();
                String code = a.awsErrorDetails().errorCode();
                if (status == 403) {
                    return "S3 refused access (" + code + "); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
                }
                if (status == 412) {
                    // only a manifest is written with a precondition (S3UploadPolicy)
                    return "S3 said 412 " + code + ": another writer published this backup's manifest first, and it was left as it is";
                }
                return "S3 said " + status + " " + code;
            }
            if (c instanceof SdkClientException) {
                return "cannot reach S3 (" + firstLine(c.getMessage()) + "); is it running, and is S3_ENDPOINT right?";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root.getMessage() == null ? root.toString() : root.getMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
