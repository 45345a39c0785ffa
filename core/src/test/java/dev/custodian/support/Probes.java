package dev.custodian.support;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Optional;
import java.util.function.Function;

/** Small probes for tests. */
public final class Probes {
    private Probes() {
    }

    public interface Body {
        CheckResult check(ProbeContext context) throws Exception;
    }

    public static HealthProbe probe(String name, ProbeGroup group, Threshold threshold, Body body) {
        return new HealthProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProbeGroup group() {
                return group;
            }

            @Override
            public Optional<Threshold> defaultThreshold() {
                return Optional.ofNullable(threshold);
            }

            @Override
            public CheckResult check(ProbeContext context) throws Exception {
                return body.check(context);
            }
        };
    }

    /** A probe that measures a fixed value and classifies it with the effective threshold. */
    public static HealthProbe measuring(String name, ProbeGroup group, Threshold threshold, double value) {
        return probe(name, group, threshold, ctx -> {
            Threshold t = ctx.thresholdOr(threshold);
            return CheckResult.of(t.classify(value), name + " is " + value).with("value", value);
        });
    }

    public static Function<String, HealthProbe> fixed(CheckResult result) {
        return name -> probe(name, ProbeGroup.READINESS, null, ctx -> result);
    }
}
