-- A small store: customers, products, invoices and lines, a few thousand rows.
PRAGMA foreign_keys = ON;
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, title TEXT NOT NULL, price_cents INTEGER NOT NULL CHECK (price_cents >= 0));
CREATE TABLE invoices (id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL REFERENCES customers(id),
  issued_at TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'void')));
CREATE TABLE invoice_lines (invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL, product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL,
  unit_cents INTEGER NOT NULL, PRIMARY KEY (invoice_id, line_no)) WITHOUT ROWID;
CREATE INDEX invoices_customer ON invoices(customer_id, issued_at);
CREATE INDEX lines_product ON invoice_lines(product_id);
CREATE VIEW invoice_totals AS SELECT i.id, i.customer_id, sum(l.quantity * l.unit_cents) AS total_cents
  FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id GROUP BY i.id;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO customers SELECT i, 'customer' || i || '@example.com', 'Customer ' || i,
  date('2023-01-01', '+' || (i % 365) || ' days') FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO products SELECT i, printf('SKU-%05d', i), 'Product ' || i, (i * 137) % 10000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO invoices (id, customer_id, issued_at, status) SELECT i, 1 + (i * 7) % 500,
  date('2024-01-01', '+' || (i % 300) || ' days'), CASE i % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'paid' ELSE 'void' END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
INSERT INTO invoice_lines SELECT 1 + (i - 1) / 3, 1 + (i - 1) % 3, 1 + (i * 13) % 200, 1 + i % 5, (i * 31) % 5000 FROM n;
