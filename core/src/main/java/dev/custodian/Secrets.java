package dev.custodian;

import dev.custodian.internal.Engines;
import dev.custodian.spi.EngineProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in URLs, properties and messages before they reach a log, an exception, a report
 * or a manifest. Core's value types (reports, pool settings, engine info, manifests, exceptions)
 * call it themselves, so no engine masks anything by hand. It knows the common forms
 * ({@code user:password@host}, {@code password=…}, {@code token=…}); each engine's
 * {@link EngineProvider} adds its own URL forms and secret property names.
 */
public final class Secrets {
    /** What a masked secret reads as. */
    public static final String MASK = "****";

    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)([^/@\\s:]*):([^@\\s]*)@");
    private static final Pattern PARAMS = Pattern.compile(
            "(?i)([?&;:]\\s*|\\b)(password|passwd|pwd|sslpassword|secret|token|access[_-]?key|secret[_-]?key|api[_-]?key|auth)"
                    + "(\\s*=\\s*)([^&;\\s,)]*)");

    private Secrets() {
    }

    /**
     * Masks passwords in a URL or any text holding URLs: {@code user:pw@host}, {@code password=…},
     * {@code token=…}, and every form an engine on the class path declares.
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + ":" + MASK + "@"));
        for (EngineProvider provider : Providers.ALL) {
            masked = provider.maskSecrets(masked);
        }
        masked = PARAMS.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2) + m.group(3) + (m.group(4).isEmpty() ? "" : MASK)));
        return masked;
    }

    /** Whether a property name holds a secret: a common name, or one an engine declares. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (k.equals("fencingtoken")) {
            return false; // a scheduled backup's lock token: a number that orders acquisitions, not a credential
        }
        if (k.contains("password") || k.contains("passwd") || k.equals("pwd") || k.contains("secret")
                || k.contains("token") || k.contains("accesskey") || k.contains("apikey") || k.equals("auth")) {
            return true;
        }
        for (EngineProvider provider : Providers.ALL) {
            if (provider.secretKeys().contains(key)) {
                return true;
            }
        }
        return false;
    }

    // The engines on the class path, found once; immutable afterwards.
    private static final class Providers {
        static final List<EngineProvider> ALL = List.copyOf(Engines.providers());
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

    /**
     * A copy of measured or reported values, in the same order, with text values masked and the
     * values of secret keys replaced by {@link #MASK}.
     */
    public static Map<String, Object> maskValues(Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((k, v) -> out.put(k, isSecretKey(k) ? MASK : v instanceof String text ? mask(text) : v));
        }
        return out;
    }
}
