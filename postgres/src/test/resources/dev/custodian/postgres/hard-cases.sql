-- Hard cases for the pg-logical backup: every object kind it reproduces and the values that break dumps.
CREATE SCHEMA "Odd Schema";
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application''s schema';

CREATE COLLATION app.nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy', 'it''s "complicated"');
CREATE DOMAIN app.positive AS integer DEFAULT 1 NOT NULL CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE TYPE app.address AS (street text, city text COLLATE "C", zip app.positive);
CREATE TYPE app.floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE app.mood IS 'how it feels';

CREATE FUNCTION app.add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.updated_at := '2001-02-03 04:05:06+00';  -- a fixed time keeps checksums stable; "quotes"; semicolons;
  RETURN NEW;
END
$body$;
CREATE PROCEDURE app.bump(n integer) LANGUAGE plpgsql AS $$ BEGIN PERFORM n; END $$;
CREATE FUNCTION app.sum_state(acc bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT acc + v';
CREATE AGGREGATE app.total(integer) (SFUNC = app.sum_state, STYPE = bigint, INITCOND = '0');
COMMENT ON FUNCTION app.add_one(integer) IS 'adds one';

CREATE SEQUENCE app.ticket_seq AS integer START WITH 100 INCREMENT BY 7 MINVALUE 100 MAXVALUE 100000 CACHE 1 CYCLE;
SELECT setval('app.ticket_seq', 142, true);
CREATE SEQUENCE app.unused_seq;

CREATE TABLE app.customer (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
    name text NOT NULL COLLATE app.nocase,
    mood app.mood DEFAULT 'ok',
    address app.address,
    score app.positive,
    name_upper text GENERATED ALWAYS AS (upper(name)) STORED,
    ticket integer DEFAULT nextval('app.ticket_seq'),
    next_id integer DEFAULT app.add_one(41),
    updated_at timestamptz,
    CONSTRAINT name_not_blank CHECK (name <> '')
);
COMMENT ON TABLE app.customer IS 'customers; with a ''quote''';
COMMENT ON COLUMN app.customer.name IS 'case-insensitive';
CREATE TRIGGER customer_touch BEFORE INSERT OR UPDATE ON app.customer FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE UNIQUE INDEX customer_name_lower ON app.customer (lower(name));

CREATE TABLE app.orders (
    id serial PRIMARY KEY,
    customer_id bigint NOT NULL,
    parent_id integer,
    total numeric(12, 2) CHECK (total >= 0),
    during tstzrange,
    EXCLUDE USING gist (during WITH &&) WHERE (customer_id > 1000)
);
ALTER TABLE app.orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES app.customer (id)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE app.orders ADD CONSTRAINT orders_parent FOREIGN KEY (parent_id) REFERENCES app.orders (id) ON DELETE CASCADE;
CREATE INDEX orders_big ON app.orders (total) WHERE total > 100;

-- two tables referring to each other
CREATE TABLE app.chicken (id int PRIMARY KEY, egg_id int);
CREATE TABLE app.egg (id int PRIMARY KEY, chicken_id int REFERENCES app.chicken (id));
ALTER TABLE app.chicken ADD CONSTRAINT chicken_egg FOREIGN KEY (egg_id) REFERENCES app.egg (id) DEFERRABLE;

-- declarative partitions: range (nested, default), list, hash
CREATE TABLE app.measurement (at date NOT NULL, device int NOT NULL, value float8) PARTITION BY RANGE (at);
CREATE TABLE app.measurement_2024 PARTITION OF app.measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    PARTITION BY LIST (device);
CREATE TABLE app.measurement_2024_dev1 PARTITION OF app.measurement_2024 FOR VALUES IN (1);
CREATE TABLE app.measurement_2024_other PARTITION OF app.measurement_2024 DEFAULT;
CREATE TABLE app.measurement_default PARTITION OF app.measurement DEFAULT;
CREATE INDEX measurement_device ON app.measurement (device);
ALTER TABLE app.measurement ADD PRIMARY KEY (at, device);
CREATE TABLE app.bucket (id int NOT NULL, v text) PARTITION BY HASH (id);
CREATE TABLE app.bucket_0 PARTITION OF app.bucket FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE app.bucket_1 PARTITION OF app.bucket FOR VALUES WITH (MODULUS 2, REMAINDER 1);

-- inheritance
CREATE TABLE app.animal (name text, legs int CHECK (legs >= 0));
CREATE TABLE app.bird (wingspan float4) INHERITS (app.animal);

-- views on views, a materialized view, a rule, row-level security
CREATE VIEW app.customer_names AS SELECT id, name FROM app.customer;
CREATE VIEW app.happy_names AS SELECT name FROM app.customer_names WHERE length(name) > 1;
CREATE MATERIALIZED VIEW app.order_totals AS SELECT customer_id, sum(total) AS total FROM app.orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_totals_customer ON app.order_totals (customer_id);
CREATE TABLE app.audit (id serial, what text);
CREATE RULE audit_no_delete AS ON DELETE TO app.audit DO INSTEAD NOTHING;
CREATE TABLE app.secret (owner text, body text);
ALTER TABLE app.secret ENABLE ROW LEVEL SECURITY;
CREATE POLICY secret_owner ON app.secret FOR SELECT TO PUBLIC USING (owner = current_user);
CREATE POLICY secret_insert ON app.secret AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (body <> '');

CREATE UNLOGGED TABLE app.cache (k text PRIMARY KEY, v jsonb) WITH (fillfactor = 70);
CREATE TABLE app.tags (a int, b int);
CREATE UNIQUE INDEX tags_nulls ON app.tags (a, b) NULLS NOT DISTINCT;

-- odd identifiers
CREATE TABLE "Odd Schema"."a""; DROP TABLE b; --" ("we""ird col" text, "UPPER" int, "tab	col" text);
CREATE TABLE public."MixedCase" (id int PRIMARY KEY, "select" text);

-- values that break dumps
CREATE TABLE app.hard (
    id int PRIMARY KEY,
    f8 float8, f4 float4, n numeric, big numeric(1000, 500),
    ts timestamp, tstz timestamptz, d date, iv interval,
    b bytea, arr text[], iarr int[], j jsonb, js json, t text, u uuid, bits bit varying(10), inet_v inet,
    money_v money, tsv tsvector, pt point
);
INSERT INTO app.hard VALUES
 (1, 'NaN', 'Infinity', 'NaN', 1.5, 'infinity', '-infinity', 'infinity', '1 year 2 mons 3 days 04:05:06.789',
  '\x000102ff00'::bytea, ARRAY['a', NULL, 'quote"d', 'back\slash', '', 'com,ma', '{brace}'], ARRAY[1, NULL, 3],
  '{"a": [1, 2, {"b": null}], "u": "é€😀", "esc": "\\n\"q\""}', '{"keep":  "spacing" }',
  E'line1\nline2\ttab\\back\r\nend', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', B'1011', '192.168.0.1/24',
  '12.34', 'a fat cat', '(1.5,2.5)'),
 (2, '-Infinity', '-Infinity', '1e-400', (repeat('9', 400) || '.' || repeat('1', 500))::numeric, '1999-12-31 23:59:59.999999',
  '2000-01-01 00:00:00+14', '-infinity', '-178000000 years', ''::bytea, '{}', NULL, 'null', 'null', '',
  NULL, B'', '::1', '-0.01', '', '(0,0)'),
 (3, 0.1, 1.1, 0.30000000000000004, -0.000001, '4713-01-01 BC', '294276-12-31 23:59:59+00', '0001-01-01', '0',
  NULL, ARRAY[NULL]::text[], '{}', '[]', '[]', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 1.7976931348623157e308, 1.17549435e-38, 123456789012345678901234567890.123456789, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, E'\\.', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO app.hard (id, t, b) VALUES (5, 'unicode: ÆØÅ 日本語 עברית 🐘 zero-width:' || chr(8203) || ' end', NULL),
 (6, E'\\N', decode(repeat('00ff10', 1000000), 'hex'));

INSERT INTO app.customer (name, mood, address, score) VALUES
 ('Ada', 'happy', ROW('1 Main St', 'London', 5), 3),
 ('grace', 'it''s "complicated"', ROW(NULL, 'Arlington', 1), 1),
 ('Édith', NULL, NULL, 7);
INSERT INTO app.orders (customer_id, total, during) VALUES (10, 12.50, '[2024-01-01, 2024-01-02)'),
 (15, 150, '[2024-02-01, 2024-02-02)'), (10, 0, NULL);
UPDATE app.orders SET parent_id = 1 WHERE id = 3;
INSERT INTO app.chicken VALUES (1, NULL);
INSERT INTO app.egg VALUES (1, 1);
UPDATE app.chicken SET egg_id = 1;
INSERT INTO app.measurement SELECT DATE '2024-01-01' + g, g % 3, g * 0.5 FROM generate_series(0, 400) g;
INSERT INTO app.bucket SELECT g, 'v' || g FROM generate_series(1, 20) g;
INSERT INTO app.animal VALUES ('cat', 4);
INSERT INTO app.bird VALUES ('robin', 2, 0.3);
INSERT INTO app.audit (what) VALUES ('created');
INSERT INTO app.secret VALUES ('postgres', 'top');
INSERT INTO app.cache VALUES ('k', '{"v": 1}');
INSERT INTO app.tags VALUES (1, NULL), (NULL, NULL);
INSERT INTO "Odd Schema"."a""; DROP TABLE b; --" VALUES ('x"y', 1, E'tab\there'), (NULL, NULL, '');
INSERT INTO public."MixedCase" VALUES (1, 'from');
REFRESH MATERIALIZED VIEW app.order_totals;
SELECT nextval('app.unused_seq') FROM generate_series(1, 3);

-- catalog state a schema dump easily drops: children's own defaults and NOT NULL, a partition and a
-- child whose columns are in their own order, merged and NO INHERIT and NOT VALID checks (with rows
-- that break them), TOAST options, compression, column options, CLUSTER ON, a disabled rule,
-- a view's column default, an index with INCLUDE on a partitioned table
ALTER TABLE app.measurement ALTER COLUMN value SET DEFAULT 1.5;
ALTER TABLE app.measurement_default ALTER COLUMN value SET DEFAULT 0;
ALTER TABLE app.measurement_2024_dev1 ALTER COLUMN value DROP DEFAULT;
ALTER TABLE app.bucket_1 ALTER COLUMN v SET DEFAULT 'one';
CREATE TABLE app.measurement_2030 (device int NOT NULL, value float8 DEFAULT -1, at date NOT NULL);
ALTER TABLE app.measurement ATTACH PARTITION app.measurement_2030 FOR VALUES FROM ('2030-01-01') TO ('2031-01-01');
INSERT INTO app.measurement VALUES ('2030-06-01', 7, 3.5);
ALTER TABLE app.bird ALTER COLUMN legs SET DEFAULT 2;
ALTER TABLE app.bird ALTER COLUMN name SET NOT NULL;
INSERT INTO app.animal VALUES (repeat('long', 30), 4);
ALTER TABLE app.animal ADD CONSTRAINT animal_named CHECK (name IS NOT NULL) NO INHERIT;
ALTER TABLE app.animal ADD CONSTRAINT animal_short CHECK (length(name) < 100) NOT VALID;
CREATE TABLE app.fish (fins int, name text, legs int CONSTRAINT animal_legs_check CHECK (legs >= 0),
    CONSTRAINT animal_short CHECK (length(name) < 100));
ALTER TABLE app.fish INHERIT app.animal;
INSERT INTO app.fish VALUES (2, 'cod', 0);
CREATE TABLE app.loose (chicken_id int);
INSERT INTO app.loose VALUES (99);
ALTER TABLE app.loose ADD CONSTRAINT loose_chicken FOREIGN KEY (chicken_id) REFERENCES app.chicken (id) NOT VALID;
CREATE DOMAIN app.shortish AS text COLLATE "C";
CREATE TABLE app.notes (s app.shortish);
INSERT INTO app.notes VALUES ('much too long for it');
ALTER DOMAIN app.shortish ADD CONSTRAINT shortish_len CHECK (length(VALUE) < 10) NOT VALID;
CREATE TABLE app.coll (k text COLLATE "C", v text) PARTITION BY LIST (k);
CREATE TABLE app.coll_a PARTITION OF app.coll FOR VALUES IN ('a');
CREATE INDEX coll_incl ON app.coll (k) INCLUDE (v);
INSERT INTO app.coll VALUES ('a', 'first');
CREATE TABLE app.toasty (id int, body text) WITH (fillfactor = 80, toast.autovacuum_enabled = false);
ALTER TABLE app.toasty ALTER COLUMN body SET COMPRESSION pglz;
ALTER TABLE app.toasty ALTER COLUMN id SET (n_distinct = 100);
CREATE INDEX toasty_id ON app.toasty (id) WITH (fillfactor = 50);
ALTER TABLE app.toasty CLUSTER ON toasty_id;
ALTER TABLE app.toasty ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE app.toasty ALTER COLUMN id SET STATISTICS 0;
INSERT INTO app.toasty VALUES (1, repeat('toast', 2000));
CREATE RULE audit_no_update AS ON UPDATE TO app.audit DO INSTEAD NOTHING;
ALTER TABLE app.audit DISABLE RULE audit_no_update;
CREATE VIEW app.audit_what AS SELECT what FROM app.audit;
ALTER VIEW app.audit_what ALTER COLUMN what SET DEFAULT 'viewed';
-- partition indexes and keys with their own names, a partition's trigger disabled, more comments
CREATE FUNCTION app.touch_ev() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE app.ev (id int NOT NULL, k int, note text) PARTITION BY RANGE (id);
CREATE TABLE app.ev_1 PARTITION OF app.ev FOR VALUES FROM (0) TO (10);
CREATE TABLE app.ev_2 PARTITION OF app.ev FOR VALUES FROM (10) TO (20);
CREATE INDEX my_custom_k ON app.ev_1 (k);
CREATE INDEX ev_k ON app.ev (k);
ALTER TABLE app.ev ADD CONSTRAINT ev_pk PRIMARY KEY (id);
CREATE TRIGGER ev_touch BEFORE INSERT ON app.ev FOR EACH ROW EXECUTE FUNCTION app.touch_ev();
ALTER TABLE app.ev_2 DISABLE TRIGGER ev_touch;
COMMENT ON INDEX app.my_custom_k IS 'partition index';
CREATE TABLE app.evref (id int REFERENCES app.ev (id));
ALTER TABLE app.ev_1 ADD CONSTRAINT ev_1_local CHECK (k > 0);
CREATE TABLE app.inh_gen (a int, b int GENERATED ALWAYS AS (a + 1) STORED);
CREATE TABLE app.inh_gen_c () INHERITS (app.inh_gen);
CREATE TABLE app.ev_3 (LIKE app.ev);
ALTER TABLE app.ev_3 ADD CONSTRAINT ev_3_pk PRIMARY KEY (id);
ALTER TABLE app.ev ATTACH PARTITION app.ev_3 FOR VALUES FROM (20) TO (30);
CREATE SEQUENCE app.smallseq AS smallint;
ALTER SEQUENCE app.smallseq OWNED BY app.ev_3.k;
CREATE MATERIALIZED VIEW app.empty_mv AS SELECT 1 AS x WITH NO DATA;
CREATE TABLE app.rls_forced (x int);
ALTER TABLE app.rls_forced FORCE ROW LEVEL SECURITY;
CREATE TYPE app.compo AS (a int, b text);
COMMENT ON COLUMN app.compo.a IS 'compo column';
COMMENT ON DOMAIN app.positive IS 'a domain';
COMMENT ON SEQUENCE app.ticket_seq IS 'tickets';
COMMENT ON VIEW app.audit_what IS 'a view';
COMMENT ON MATERIALIZED VIEW app.empty_mv IS 'a matview';
COMMENT ON COLLATION app.nocase IS 'nocase';
COMMENT ON AGGREGATE app.total(integer) IS 'agg';
COMMENT ON PROCEDURE app.bump(integer) IS 'proc';
COMMENT ON RULE audit_no_delete ON app.audit IS 'rule';
COMMENT ON CONSTRAINT shortish_len ON DOMAIN app.shortish IS 'domain check';
-- per-column statistics targets and storage modes, on a partitioned table and on one partition only
ALTER TABLE app.ev ALTER COLUMN note SET STATISTICS 250;
ALTER TABLE ONLY app.ev_2 ALTER COLUMN note SET STATISTICS 1000;
ALTER TABLE ONLY app.ev_2 ALTER COLUMN note SET STORAGE MAIN;
INSERT INTO app.ev VALUES (1, 1, 'one'), (15, 2, 'fifteen'), (25, 3, 'twenty-five');
INSERT INTO app.evref VALUES (15);
INSERT INTO app.inh_gen_c (a) VALUES (41);
-- a domain whose check calls a function of its own, a function taking that domain; SQL-standard bodies:
-- one on built-ins only, used by a generated column, one reading a table, one calling that one
CREATE FUNCTION app.is_code(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT v ~ '^[A-Z]{3}$' $$;
CREATE DOMAIN app.code AS text CONSTRAINT code_format CHECK (app.is_code(VALUE)) CONSTRAINT code_set CHECK (VALUE IS NOT NULL);
CREATE FUNCTION app.code_lower(c app.code) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(c) $$;
CREATE FUNCTION app.shout(v text) RETURNS text LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT upper(v) || '!'; END;
CREATE TABLE app.coded (c app.code PRIMARY KEY, loud text GENERATED ALWAYS AS (app.shout(c)) STORED);
CREATE FUNCTION app.coded_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM app.coded; END;
CREATE FUNCTION app.coded_count_plus(n int) RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT app.coded_count() + n; END;
INSERT INTO app.coded VALUES ('ABC'), ('XYZ');
-- functions over a view's row type, one with a SQL-standard body, and a view calling one of them
CREATE FUNCTION app.name_label(v app.customer_names) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT v.id || ':' || v.name $$;
CREATE FUNCTION app.all_names() RETURNS SETOF app.customer_names LANGUAGE sql STABLE
    BEGIN ATOMIC SELECT * FROM app.customer_names ORDER BY id; END;
CREATE VIEW app.name_labels AS SELECT app.name_label(cn) AS label FROM app.customer_names cn;

-- Object kinds and orders the backup once got wrong, each reproduced here on its own.
-- A SUPPORT function created after the function it supports.
CREATE FUNCTION app.text_like(text, text) RETURNS boolean LANGUAGE internal IMMUTABLE STRICT AS 'textlike';
CREATE FUNCTION app.text_like_support(internal) RETURNS internal LANGUAGE internal AS 'textlike_support';
ALTER FUNCTION app.text_like(text, text) SUPPORT app.text_like_support;
-- Aggregates: zero arguments, SSPACE, moving state, ordered-set, hypothetical-set, SORTOP.
CREATE AGGREGATE app.row_count(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
COMMENT ON AGGREGATE app.row_count(*) IS 'counts rows';
CREATE AGGREGATE app.spaced_sum(int) (SFUNC = int4pl, STYPE = int4, SSPACE = 10000, PARALLEL = SAFE);
CREATE AGGREGATE app.moving_sum(int) (SFUNC = int4pl, STYPE = int4, MSFUNC = int4pl, MINVFUNC = int4mi,
    MSTYPE = int4, MINITCOND = '0');
CREATE AGGREGATE app.my_percentile(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal,
    FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE AGGREGATE app.my_rank(VARIADIC "any" ORDER BY VARIADIC "any") (SFUNC = ordered_set_transition_multi,
    STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);
CREATE AGGREGATE app.my_max(int) (SFUNC = int4larger, STYPE = int4, SORTOP = >);
-- A view grouping by the primary key alone, which needs the key to exist.
CREATE TABLE app.pk_group (k int PRIMARY KEY, v text);
CREATE VIEW app.pk_group_view AS SELECT k, v FROM app.pk_group GROUP BY k;
INSERT INTO app.pk_group VALUES (1, 'one');
-- Identity columns: a renamed sequence, a sequence named _seq1 beside a serial one, LOGGED on an UNLOGGED table.
CREATE TABLE app.ident_renamed (id int GENERATED BY DEFAULT AS IDENTITY, x int);
ALTER SEQUENCE app.ident_renamed_id_seq RENAME TO renamed_ident_seq;
INSERT INTO app.ident_renamed (x) VALUES (1), (2);
CREATE TABLE app.serial_then_identity (id serial, x int);
ALTER TABLE app.serial_then_identity ALTER COLUMN id DROP DEFAULT;
ALTER TABLE app.serial_then_identity ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;
INSERT INTO app.serial_then_identity (x) VALUES (5);
CREATE UNLOGGED TABLE app.unlogged_ident (id int GENERATED ALWAYS AS IDENTITY);
ALTER SEQUENCE app.unlogged_ident_id_seq SET LOGGED;
-- Generated columns: a child merging the parent's, a child generating what its parent does not.
CREATE TABLE app.gen_parent (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
CREATE TABLE app.gen_child (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
ALTER TABLE app.gen_child INHERIT app.gen_parent;
CREATE TABLE app.plain_parent (a int, b int);
CREATE TABLE app.gen_of_plain (b int GENERATED ALWAYS AS (a * 3) STORED) INHERITS (app.plain_parent);
INSERT INTO app.gen_child (a) VALUES (4);
INSERT INTO app.gen_of_plain (a) VALUES (5);
-- A CHECK constraint and a default calling functions that take their own table's row type: loops
-- that only adding the constraint and the default after the table breaks.
CREATE TABLE app.self_checked (a int, b int);
CREATE FUNCTION app.row_ok(app.self_checked) RETURNS boolean LANGUAGE sql AS 'SELECT $1.a > 0';
CREATE FUNCTION app.row_default(app.self_checked) RETURNS int LANGUAGE sql AS 'SELECT 7';
ALTER TABLE app.self_checked ADD CONSTRAINT self_checked_ok CHECK (app.row_ok(self_checked));
ALTER TABLE app.self_checked ALTER COLUMN b SET DEFAULT app.row_default(NULL::app.self_checked);
INSERT INTO app.self_checked (a) VALUES (1);
-- A range type's collation; compression on a materialized view's column.
CREATE TYPE app.textrange_c AS RANGE (subtype = text, collation = "C");
CREATE MATERIALIZED VIEW app.compressed_mv AS SELECT 'body'::text AS body;
ALTER MATERIALIZED VIEW app.compressed_mv ALTER COLUMN body SET COMPRESSION lz4;
-- A partitioned index attached to one partition only (invalid until all are), and a column the
-- parent gained after its child was made (inherited only: it stays so, after the child's own).
CREATE TABLE app.idx_parent (a int) PARTITION BY RANGE (a);
CREATE TABLE app.idx_p1 PARTITION OF app.idx_parent FOR VALUES FROM (0) TO (10);
CREATE TABLE app.idx_p2 PARTITION OF app.idx_parent FOR VALUES FROM (10) TO (20);
CREATE INDEX idx_parent_a ON ONLY app.idx_parent (a);
CREATE INDEX idx_p1_a ON app.idx_p1 (a);
ALTER INDEX app.idx_parent_a ATTACH PARTITION app.idx_p1_a;
CREATE TABLE app.inh_base (a int);
CREATE TABLE app.inh_kid (b int) INHERITS (app.inh_base);
ALTER TABLE app.inh_base ADD COLUMN c int DEFAULT 7;
INSERT INTO app.inh_kid VALUES (1, 2, 3);
-- A base type with its shell, support functions, operators, operator family (with a loose member) and class,
-- casts, a transform; a table and an index using them.
CREATE TYPE app.myint;
CREATE FUNCTION app.myint_in(cstring) RETURNS app.myint LANGUAGE internal IMMUTABLE STRICT AS 'int4in';
CREATE FUNCTION app.myint_out(app.myint) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'int4out';
CREATE TYPE app.myint (INPUT = app.myint_in, OUTPUT = app.myint_out, LIKE = int4, CATEGORY = 'N');
CREATE FUNCTION app.myint_eq(app.myint, app.myint) RETURNS boolean LANGUAGE internal IMMUTABLE STRICT AS 'int4eq';
CREATE FUNCTION app.myint_ne(app.myint, app.myint) RETURNS boolean LANGUAGE internal IMMUTABLE STRICT AS 'int4ne';
CREATE FUNCTION app.myint_hash(app.myint) RETURNS int LANGUAGE internal IMMUTABLE STRICT AS 'hashint4';
CREATE FUNCTION app.myint_hash_ext(app.myint, int8) RETURNS int8 LANGUAGE internal IMMUTABLE STRICT
    AS 'hashint4extended';
CREATE OPERATOR app.= (LEFTARG = app.myint, RIGHTARG = app.myint, FUNCTION = app.myint_eq,
    COMMUTATOR = OPERATOR(app.=), NEGATOR = OPERATOR(app.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);
CREATE OPERATOR app.<> (LEFTARG = app.myint, RIGHTARG = app.myint, FUNCTION = app.myint_ne);
CREATE OPERATOR app.!! (RIGHTARG = int8, FUNCTION = pg_catalog.int8um);
CREATE OPERATOR CLASS app.myint_hash_ops DEFAULT FOR TYPE app.myint USING hash AS
    OPERATOR 1 app.=, FUNCTION 1 app.myint_hash(app.myint);
ALTER OPERATOR FAMILY app.myint_hash_ops USING hash ADD FUNCTION 2 (app.myint, app.myint)
    app.myint_hash_ext(app.myint, int8);
COMMENT ON OPERATOR app.=(app.myint, app.myint) IS 'equal';
COMMENT ON OPERATOR CLASS app.myint_hash_ops USING hash IS 'hashing';
CREATE CAST (app.myint AS int4) WITHOUT FUNCTION AS IMPLICIT;
CREATE CAST (int4 AS app.myint) WITHOUT FUNCTION AS ASSIGNMENT;
CREATE TRANSFORM FOR app.myint LANGUAGE sql (FROM SQL WITH FUNCTION prsd_lextype(internal));
CREATE TABLE app.myints (v app.myint);
CREATE INDEX myints_v ON app.myints USING hash (v);
INSERT INTO app.myints VALUES ('41'), ('42');
-- Text search: parser, template, dictionary with options, configuration with mappings.
CREATE TEXT SEARCH PARSER app.my_parser (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
    LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
CREATE TEXT SEARCH TEMPLATE app.my_template (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY app.my_dict (TEMPLATE = app.my_template, STOPWORDS = english, ACCEPT = false);
CREATE TEXT SEARCH CONFIGURATION app.my_config (PARSER = app.my_parser);
ALTER TEXT SEARCH CONFIGURATION app.my_config ADD MAPPING FOR asciiword, word WITH app.my_dict, simple;
ALTER TEXT SEARCH CONFIGURATION app.my_config ADD MAPPING FOR int WITH simple;
CREATE TEXT SEARCH CONFIGURATION app.my_english (COPY = pg_catalog.english);
COMMENT ON TEXT SEARCH CONFIGURATION app.my_config IS 'mine';
-- A conversion, a language, access methods (a table using the table one), a typed table.
CREATE CONVERSION app.my_latin1 FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
CREATE TRUSTED LANGUAGE custodian_pl HANDLER plpgsql_call_handler VALIDATOR plpgsql_validator;
CREATE ACCESS METHOD custodian_heap TYPE TABLE HANDLER heap_tableam_handler;
CREATE ACCESS METHOD custodian_btree TYPE INDEX HANDLER bthandler;
CREATE TABLE app.other_heap (x int) USING custodian_heap;
INSERT INTO app.other_heap VALUES (1);
CREATE TYPE app.person_t AS (name text, age int);
CREATE TABLE app.people OF app.person_t (age WITH OPTIONS NOT NULL, CONSTRAINT age_ok CHECK (age >= 0));
ALTER TABLE app.people ALTER COLUMN name SET DEFAULT 'nobody';
INSERT INTO app.people (age) VALUES (30);
-- Foreign data: a wrapper, a server, a user mapping holding a password, a foreign table.
CREATE FOREIGN DATA WRAPPER custodian_fdw OPTIONS (debug 'true');
CREATE SERVER custodian_srv TYPE 'test' VERSION '1' FOREIGN DATA WRAPPER custodian_fdw OPTIONS (host 'nowhere');
CREATE USER MAPPING FOR PUBLIC SERVER custodian_srv OPTIONS (user 'app', password 'hunter2-user-mapping');
CREATE FOREIGN TABLE app.remote (id int OPTIONS (column_name 'ID') NOT NULL, note text)
    SERVER custodian_srv OPTIONS (table_name 'remote');
-- Extended statistics, publications, a subscription (created without connecting).
CREATE STATISTICS app.customer_stats (dependencies, ndistinct) ON name, mood FROM app.customer;
ALTER STATISTICS app.customer_stats SET STATISTICS 500;
CREATE PUBLICATION custodian_pub FOR TABLE app.customer (id, name) WHERE (id > 10), app.orders
    WITH (publish = 'insert, update');
CREATE PUBLICATION custodian_pub_schema FOR TABLES IN SCHEMA "Odd Schema";
CREATE PUBLICATION custodian_pub_all FOR ALL TABLES WITH (publish_via_partition_root = true);
CREATE SUBSCRIPTION custodian_sub CONNECTION 'host=127.0.0.1 dbname=nowhere password=hunter2-subscription'
    PUBLICATION custodian_pub WITH (connect = false, slot_name = NONE, binary = true);
-- Large objects (one larger than a chunk), referenced by a table as JPA's @Lob does.
SELECT lo_from_bytea(4242001, decode(repeat('0123456789abcdef', 20000), 'hex'));
SELECT lo_from_bytea(4242002, ''::bytea);
COMMENT ON LARGE OBJECT 4242001 IS 'a document';
SELECT lo_from_bytea(4321, 'an oid below the first user oid'::bytea);
COMMENT ON LARGE OBJECT 4321 IS 'low';
CREATE TABLE app.document (id int PRIMARY KEY, body oid);
INSERT INTO app.document VALUES (1, 4242001), (2, 4242002);

-- Owners and privileges (the roles are the test's own, given as psql variables).
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO PUBLIC;
ALTER SCHEMA "Odd Schema" OWNER TO :"owner";
ALTER TABLE app.tags OWNER TO :"owner";
ALTER TABLE app.cache OWNER TO pg_database_owner;
ALTER FUNCTION app.touch() OWNER TO :"owner";
ALTER TYPE app.compo OWNER TO :"owner";
ALTER SEQUENCE app.unused_seq OWNER TO :"owner";
ALTER LARGE OBJECT 4242002 OWNER TO :"owner";
GRANT USAGE ON SCHEMA app TO :"reader", :"owner";
GRANT SELECT, INSERT ON app.customer TO :"reader";
GRANT SELECT (total), UPDATE (total) ON app.orders TO :"reader" WITH GRANT OPTION;
GRANT SELECT (customer_id) ON app.orders TO PUBLIC;
REVOKE EXECUTE ON FUNCTION app.add_one(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.add_one(integer) TO :"reader";
GRANT USAGE ON SEQUENCE app.ticket_seq TO :"reader";
GRANT SELECT ON SEQUENCE app.renamed_ident_seq TO :"reader";
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON TYPE app.mood TO :"reader";
GRANT SELECT, UPDATE ON LARGE OBJECT 4242001 TO :"reader";
GRANT USAGE ON FOREIGN SERVER custodian_srv TO :"reader";
GRANT USAGE ON LANGUAGE custodian_pl TO :"reader";
REVOKE INSERT, DELETE ON app.tags FROM :"owner";
SET ROLE :"owner";
GRANT SELECT ON app.tags TO :"reader" WITH GRANT OPTION;
SET ROLE :"reader";
GRANT SELECT ON app.tags TO PUBLIC;
RESET ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA app GRANT SELECT ON TABLES TO :"reader";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT SELECT ON pg_catalog.pg_statistic TO :"reader";
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_sleep(double precision) FROM PUBLIC;

-- An event trigger, last (disabled, as it would fire on everything after it).
CREATE FUNCTION app.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER custodian_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE')
    EXECUTE FUNCTION app.on_ddl();
ALTER EVENT TRIGGER custodian_ddl DISABLE;
COMMENT ON EVENT TRIGGER custodian_ddl IS 'watches';
