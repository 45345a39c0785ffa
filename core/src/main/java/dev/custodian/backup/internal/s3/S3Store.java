package dev.custodian.backup.internal.s3;

import dev.custodian.backup.internal.BackupIds;
import dev.custodian.backup.internal.ManifestFiles;
import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in S3-compatible object storage: a set is the objects under {@code <prefix><id>/}, its
 * parts uploaded as multipart uploads of unknown length (bounded memory), its manifest written
 * last, so a listing sees a set complete only when all of it is there. A set being written holds
 * a lease: an object {@code <id>/.lease} its writer rewrites every sixth of the lease's life; a set
 * without a manifest whose lease is older than its life ({@value #LEASE_SECONDS} s unless the URL's
 * {@code leaseSeconds} says otherwise) by the server's clock is stale, and prune removes its objects
 * and its uploads that were never completed.
 */
public final class S3Store implements BackupStore {
    /** How long a writer's lease lives without renewal, by default. */
    static final long LEASE_SECONDS = 120;
    private static final String LEASE = ".lease";
    private static final String CLOCK = ".custodian-clock";
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);

    private final S3Objects objects;
    private final long leaseSeconds;
    private final ScheduledExecutorService renewals;

    /** @param leaseSeconds how long a writer's lease lives without renewal */
    public S3Store(S3Objects objects, long leaseSeconds) {
        this.objects = objects;
        this.leaseSeconds = leaseSeconds;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custodian-s3-lease");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String location() {
        return objects.location().display();
    }

    @Override
    public boolean exists() throws IOException {
        try {
            objects.list("", "/");
            return true;
        } catch (S3NotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String p : objects.list("", "/").prefixes()) {
            String id = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (BackupIds.isId(id)) {
                ids.add(id);
            }
        }
        ids.sort(null);
        return ids;
    }

    private static String name(String id, String file) throws NoSuchFileException {
        if (!BackupIds.isId(id)) {
            throw new NoSuchFileException(id + " is not a backup set id");
        }
        return id + "/" + file;
    }

    @Override
    public Optional<byte[]> readManifest(String id) throws IOException {
        try (InputStream in = objects.get(name(id, ManifestFiles.FILE))) {
            return Optional.of(in.readAllBytes());
        } catch (S3NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public long partSize(String id, String file) throws IOException {
        return objects.head(part(id, file)).orElseThrow(() -> new NoSuchFileException(id + "/" + file)).size();
    }

    @Override
    public InputStream openPart(String id, String file) throws IOException {
        try {
            return objects.get(part(id, file));
        } catch (S3NotFoundException e) {
            throw new NoSuchFileException(id + "/" + file);
        }
    }

    @Override
    public InputStream openPart(String id, String file, long offset, long length) throws IOException {
        try {
            return objects.get(part(id, file), offset, length);
        } catch (S3NotFoundException e) {
            throw new NoSuchFileException(id + "/" + file);
        }
    }

    private static String part(String id, String file) throws NoSuchFileException {
        if (!ManifestFiles.safeFileName(file)) {
            throw new NoSuchFileException(file + " is not a plain part file name");
        }
        return name(id, file);
    }

    @Override
    public NewSet create(String id) throws IOException {
        if (!objects.list(name(id, ""), null).objects().isEmpty()) {
            throw new FileAlreadyExistsException(location() + id);
        }
        writeLease(id);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> {
            try {
                writeLease(id);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot renew the lease of backup {} in {}: {}", id, location(), e.getMessage());
            }
        }, renewMillis(), renewMillis(), TimeUnit.MILLISECONDS);
        return new S3Set(id, renewal);
    }

    private long renewMillis() {
        return Math.max(1000, leaseSeconds * 1000 / 6);
    }

    private void writeLease(String id) throws IOException {
        objects.put(name(id, LEASE), ("writer pid " + ProcessHandle.current().pid() + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean inProgress(String id) throws IOException {
        if (readManifest(id).isPresent()) {
            return false;
        }
        Optional<ObjectInfo> lease = objects.head(name(id, LEASE));
        return lease.isPresent() && lease.get().lastModified().plusSeconds(leaseSeconds).isAfter(serverNow());
    }

    // The server's clock, not this machine's: the time a fresh object was stamped with.
    private Instant serverNow() throws IOException {
        objects.put(CLOCK, new byte[0]);
        return objects.head(CLOCK).map(ObjectInfo::lastModified).orElseGet(Instant::now);
    }

    @Override
    public boolean removeIfStale(String id) throws IOException {
        if (readManifest(id).isPresent() || inProgress(id)) {
            return false;
        }
        removeAll(id);
        return true;
    }

    private void removeAll(String id) throws IOException {
        objects.abortUploads(name(id, ""));
        List<String> names = objects.list(name(id, ""), null).objects().stream().map(ObjectInfo::name).toList();
        objects.delete(names);
    }

    @Override
    public void removeComplete(String id) throws IOException {
        objects.delete(List.of(name(id, ManifestFiles.FILE)));
        removeAll(id);
    }

    @Override
    public List<String> staleLeftovers(boolean remove) throws IOException {
        List<String> found = new ArrayList<>();
        for (PendingUpload upload : objects.listUploads("")) {
            String name = upload.name();
            int slash = name.indexOf('/');
            String id = slash < 0 ? "" : name.substring(0, slash);
            if (BackupIds.isId(id) && inProgress(id)) {
                continue;
            }
            found.add("upload of " + name + " started " + upload.initiated());
            if (remove) {
                objects.abortUpload(upload);
            }
        }
        return found;
    }

    @Override
    public void replaceManifest(String id, byte[] manifest) throws IOException {
        if (readManifest(id).isEmpty()) {
            throw new NoSuchFileException("backup set " + id + " has no manifest to replace");
        }
        objects.put(name(id, ManifestFiles.FILE), manifest);
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        objects.close();
    }

    /** A set being written under its prefix, its lease renewed until it ends. */
    private final class S3Set implements NewSet {
        private final String id;
        private final ScheduledFuture<?> renewal;
        private boolean ended;

        S3Set(String id, ScheduledFuture<?> renewal) {
            this.id = id;
            this.renewal = renewal;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public PartSink createPart(String file) throws IOException {
            S3Upload upload = objects.upload(part(id, file));
            return new PartSink() {
                @Override
                public void write(int b) throws IOException {
                    upload.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    upload.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    upload.complete();
                }

                @Override
                public void abort() {
                    upload.abort();
                }
            };
        }

        @Override
        public void commit(byte[] manifest) throws IOException {
            objects.put(name(id, ManifestFiles.FILE), manifest);
            ended = true;
            renewal.cancel(false);
            try {
                objects.delete(List.of(name(id, LEASE)));
            } catch (IOException e) {
                LOG.debug("backup {} is complete; its lease stays until a prune: {}", id, e.getMessage());
            }
        }

        @Override
        public void discard() {
            if (ended) {
                return;
            }
            ended = true;
            renewal.cancel(false);
            try {
                removeAll(id);
            } catch (IOException | RuntimeException e) {
                LOG.warn("backup {} in {} failed and could not be removed ({}); prune removes it once its lease"
                        + " has run out", id, location(), e.getMessage());
            }
        }
    }

}
