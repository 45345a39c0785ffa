package dev.custodian.backup.internal.s3;

import dev.custodian.Secrets;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns the SDK's exceptions into one line naming the operation, bucket, key and cause. */
final class S3Errors {
    private static final java.util.regex.Pattern HTTP_FAILURE = java.util.regex.Pattern.compile(
            "Unable to execute HTTP request: (.*?)(?: \\(SDK Attempt Count: (\\d+)\\))?");
    private S3Errors() {
    }

    /** The exception for a failed operation on one key (or on the bucket when {@code key} is null). */
    static S3StoreException failure(String operation, String bucket, String key, Throwable cause) {
        String message = "S3 " + operation + (key == null ? "" : " of key '" + key + "'") + " in bucket '" + bucket
                + "' failed: " + cause(cause);
        return notFound(cause) ? new S3NotFoundException(message, cause) : new S3StoreException(message, cause);
    }

    static boolean notFound(Throwable t) {
        return t instanceof AwsServiceException e && e.statusCode() == 404;
    }

    /** The cause, on one line, masked; an SDK error code and HTTP status are kept. */
    static String cause(Throwable t) {
        String text;
        if (t instanceof AwsServiceException e) {
            AwsErrorDetails d = e.awsErrorDetails();
            String code = d == null ? null : d.errorCode();
            String msg = d == null ? null : d.errorMessage();
            text = (code == null ? "error" : code) + " (HTTP " + e.statusCode() + ")"
                    + (msg == null || msg.isBlank() ? "" : ": " + msg);
        } else if (t instanceof SdkClientException && String.valueOf(t.getMessage()).startsWith(
                "Unable to load credentials")) {
            text = "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile "
                    + "(?profile=…)";
        } else if (t instanceof SdkClientException && String.valueOf(t.getMessage()).startsWith(
                "Unable to load region")) {
            text = "no AWS region: add ?region=… to the store URL or set AWS_REGION";
        } else {
            text = firstMessage(t);
            java.util.regex.Matcher m = HTTP_FAILURE.matcher(text);
            if (m.matches()) {
                String attempts = m.group(2) == null ? "" : " (after " + m.group(2) + " attempts)";
                text = m.group(1).startsWith("Error writing request body")
                        ? "the server closed the connection while the request body was sent" + attempts
                                + "; it may refuse the credentials or the upload: check them with a listing"
                        : "cannot reach the server: " + m.group(1) + attempts;
            }
        }
        return Secrets.mask(text.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    private static String firstMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                String m = c.getMessage();
                int nl = m.indexOf('\n');
                return nl < 0 ? m : m.substring(0, nl);
            }
        }
        return t.getClass().getSimpleName();
    }
}
