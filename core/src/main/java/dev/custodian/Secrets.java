package dev.custodian;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in URLs, properties and messages before they reach a log, an exception, a report
 * or a manifest.
 */
public final class Secrets {
    /** What a masked secret reads as. */
    public static final String MASK = "****";

    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)([^/@\\s:]*):([^@\\s/]*)@");
    private static final Pattern USER_INFO_NO_NAME = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)([^/@\\s:]+)@");
    private static final Pattern PARAMS = Pattern.compile(
            "(?i)([?&;:]\\s*|\\b)(password|passwd|pwd|sslpassword|secret|token|access[_-]?key|secret[_-]?key|api[_-]?key|auth)"
                    + "(\\s*=\\s*)([^&;\\s,)]*)");

    private Secrets() {
    }

    /**
     * Masks passwords in a URL or any text holding URLs: {@code user:pw@host}, {@code password=…},
     * {@code token=…}. A Redis URL's bare {@code //secret@host} is masked too.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + ":" + MASK + "@"));
        masked = maskBareRedisSecret(masked);
        masked = PARAMS.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + m.group(3) + (m.group(4).isEmpty() ? "" : MASK)));
        return masked;
    }

    private static String maskBareRedisSecret(String text) {
        Matcher m = USER_INFO_NO_NAME.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String replacement = scheme.startsWith("redis") ? m.group(1) + MASK + "@" : m.group(0);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether a property name holds a secret. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return k.contains("password") || k.contains("passwd") || k.equals("pwd") || k.contains("secret")
                || k.contains("token") || k.contains("accesskey") || k.contains("apikey") || k.equals("auth");
    }

    /** A copy of the properties, sorted by name, with every secret value masked. */
    public static Map<String, String> mask(Properties properties) {
        Map<String, String> out = new TreeMap<>();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                String value = properties.getProperty(name);
                out.put(name, isSecretKey(name) ? MASK : mask(value));
            }
        }
        return out;
    }

    /** A copy of the map, with every secret value masked. */
    public static Map<String, String> mask(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, isSecretKey(k) ? MASK : mask(v)));
        return out;
    }
}
