package dev.custodian.backup.internal.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a backup store needs from S3-compatible object storage, for one {@link S3Location}: stream
 * an object up ({@link #upload}) or put a small one, read one as a stream, look one up, list
 * under a prefix, delete in batches, and find and abort dangling multipart uploads. Names are
 * relative to the location's prefix. Every failure (after the SDK's retries of transient errors)
 * is an {@link S3StoreException} whose message is one line naming the bucket, the key and the
 * cause. Thread-safe; close it to release the HTTP connections and the upload thread.
 */
public final class S3Objects implements AutoCloseable {
    /** The default part size of multipart uploads: 8 MiB. */
    public static final int DEFAULT_PART_SIZE = 8 << 20;
    /** The least part size S3 accepts (for every part but the last). */
    public static final int MIN_PART_SIZE = 5 << 20;
    private static final int DELETE_BATCH = 1000;

    private final S3Location location;
    private final S3Clients.Client client;
    private final S3Client s3;
    private final ExecutorService uploads;
    private final int partSize;
    private final int pageSize;

    private S3Objects(Builder b) {
        this.location = b.location;
        this.partSize = b.partSize;
        this.pageSize = b.pageSize;
        this.client = S3Clients.create(location, new S3Clients.Settings(b.accessKeyId, b.secretAccessKey,
                b.maxAttempts, b.baseDelay, b.maxDelay, b.connectTimeout, b.socketTimeout));
        this.s3 = client.s3();
        AtomicInteger n = new AtomicInteger();
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "custodian-s3-upload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder for a location; credentials come from the AWS chain unless given. */
    public static Builder builder(S3Location location) {
        return new Builder(location);
    }

    /** The location this works on. */
    public S3Location location() {
        return location;
    }

    /** Starts writing an object of unknown length; nothing is visible until {@link S3Upload#complete()}. */
    public S3Upload upload(String name) {
        return new S3Upload(s3, uploads, location.bucket(), name, location.key(name), partSize);
    }

    /** Writes a small object in one request, replacing any object under the name. */
    public void put(String name, byte[] content) throws IOException {
        String key = location.key(name);
        byte[] copy = content.clone();
        try {
            s3.putObject(r -> r.bucket(location.bucket()).key(key).contentLength((long) copy.length),
                    RequestBody.fromBytes(copy));
        } catch (RuntimeException e) {
            throw S3Errors.failure("put", location.bucket(), key, e);
        }
    }

    /**
     * The object's bytes as a stream, read from the server as they are consumed; an
     * {@link S3NotFoundException} when there is none. Close it: closing before the end drops the
     * connection instead of reading the rest.
     */
    public InputStream get(String name) throws IOException {
        String key = location.key(name);
        try {
            return new ObjectStream(s3.getObject(r -> r.bucket(location.bucket()).key(key)), location.bucket(), key);
        } catch (RuntimeException e) {
            throw S3Errors.failure("get", location.bucket(), key, e);
        }
    }

    /**
     * At most {@code length} bytes of an object from {@code offset} (one ranged GET), fewer when it
     * is shorter; {@link S3NotFoundException} when there is none. Close it as {@link #get}'s stream.
     */
    public InputStream get(String name, long offset, long length) throws IOException {
        if (length <= 0) {
            return InputStream.nullInputStream();
        }
        String key = location.key(name);
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        try {
            return new ObjectStream(s3.getObject(r -> r.bucket(location.bucket()).key(key).range(range)),
                    location.bucket(), key);
        } catch (RuntimeException e) {
            if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.statusCode() == 416) {
                return InputStream.nullInputStream(); // the object ends before the range starts
            }
            throw S3Errors.failure("get", location.bucket(), key, e);
        }
    }

    /** The object's size and date, or empty when there is none. */
    public Optional<ObjectInfo> head(String name) throws IOException {
        String key = location.key(name);
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(location.bucket()).key(key));
            return Optional.of(new ObjectInfo(name, key, h.contentLength(), h.lastModified(), unquote(h.eTag())));
        } catch (RuntimeException e) {
            if (S3Errors.notFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.failure("head", location.bucket(), key, e);
        }
    }

    /**
     * Everything under {@code prefix} (relative to the location's), all pages together; with a
     * delimiter (usually {@code "/"}) the names past it are rolled up into {@link ObjectListing#prefixes()}.
     */
    public ObjectListing list(String prefix, String delimiter) throws IOException {
        String keyPrefix = location.key(prefix);
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(location.bucket())
                        .prefix(keyPrefix).maxKeys(pageSize).continuationToken(token);
                if (delimiter != null) {
                    req.delimiter(delimiter);
                }
                ListObjectsV2Response page = s3.listObjectsV2(req.build());
                for (S3Object o : page.contents()) {
                    objects.add(new ObjectInfo(relative(o.key()), o.key(), o.size(), o.lastModified(),
                            unquote(o.eTag())));
                }
                page.commonPrefixes().forEach(p -> prefixes.add(relative(p.prefix())));
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (RuntimeException e) {
            throw S3Errors.failure("list", location.bucket(), keyPrefix + "*", e);
        }
        return new ObjectListing(objects, prefixes);
    }

    /** Deletes the objects, up to 1,000 per request; names that do not exist are no error. */
    public void delete(Collection<String> names) throws IOException {
        List<String> all = List.copyOf(names);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH)).stream()
                    .map(n -> ObjectIdentifier.builder().key(location.key(n)).build()).toList();
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(r -> r.bucket(location.bucket())
                        .delete(Delete.builder().objects(batch).quiet(true).build()));
            } catch (RuntimeException e) {
                throw S3Errors.failure("delete of " + batch.size() + " objects, first", location.bucket(),
                        batch.get(0).key(), e);
            }
            if (!response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new S3StoreException("S3 delete of key '" + first.key() + "' in bucket '" + location.bucket()
                        + "' failed: " + first.code() + ": " + first.message()
                        + (response.errors().size() > 1 ? " (and " + (response.errors().size() - 1) + " more keys)" : ""),
                        null);
            }
        }
    }

    /** The multipart uploads under {@code prefix} that were neither completed nor aborted. */
    public List<PendingUpload> listUploads(String prefix) throws IOException {
        String keyPrefix = location.key(prefix);
        List<PendingUpload> out = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        try {
            while (true) {
                String km = keyMarker;
                String im = idMarker;
                ListMultipartUploadsResponse page = s3.listMultipartUploads(r -> r.bucket(location.bucket())
                        .prefix(keyPrefix).maxUploads(pageSize).keyMarker(km).uploadIdMarker(im));
                for (MultipartUpload u : page.uploads()) {
                    out.add(new PendingUpload(relative(u.key()), u.key(), u.uploadId(), u.initiated()));
                }
                if (!Boolean.TRUE.equals(page.isTruncated()) || page.uploads().isEmpty()) {
                    return out;
                }
                keyMarker = page.nextKeyMarker();
                idMarker = page.nextUploadIdMarker();
            }
        } catch (RuntimeException e) {
            throw S3Errors.failure("listing of multipart uploads", location.bucket(), keyPrefix + "*", e);
        }
    }

    /** Aborts one dangling upload; one that is gone already is no error. */
    public void abortUpload(PendingUpload upload) throws IOException {
        try {
            s3.abortMultipartUpload(r -> r.bucket(location.bucket()).key(upload.key()).uploadId(upload.uploadId()));
        } catch (RuntimeException e) {
            if (!S3Errors.notFound(e)) {
                throw S3Errors.failure("abort of a multipart upload", location.bucket(), upload.key(), e);
            }
        }
    }

    /** Aborts every dangling upload under {@code prefix}; returns how many there were. */
    public int abortUploads(String prefix) throws IOException {
        List<PendingUpload> pending = listUploads(prefix);
        for (PendingUpload u : pending) {
            abortUpload(u);
        }
        return pending.size();
    }

    private String relative(String key) {
        return key.startsWith(location.prefix()) ? key.substring(location.prefix().length()) : key;
    }

    private static String unquote(String eTag) {
        return eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    /** Releases the HTTP connections and the upload threads; uploads still open fail. */
    @Override
    public void close() {
        uploads.shutdownNow();
        client.close();
    }

    @Override
    public String toString() {
        return "S3Objects[" + location.display() + "]";
    }

    /** A streamed object whose read failures name the bucket and key. */
    private static final class ObjectStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private final String bucket;
        private final String key;
        private boolean eof;

        ObjectStream(ResponseInputStream<GetObjectResponse> response, String bucket, String key) {
            super(response);
            this.response = response;
            this.bucket = bucket;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                int c = super.read();
                eof = c < 0;
                return c;
            } catch (IOException | RuntimeException e) {
                throw S3Errors.failure("read", bucket, key, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                eof = n < 0;
                return n;
            } catch (IOException | RuntimeException e) {
                throw S3Errors.failure("read", bucket, key, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!eof) {
                response.abort();
            }
            super.close();
        }
    }

    /** Settings of an {@link S3Objects}; every one has a default. */
    public static final class Builder {
        private final S3Location location;
        private String accessKeyId;
        private String secretAccessKey;
        private int partSize = DEFAULT_PART_SIZE;
        private int pageSize = 1000;
        private int maxAttempts = 6;
        private Duration baseDelay = Duration.ofMillis(200);
        private Duration maxDelay = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration socketTimeout = Duration.ofSeconds(60);

        private Builder(S3Location location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /** Explicit credentials instead of the AWS chain; they are kept only inside the SDK client. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("S3 credentials need both an access key id and a secret key");
            }
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /** The base part size of multipart uploads, at least 5 MiB (default 8 MiB). */
        public Builder partSize(int bytes) {
            if (bytes < MIN_PART_SIZE || bytes > (512 << 20)) {
                throw new IllegalArgumentException("partSize must be between 5 MiB and 512 MiB, not " + bytes);
            }
            this.partSize = bytes;
            return this;
        }

        /** Attempts per request, the first included (default 6); transient errors are retried. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 50) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 50, not " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The exponential backoff between attempts: from {@code base} up to {@code max} (default 200 ms, 10 s). */
        public Builder backoff(Duration base, Duration max) {
            if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < base <= max");
            }
            this.baseDelay = base;
            this.maxDelay = max;
            return this;
        }

        /** Connect and read timeouts of one HTTP request (default 10 s, 60 s). */
        public Builder timeouts(Duration connect, Duration socket) {
            if (connect.isNegative() || connect.isZero() || socket.isNegative() || socket.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
            this.connectTimeout = connect;
            this.socketTimeout = socket;
            return this;
        }

        /** Keys per listing request, 1 to 1,000 (default 1,000); smaller only to test paging. */
        public Builder listPageSize(int keys) {
            if (keys < 1 || keys > 1000) {
                throw new IllegalArgumentException("listPageSize must be between 1 and 1000, not " + keys);
            }
            this.pageSize = keys;
            return this;
        }

        /** The client; fails in one line when no region can be found. */
        public S3Objects build() {
            return new S3Objects(this);
        }

        @Override
        public String toString() {
            return "S3Objects.Builder[" + location.display() + "]";
        }
    }
}
