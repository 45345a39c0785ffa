package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code security}: findings about how open the server is: the default user without a password,
 * protected mode off, and dangerous commands ({@code CONFIG}, {@code FLUSHALL}, {@code DEBUG})
 * callable by the application's user. Findings are listed, UP by default; a threshold on the
 * number of findings (for example {@code degradedAbove(1)}) makes them count.
 */
public final class SecurityProbe extends RedisProbe {

    public SecurityProbe(RedisNode node) {
        super(node, "security", ProbeGroup.DIAGNOSTIC, null);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        List<String> findings = new ArrayList<>();
        try (Jedis j = node.pool().getResource()) {
            String me = attempt(j::aclWhoAmI, "default");
            String flags = attempt(() -> String.valueOf(j.aclGetUser("default").getFlags()), "");
            if (flags.contains("nopass") && flags.contains("on")) {
                findings.add("the default user has no password");
            }
            String protectedMode = attempt(() -> j.configGet("protected-mode").get("protected-mode"), null);
            if ("no".equals(protectedMode)) {
                findings.add("protected mode is off");
            }
            for (String command : List.of("CONFIG", "FLUSHALL", "DEBUG")) {
                String[] args = command.equals("CONFIG") ? new String[] {"GET", "maxmemory"}
                        : command.equals("DEBUG") ? new String[] {"DIGEST"} : new String[0];
                String answer = attempt(() -> j.aclDryRun(me, command, args), "");
                if ("OK".equalsIgnoreCase(answer) && !(command.equals("DEBUG") && debugDisabled(j))) {
                    findings.add(command + " is callable by user " + me);
                }
            }
        } catch (JedisException e) {
            throw node.translate("security checks", e);
        }
        HealthStatus status = context.threshold().map(t -> t.classify(findings.size())).orElse(HealthStatus.UP);
        String summary = findings.isEmpty() ? "no security findings"
                : findings.size() + " security finding(s): " + String.join("; ", findings)
                        + "; set a password (requirepass or ACL) and restrict commands with ACL rules";
        return new CheckResult(status, summary, null).with("findings", findings);
    }

    private static boolean debugDisabled(Jedis j) {
        String v = attempt(() -> j.configGet("enable-debug-command").get("enable-debug-command"), "yes");
        return "no".equals(v);
    }

    private static String attempt(java.util.function.Supplier<String> s, String fallback) {
        try {
            String v = s.get();
            return v == null ? fallback : v;
        } catch (JedisException e) {
            return fallback;
        }
    }
}
