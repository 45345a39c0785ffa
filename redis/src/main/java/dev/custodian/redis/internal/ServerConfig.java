package dev.custodian.redis.internal;

import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisException;

/** CONFIG GET, which managed servers often refuse: then the value is unknown, never an error. */
public final class ServerConfig {
    private ServerConfig() {
    }

    public static Optional<String> get(RedisNode node, String name) {
        try {
            Map<String, String> m = node.pool() == null ? Map.of() : readWith(node, name);
            return Optional.ofNullable(m.get(name));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> readWith(RedisNode node, String name) {
        try (var j = node.pool().getResource()) {
            return j.configGet(name);
        } catch (JedisException e) {
            return Map.of();
        }
    }

    public static long number(RedisNode node, String name, long fallback) {
        return get(node, name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }
}
