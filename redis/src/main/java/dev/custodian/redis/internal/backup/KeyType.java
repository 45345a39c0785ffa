package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupException;

/** The Redis value types a large key is rebuilt by. */
public enum KeyType {
    STRING('s'), HASH('h'), LIST('l'), SET('S'), ZSET('z'), STREAM('x');

    final int code;

    KeyType(int code) {
        this.code = code;
    }

    static KeyType of(int code, String part) {
        for (KeyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new BackupException("part " + part + " holds an unknown key type code " + code);
    }

    /** The type TYPE answers, or null for one that cannot be chunked. */
    static KeyType ofRedis(String type) {
        return switch (type) {
            case "string" -> STRING;
            case "hash" -> HASH;
            case "list" -> LIST;
            case "set" -> SET;
            case "zset" -> ZSET;
            case "stream" -> STREAM;
            default -> null;
        };
    }
}
