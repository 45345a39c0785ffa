package dev.custodian.backup.internal.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3LocationTest {
    @Test
    void parsesBucketPrefixAndOptions() {
        S3Location l = S3Location.parse(
                "s3://my-backups/prod/db1?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true");
        assertEquals("my-backups", l.bucket());
        assertEquals("prod/db1/", l.prefix());
        assertEquals(URI.create("http://127.0.0.1:9000"), l.endpoint());
        assertEquals("us-east-1", l.region());
        assertTrue(l.pathStyle());
        assertNull(l.profile());
        assertEquals("prod/db1/20261203T080000Z/manifest.json", l.key("20261203T080000Z/manifest.json"));
        assertEquals("s3://my-backups/prod/db1/?endpoint=http://127.0.0.1:9000&region=us-east-1&pathStyle=true",
                l.url());
        assertEquals(l, S3Location.parse(l.url()));
    }

    @Test
    void aBareBucketHasAnEmptyPrefixAndDefaults() {
        S3Location l = S3Location.parse("S3://bucket.example");
        assertEquals("", l.prefix());
        assertNull(l.endpoint());
        assertNull(l.region());
        assertFalse(l.pathStyle());
        assertEquals("s3://bucket.example/", l.url());
        assertEquals("", S3Location.parse("s3://bucket/").prefix());
        assertEquals("work", S3Location.parse("s3://bucket/?profile=work").profile());
    }

    @Test
    void oddPrefixesSurviveTheRoundTrip() {
        S3Location l = new S3Location("bucket", "a b/c?d&e%f+g/ü", null, null, false, null);
        assertEquals("a b/c?d&e%f+g/ü/", l.prefix());
        assertEquals(l, S3Location.parse(l.url()));
        assertEquals("x y/", S3Location.parse("s3://bucket/x%20y").prefix());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gs://bucket/x|not an s3:// store URL",
        "s3://|needs a bucket",
        "s3:///prefix|needs a bucket",
        "s3://Bucket/x|invalid bucket name 'Bucket'",
        "s3://ab/x|invalid bucket name 'ab'",
        "s3://a..b/x|invalid bucket name",
        "s3://bucket/x?colour=red|unknown option 'colour' in s3://bucket: known options are endpoint, region, "
                + "pathStyle and profile",
        "s3://bucket/x?region=us-east-1&region=eu-west-1|option 'region' of s3://bucket is given twice",
        "s3://bucket/x?pathStyle=yes|pathStyle of s3://bucket must be true or false, not 'yes'",
        "s3://bucket/x?endpoint=ftp://host|must be an http:// or https:// URL",
        "s3://bucket/x?endpoint=127.0.0.1:9000|must be an http:// or https:// URL",
        "s3://bucket/x?region=US_EAST|invalid region 'US_EAST'",
        "s3://bucket/a/../b|must not contain '..' segments",
        "s3://bucket//a|empty path segment",
        "s3://bucket/x?region=|option 'region' of s3://bucket has no value",
        "s3://bucket/x#frag|no fragment",
    })
    void invalidUrlsAreRefusedInOneLine(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutBeingQuoted() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        for (String url : new String[] {
            "s3://AKIAEXAMPLE:" + secret + "@bucket/prefix",
            "s3://bucket/prefix?secretKey=" + secret,
            "s3://bucket/prefix?aws_secret_access_key=" + secret,
            "s3://bucket/prefix?endpoint=http://user:" + secret + "@127.0.0.1:9000",
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.parse(url));
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
        }
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> S3Location.parse("gs://user:" + secret + "@bucket/x"));
        assertFalse(scheme.getMessage().contains(secret), scheme.getMessage());
    }
}
