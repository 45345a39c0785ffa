package dev.custodian.health;

import java.time.Duration;
import java.util.Optional;

/**
 * What core hands a probe when it runs it.
 *
 * @param threshold the effective threshold: the user's override by probe name, else the probe's
 *     default; empty when the probe has none
 * @param timeout how long the probe may take; a deep probe applies it as a statement timeout too
 */
public record ProbeContext(Optional<Threshold> threshold, Duration timeout) {

    /** The effective threshold, or the given fallback when there is none. */
    public Threshold thresholdOr(Threshold fallback) {
        return threshold.orElse(fallback);
    }
}
