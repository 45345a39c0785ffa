package dev.custodian.backup.internal.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a store lives in S3-compatible object storage, parsed from a URL such as
 * {@code s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true}.
 * It never holds a secret: credentials come from the AWS chain or are given in code, and a URL
 * that carries some is refused.
 *
 * <p>Options: {@code endpoint} (http or https URL of an S3-compatible server; default AWS),
 * {@code region} (default: the AWS chain, else {@code us-east-1} with an endpoint),
 * {@code pathStyle} ({@code true}: {@code endpoint/bucket/key} addressing, which most
 * S3-compatible servers need), {@code profile} (a named profile of the AWS configuration files).
 *
 * @param bucket the bucket
 * @param prefix the key prefix, empty or ending with {@code /}
 * @param endpoint the endpoint, or null for AWS
 * @param region the region, or null to use the AWS chain
 * @param pathStyle whether to address buckets by path
 * @param profile the AWS profile to take credentials and region from, or null for the default chain
 */
public record S3Location(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
        String profile) {
    /** The URL scheme of object storage stores. */
    public static final String SCHEME = "s3";
    private static final Set<String> OPTIONS = Set.of("endpoint", "region", "pathStyle", "profile");
    private static final Set<String> SECRET_OPTIONS = Set.of("accesskey", "accesskeyid", "secretkey",
            "secretaccesskey", "secret", "password", "sessiontoken", "token", "awsaccesskeyid", "awssecretaccesskey");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");

    /** Checks the parts; the messages are one line and never quote a secret. */
    public S3Location {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("invalid bucket name '" + bucket + "' in an s3:// store URL: 3 to 63 "
                    + "lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty()) {
            if (!prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            checkPrefix(prefix, bucket);
        }
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("invalid region '" + region + "' for s3://" + bucket
                    + ": lower-case letters, digits and hyphens, such as us-east-1");
        }
        if (profile != null && !PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException("invalid AWS profile name for s3://" + bucket);
        }
    }

    /** Whether the text names an object storage store ({@code s3://…}). */
    public static boolean isS3Url(String text) {
        return text != null && text.regionMatches(true, 0, SCHEME + "://", 0, SCHEME.length() + 3);
    }

    /** Parses an {@code s3://bucket/prefix?options} URL; fails in one line naming what is wrong. */
    public static S3Location parse(String url) {
        if (!isS3Url(url)) {
            throw new IllegalArgumentException("not an s3:// store URL: " + shown(url));
        }
        String rest = url.substring(SCHEME.length() + 3);
        if (rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("an s3:// store URL has no fragment (#): " + shown(url));
        }
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (authority.contains("@") || authority.contains(":")) {
            throw new IllegalArgumentException("an s3:// store URL must not carry credentials (found '@' before the "
                    + "bucket): give them in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or an AWS profile");
        }
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("an s3:// store URL needs a bucket: s3://bucket/prefix");
        }
        Map<String, String> options = options(query, authority);
        URI endpoint = null;
        if (options.containsKey("endpoint")) {
            if (options.get("endpoint").contains("@")) {
                throw new IllegalArgumentException("the endpoint of an s3:// store must not carry credentials: give "
                        + "them in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or an AWS profile");
            }
            try {
                endpoint = new URI(options.get("endpoint"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the endpoint of s3://" + authority + " must be an http:// or "
                        + "https:// URL (" + e.getReason() + ")");
            }
        }
        String pathStyle = options.getOrDefault("pathStyle", "false").toLowerCase(Locale.ROOT);
        if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
            throw new IllegalArgumentException("pathStyle of s3://" + authority + " must be true or false, not '"
                    + pathStyle + "'");
        }
        return new S3Location(authority, decode(path, authority), endpoint, options.get("region"),
                pathStyle.equals("true"), options.get("profile"));
    }

    private static Map<String, String> options(String query, String bucket) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), bucket);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), bucket);
            String normalised = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            if (SECRET_OPTIONS.contains(normalised)) {
                throw new IllegalArgumentException("option '" + name + "' of s3://" + bucket + " would put a secret "
                        + "in the store URL: give credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or an AWS "
                        + "profile");
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' in s3://" + bucket
                        + ": known options are endpoint, region, pathStyle and profile");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("option '" + name + "' of s3://" + bucket + " has no value");
            }
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("option '" + name + "' of s3://" + bucket + " is given twice");
            }
        }
        return options;
    }

    private static String decode(String s, String bucket) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid %-escape in s3://" + bucket + " store URL");
        }
    }

    private static void checkPrefix(String prefix, String bucket) {
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException("the key prefix of s3://" + bucket + " has an empty path segment (//)");
        }
        for (String segment : prefix.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the key prefix of s3://" + bucket + " must not contain '"
                        + segment + "' segments");
            }
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new IllegalArgumentException("the key prefix of s3://" + bucket
                        + " holds a control character or a backslash");
            }
        }
        if (prefix.length() > 512) {
            throw new IllegalArgumentException("the key prefix of s3://" + bucket + " is longer than 512 characters");
        }
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the endpoint of an s3:// store must be an http:// or https:// URL");
        }
        if (endpoint.getRawUserInfo() != null || endpoint.toString().contains("@")) {
            throw new IllegalArgumentException("the endpoint of an s3:// store must not carry credentials: give them "
                    + "in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or an AWS profile");
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("the endpoint of an s3:// store needs a host: http://host:port");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("the endpoint of an s3:// store takes no query or fragment");
        }
    }

    /** A refused URL for a message: only its scheme, since what follows may hold credentials. */
    private static String shown(String url) {
        if (url == null) {
            return "null";
        }
        int sep = url.indexOf("://");
        if (sep >= 0) {
            return "'" + url.substring(0, Math.min(sep, 20)) + "://…' (only s3:// is object storage)";
        }
        return "'" + dev.custodian.Secrets.mask(url.length() > 80 ? url.substring(0, 80) + "…" : url) + "'";
    }

    /** The full object key of a name relative to the prefix. */
    public String key(String name) {
        return prefix + name;
    }

    /** The AWS profile, if one is named. */
    public Optional<String> profileName() {
        return Optional.ofNullable(profile);
    }

    /** This location with another key prefix (for example a sub-folder of the store). */
    public S3Location withPrefix(String newPrefix) {
        return new S3Location(bucket, newPrefix, endpoint, region, pathStyle, profile);
    }

    /** The URL this location parses from, with its options in a fixed order; it holds no secret. */
    public String url() {
        StringBuilder sb = new StringBuilder(SCHEME).append("://").append(bucket).append('/').append(encode(prefix));
        String sep = "?";
        if (endpoint != null) {
            sb.append(sep).append("endpoint=").append(endpoint);
            sep = "&";
        }
        if (region != null) {
            sb.append(sep).append("region=").append(region);
            sep = "&";
        }
        if (pathStyle) {
            sb.append(sep).append("pathStyle=true");
            sep = "&";
        }
        if (profile != null) {
            sb.append(sep).append("profile=").append(profile);
        }
        return sb.toString();
    }

    private static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/!$'()*+,;=:@"
                    .indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** The form for messages and logs: the URL, masked once more in case a secret slipped into it. */
    public String display() {
        return dev.custodian.Secrets.mask(url());
    }

    @Override
    public String toString() {
        return display();
    }
}
