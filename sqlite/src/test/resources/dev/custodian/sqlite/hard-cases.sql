-- Objects and values that break naive SQLite dumps and copies.
PRAGMA user_version = 4242;
PRAGMA application_id = 1684234849;
PRAGMA foreign_keys = ON;

CREATE TABLE customer (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  nickname TEXT,
  balance REAL
);
CREATE TABLE purchase (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
  amount_cents INTEGER NOT NULL,
  tax_cents INTEGER GENERATED ALWAYS AS (amount_cents * 20 / 100) VIRTUAL,
  total_cents INTEGER GENERATED ALWAYS AS (amount_cents + amount_cents * 20 / 100) STORED,
  note TEXT
);
CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
CREATE TABLE pair (a INTEGER, b TEXT, c REAL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE VIRTUAL TABLE doc USING fts5(title, body);
CREATE TABLE blobs (id INTEGER PRIMARY KEY, label TEXT, data BLOB);
CREATE TABLE "a""; DROP TABLE b; --" ("select" TEXT, "from" INTEGER, "weird col ""q""" TEXT);
CREATE TABLE "ünïcødé 表" ("naïve column" TEXT, "emoji 😀" TEXT);
CREATE TABLE "order" ("group" INTEGER, "where" TEXT, "table" TEXT);
CREATE TABLE "with space" (id INTEGER PRIMARY KEY, "val ue" TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT, at TEXT);
CREATE TABLE reals (id INTEGER PRIMARY KEY, r REAL);
CREATE TABLE b (id INTEGER PRIMARY KEY, survivor TEXT);

CREATE INDEX purchase_big ON purchase(amount_cents) WHERE amount_cents > 1000;
CREATE INDEX customer_lower_name ON customer(lower(name));
CREATE UNIQUE INDEX "odd idx ""x""" ON "a""; DROP TABLE b; --"("from");

CREATE VIEW customer_totals AS
  SELECT c.id, c.name, sum(p.total_cents) AS spent FROM customer c LEFT JOIN purchase p ON p.customer_id = c.id GROUP BY c.id;
CREATE VIEW big_spenders AS SELECT * FROM customer_totals WHERE spent > 5000;

CREATE TRIGGER purchase_audit AFTER INSERT ON purchase BEGIN
  INSERT INTO audit (what, at) VALUES ('purchase ' || NEW.id, '2024-01-01');
END;
CREATE TRIGGER "odd trigger" AFTER UPDATE ON "a""; DROP TABLE b; --" BEGIN
  INSERT INTO audit (what, at) VALUES ('odd ' || NEW."from", '2024-01-02');
END;

INSERT INTO customer VALUES (1, 'Ada', NULL, 10.5), (2, 'Bob', '', -0.0), (3, 'Zoë', 'zo', 1e308),
  (4, 'Ünal', 'ü', -1.5e-300), (5, 'Null Nick', NULL, NULL);
INSERT INTO purchase (customer_id, amount_cents, note) VALUES
  (1, 500, 'first'), (1, 2500, NULL), (2, 9999, ''), (3, 1, 'tiny'), (4, 123456, 'big'),
  (5, 42, 'to be deleted'), (5, 43, 'to be deleted too');
-- The AUTOINCREMENT counter stays ahead of max(id) after the last rows go.
DELETE FROM purchase WHERE customer_id = 5;

INSERT INTO kv VALUES ('empty', x''), ('zeros', x'000000'), ('mixed', x'00ff00ff7f80'), ('null', NULL), ('text', 'a text value');
INSERT INTO pair VALUES (1, 'one', 1.0), (1, 'uno', 1.5), (2, '', NULL);
INSERT INTO doc (title, body) VALUES ('SQLite', 'a small fast reliable database engine'),
  ('Backups', 'online backups with the backup API and VACUUM INTO'), ('Ünïcode', 'naïve façade coöperate 日本語');
INSERT INTO blobs (id, label, data) VALUES (1, 'empty', x''), (2, 'null', NULL), (3, 'zero bytes', zeroblob(1024)),
  (4, 'binary', x'DEADBEEF0000CAFE');
INSERT INTO "a""; DROP TABLE b; --" VALUES ('x', 1, 'quote '' and "double"'), (NULL, 2, ''), ('', 3, NULL);
UPDATE "a""; DROP TABLE b; --" SET "select" = 'y' WHERE "from" = 1;
INSERT INTO "ünïcødé 表" VALUES ('ça va', '🎉'), ('', NULL), (NULL, '');
INSERT INTO "order" VALUES (1, 'here', 'desk'), (NULL, NULL, NULL);
INSERT INTO "with space" VALUES (1, 'line1
line2'), (2, 'tab	tab'), (3, 'nul' || char(0) || 'after');
INSERT INTO reals VALUES (1, 0.1), (2, 1.7976931348623157e308), (3, -4.9e-324), (4, 2.2250738585072014e-308),
  (5, -0.0), (6, 123456789012345678), (7, 3.141592653589793), (8, 1e-10);
INSERT INTO b VALUES (1, 'still here');
