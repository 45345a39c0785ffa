package dev.custodian.redis.internal.backup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/** Raw, binary-safe commands for what Jedis has no byte[] method for. */
final class Raw {
    private Raw() {
    }

    /** A command by name. */
    record Cmd(byte[] raw) implements ProtocolCommand {
        @Override
        public byte[] getRaw() {
            return raw;
        }
    }

    static Cmd cmd(String name) {
        return new Cmd(name.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] b(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    static String s(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    /** Sends a command and returns its raw reply. */
    static Object call(Jedis j, String name, byte[]... args) {
        return j.sendCommand(cmd(name), args);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object reply) {
        return (List<Object>) reply;
    }
}
