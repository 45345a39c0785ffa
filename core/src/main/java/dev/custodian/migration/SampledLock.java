package dev.custodian.migration;

import java.util.Objects;

/**
 * One lock a session held (or waited for) when a {@link LockSampler} looked.
 *
 * @param object what is locked, as the engine names it: {@code public.rental}, {@code shop.orders},
 *     {@code database main}
 * @param mode the engine's name of the lock mode: {@code AccessExclusiveLock}, {@code SHARED_WRITE},
 *     {@code write lock (RESERVED)}
 * @param granted whether the session holds it; false while it waits for it
 */
public record SampledLock(String object, String mode, boolean granted) {
    public SampledLock {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(mode, "mode");
    }
}
