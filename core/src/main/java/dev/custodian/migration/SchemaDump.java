package dev.custodian.migration;

import java.util.ArrayList;
import java.util.List;

/**
 * A database's schema as the engine's own DDL, one definition per object (a table with its
 * columns, an index, a constraint, a view, a routine, a trigger…) and no data, for comparing a
 * schema before a change set with the schema after its rollback. Definitions are kept sorted, so
 * that two dumps of the same schema are equal whatever order the catalogs list objects in.
 *
 * @param definitions the definitions, sorted
 */
public record SchemaDump(List<String> definitions) {
    public SchemaDump {
        List<String> sorted = new ArrayList<>(definitions);
        sorted.replaceAll(String::strip);
        sorted.sort(null);
        definitions = List.copyOf(sorted);
    }
}
