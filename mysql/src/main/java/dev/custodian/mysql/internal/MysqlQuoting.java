package dev.custodian.mysql.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** MySQL's quoting rules for the engine's statements: identifiers and string literals. */
public final class MysqlQuoting {
    private MysqlQuoting() {
    }

    /** Quotes an identifier with backticks, doubling backticks inside. */
    public static String q(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** A string literal safe under any sql_mode: the text's UTF-8 bytes in hex, so nothing needs escaping. */
    public static String literal(String text) {
        return text == null ? "NULL" : "_utf8mb4 X'" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)) + "'";
    }

    /** A percentage with one decimal. */
    public static double pct(double part, double whole) {
        return whole <= 0 ? 0 : Math.round(part * 1000.0 / whole) / 10.0;
    }
}
