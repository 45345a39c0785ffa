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
