package dev.custodian.migration;

import java.time.Duration;

/**
 * A lock a change set held while a rehearsal applied it.
 *
 * @param object what was locked, as the engine names it ({@code public.rental})
 * @param mode the engine's lock mode ({@code AccessExclusiveLock}, {@code SHARED_WRITE})
 * @param heldFor how long it was held: from the last sample without it to the first sample without it
 *     again (or the end of the change set), so at most one sampling interval more than the truth
 * @param waited whether the change set had to wait for it (seen not granted)
 */
public record ObservedLock(String object, String mode, Duration heldFor, boolean waited) {
}
