package dev.custodian.backup;

import java.util.List;

/**
 * What a restore target holds already.
 *
 * @param objects names of the user objects found (tables, views, keys by database); empty when the target is empty
 */
public record TargetContents(List<String> objects) {
    public TargetContents {
        objects = List.copyOf(objects);
    }

    public static TargetContents empty() {
        return new TargetContents(List.of());
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }
}
