package dev.custodian.metrics;

import java.util.List;

/**
 * Where {@link CustodianMetrics} reads scheduled jobs from: a scheduler implements it. Called on
 * the metrics' refresh thread, never per scrape; it must answer from memory, quickly.
 */
@FunctionalInterface
public interface JobMetricsSource {
    /** Every job of the schedule, with its counts so far. */
    List<JobSample> jobs();
}
