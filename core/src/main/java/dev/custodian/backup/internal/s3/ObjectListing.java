package dev.custodian.backup.internal.s3;

import java.util.List;

/**
 * What a listing under a prefix found, all pages together.
 *
 * @param objects the objects directly under the prefix (all below it when no delimiter was given)
 * @param prefixes the "folders": common prefixes up to the delimiter, relative to the store's prefix
 */
public record ObjectListing(List<ObjectInfo> objects, List<String> prefixes) {
    /** Copies the lists. */
    public ObjectListing {
        objects = List.copyOf(objects);
        prefixes = List.copyOf(prefixes);
    }
}
