package dev.custodian.postgres.internal.backup;

/**
 * The kinds of objects a logical backup defines, in the order they are created when nothing else
 * decides (their dependencies in {@code pg_depend} always do): pre-data kinds, then the post-data
 * kinds that follow the rows.
 */
enum ObjectKind {
    SCHEMA("schema", false),
    EXTENSION("extension", false),
    LANGUAGE("language", false),
    COLLATION("collation", false),
    TRANSFORM("transform", false),
    SHELL_TYPE("type", false),
    TYPE("type", false),
    CAST("cast", false),
    FUNCTION("function", false),
    AGGREGATE("aggregate", false),
    ACCESS_METHOD("access method", false),
    OPERATOR("operator", false),
    OPERATOR_FAMILY("operator family", false),
    OPERATOR_CLASS("operator class", false),
    CONVERSION("conversion", false),
    TEXT_SEARCH_PARSER("text search parser", false),
    TEXT_SEARCH_TEMPLATE("text search template", false),
    TEXT_SEARCH_DICTIONARY("text search dictionary", false),
    TEXT_SEARCH_CONFIGURATION("text search configuration", false),
    FOREIGN_DATA_WRAPPER("foreign data wrapper", false),
    FOREIGN_SERVER("foreign server", false),
    USER_MAPPING("user mapping", false),
    DOMAIN_CONSTRAINT("domain constraint", false),
    TABLE("table", false),
    SEQUENCE("sequence", false),
    VIEW("view", false),
    MATERIALIZED_VIEW("materialized view", false),
    COLUMN_DEFAULT("column default", false),
    /** A CHECK constraint added after its table, when writing it in the table's definition would loop. */
    CHECK_CONSTRAINT("constraint", false),
    TABLE_ATTACH("partition", false),
    // post-data: after the rows
    CONSTRAINT("constraint", true),
    INDEX("index", true),
    INDEX_ATTACH("index partition", true),
    STATISTICS("extended statistics", true),
    RULE("rule", true),
    TRIGGER("trigger", true),
    FOREIGN_KEY("foreign key", true),
    POLICY("policy", true),
    VIEW_DEFINITION("view", true),
    PUBLICATION("publication", true),
    PUBLICATION_MEMBER("publication member", true),
    SUBSCRIPTION("subscription", true),
    LARGE_OBJECT("large object", true),
    /** Created last of all, so that none fires during a restore. */
    EVENT_TRIGGER("event trigger", true);

    private final String label;
    private final boolean postData;

    ObjectKind(String label, boolean postData) {
        this.label = label;
        this.postData = postData;
    }

    /** What messages call it. */
    String label() {
        return label;
    }

    /** Whether it is created after the rows. */
    boolean postData() {
        return postData;
    }

    /** Whether it holds rows, so that it cannot wait until after them. */
    boolean holdsData() {
        return this == TABLE || this == SEQUENCE || this == SCHEMA || this == EXTENSION;
    }
}
