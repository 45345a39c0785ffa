-- A web shop on a blog engine, written for these tests: users, posts with full-text search,
-- key/value post metadata, terms linked to posts, threaded comments, stores with locations,
-- orders with JSON details. Run with the mariadb client into an empty database; the data is
-- generated, the same on every run.
SET NAMES utf8mb4;

CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(60) NOT NULL,
  email VARCHAR(100) NOT NULL,
  display_name VARCHAR(250) NOT NULL DEFAULT '',
  registered DATETIME NOT NULL DEFAULT '2000-01-01 00:00:00',
  role ENUM('subscriber', 'author', 'editor', 'administrator') NOT NULL DEFAULT 'subscriber',
  capabilities SET('read', 'write', 'publish', 'moderate', 'manage') NOT NULL DEFAULT 'read',
  password_hash VARCHAR(255) INVISIBLE NOT NULL DEFAULT '',
  UNIQUE KEY login (login),
  KEY email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_unicode_520_ci;

CREATE TABLE posts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author BIGINT UNSIGNED NOT NULL,
  posted DATETIME NOT NULL,
  title TEXT NOT NULL,
  content LONGTEXT NOT NULL,
  status ENUM('publish', 'draft', 'private', 'trash') NOT NULL DEFAULT 'draft',
  kind VARCHAR(20) NOT NULL DEFAULT 'post',
  slug VARCHAR(200) NOT NULL,
  modified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY by_kind_status (kind, status, posted, id),
  KEY slug (slug(191)),
  FULLTEXT KEY search (title, content),
  CONSTRAINT posts_author FOREIGN KEY (author) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_unicode_520_ci;

CREATE TABLE postmeta (
  meta_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  meta_key VARCHAR(255) DEFAULT NULL,
  meta_value LONGTEXT,
  KEY post_id (post_id),
  KEY meta_key (meta_key(191)),
  CONSTRAINT postmeta_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_unicode_520_ci;

CREATE TABLE terms (
  term_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  slug VARCHAR(200) NOT NULL,
  taxonomy ENUM('category', 'tag', 'product_cat') NOT NULL,
  UNIQUE KEY slug_taxonomy (slug(150), taxonomy)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- the many-to-many between posts and terms
CREATE TABLE term_relationships (
  post_id BIGINT UNSIGNED NOT NULL,
  term_id BIGINT UNSIGNED NOT NULL,
  term_order INT NOT NULL DEFAULT 0,
  PRIMARY KEY (post_id, term_id),
  KEY term_id (term_id),
  CONSTRAINT rel_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT rel_term FOREIGN KEY (term_id) REFERENCES terms (term_id) ON DELETE CASCADE
) ENGINE = InnoDB;

-- threaded comments: a reply points at its parent
CREATE TABLE comments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id BIGINT UNSIGNED NOT NULL,
  parent_id BIGINT UNSIGNED NULL,
  author_name TINYTEXT NOT NULL,
  author_ip VARBINARY(16) NULL,
  body TEXT NOT NULL,
  approved ENUM('0', '1', 'spam') NOT NULL DEFAULT '1',
  KEY post_id (post_id),
  KEY parent_id (parent_id),
  CONSTRAINT comments_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT comments_parent FOREIGN KEY (parent_id) REFERENCES comments (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- options per scope: a multi-column primary key of strings
CREATE TABLE options (
  scope VARCHAR(64) NOT NULL,
  option_name VARCHAR(191) NOT NULL,
  option_value LONGTEXT NOT NULL,
  autoload ENUM('yes', 'no') NOT NULL DEFAULT 'yes',
  PRIMARY KEY (scope, option_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE stores (
  id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  location POINT NOT NULL,
  opened DATE NULL,
  SPATIAL INDEX location (location)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE SEQUENCE order_numbers START WITH 100000 INCREMENT BY 1 CACHE 50;

CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL DEFAULT NEXTVAL(order_numbers) PRIMARY KEY,
  customer BIGINT UNSIGNED NOT NULL,
  store SMALLINT UNSIGNED NULL,
  placed DATETIME(3) NOT NULL,
  details JSON NOT NULL,
  total DECIMAL(12,2) AS (JSON_VALUE(details, '$.total')) STORED,
  currency CHAR(3) AS (JSON_UNQUOTE(JSON_EXTRACT(details, '$.currency'))) VIRTUAL,
  status ENUM('pending', 'paid', 'shipped', 'refunded', 'cancelled') NOT NULL DEFAULT 'pending',
  KEY customer (customer),
  KEY total (total),
  CONSTRAINT orders_customer FOREIGN KEY (customer) REFERENCES users (id),
  CONSTRAINT orders_store FOREIGN KEY (store) REFERENCES stores (id) ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO users (login, email, display_name, registered, role, capabilities, password_hash)
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x FROM d a, d b, d c)
SELECT CONCAT('user', i), CONCAT('user', i, '@shop.example'),
       CONCAT(ELT(1 + i % 6, 'Ana', 'Bjørn', 'Chloé', 'Dmitri', 'Eun-ji', 'Fatima'), ' ', i, IF(i = 7, ' 🛒', '')),
       '2015-03-01 08:00:00' + INTERVAL i * 3671 MINUTE,
       ELT(1 + LEAST(i % 40, 3), 'subscriber', 'author', 'editor', 'administrator'),
       ELT(1 + i % 4, 'read', 'read,write', 'read,write,publish', 'read,write,publish,moderate,manage'),
       SHA2(CONCAT('pw', i), 256)
FROM n ORDER BY i;

-- 3000 posts with long bodies, some pages, some drafts
INSERT INTO posts (author, posted, title, content, status, kind, slug, modified)
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x FROM d a, d b, d c, d e)
SELECT 1 + (i * 7) % 1000, '2016-01-01 00:00:00' + INTERVAL i * 173 MINUTE,
       CONCAT(ELT(1 + i % 5, 'How to', 'Why', 'Ten ways to', 'Review:', 'Notes on'), ' ',
              ELT(1 + i % 7, 'brew coffee', 'fix a bike', 'bake bread', 'grow tomatoes', 'choose boots', 'pack light',
                  'read more'), ' #', i),
       CONCAT('<p>', REPEAT(CONCAT('Paragraph about item ', i, ' with "quotes", it''s fine; \\ back slash. '), 1 + i % 40),
              '</p>', IF(i % 50 = 0, CONCAT(CHAR(10), 'Ünïcödé ∑ 中文 😀', CHAR(13), CHAR(9)), '')),
       ELT(1 + i % 9, 'publish', 'publish', 'publish', 'publish', 'publish', 'draft', 'private', 'publish', 'trash'),
       IF(i % 10 = 0, 'page', IF(i % 10 = 1, 'product', 'post')),
       CONCAT('post-', i), '2024-01-01 00:00:00' + INTERVAL i MINUTE
FROM n WHERE i <= 3000 ORDER BY i;

INSERT INTO postmeta (post_id, meta_key, meta_value)
WITH RECURSIVE k (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3)
SELECT p.id, ELT(1 + j, '_edit_lock', '_thumbnail_id', '_price', '_product_attributes'),
       CASE j
         WHEN 0 THEN CONCAT(1500000000 + p.id * 61, ':', p.author)
         WHEN 1 THEN IF(p.id % 3 = 0, NULL, CAST(p.id * 2 AS CHAR))
         WHEN 2 THEN CAST(ROUND(p.id * 1.37 % 500, 2) AS CHAR)
         ELSE CONCAT('a:1:{s:5:"color";s:', LENGTH(ELT(1 + p.id % 3, 'red', 'green', 'blue')), ':"',
                     ELT(1 + p.id % 3, 'red', 'green', 'blue'), '";}')
       END
FROM posts p JOIN k ON j < 2 OR p.kind = 'product';

INSERT INTO terms (name, slug, taxonomy)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
SELECT CONCAT(ELT(1 + i % 3, 'Category ', 'Tag ', 'Product type '), i), CONCAT('term-', i),
       ELT(1 + i % 3, 'category', 'tag', 'product_cat')
FROM n;

INSERT INTO term_relationships
WITH RECURSIVE k (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 2)
SELECT p.id, 1 + (p.id * 13 + j * 17) % 60, j FROM posts p CROSS JOIN k;

-- 6000 comments; every fifth answers the comment just before it
INSERT INTO comments (post_id, parent_id, author_name, author_ip, body, approved)
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x FROM d a, d b, d c, d e)
SELECT 1 + (i * 11) % 3000, IF(i % 5 = 0, i - 1, NULL), CONCAT('Reader ', i % 300),
       IF(i % 4 = 0, NULL, INET6_ATON(CONCAT('10.', i % 256, '.', (i DIV 256) % 256, '.7'))),
       CONCAT('Comment ', i, IF(i % 13 = 0, ' — great post!', ' ok')),
       ELT(1 + LEAST(i % 20, 2), '1', '0', 'spam')
FROM n WHERE i <= 6000 ORDER BY i;

-- a few replies point at a later comment, and the newest comments are gone
UPDATE comments SET parent_id = id + 3 WHERE id % 97 = 0 AND id < 5900;
DELETE FROM comments WHERE id > 5990;

INSERT INTO options VALUES
 ('site', 'blogname', 'The Shop ''n'' Blog', 'yes'),
 ('site', 'siteurl', 'https://shop.example', 'yes'),
 ('site', 'active_plugins', 'a:2:{i:0;s:9:"shop/shop";i:1;s:9:"seo/seo";}', 'yes'),
 ('shop', 'currency', 'EUR', 'yes'),
 ('shop', 'tax_rate', '0.21', 'no'),
 ('shop', 'terms page', '<h1>Terms</h1>\n\t«tabs» and ‘quotes’', 'no'),
 ('theme:dark', 'colors', '{"bg": "#000", "fg": "#eee"}', 'no');

INSERT INTO stores (name, location, opened)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
SELECT CONCAT('Store ', i, IF(i = 3, ' Zürich', '')), POINT(-10 + (i * 7.25) % 40, 35 + (i * 3.5) % 25),
       IF(i % 6 = 0, NULL, '2010-05-01' + INTERVAL i * 45 DAY)
FROM n;

-- 8000 orders numbered by the sequence
INSERT INTO orders (id, customer, store, placed, details, status)
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x FROM d a, d b, d c, d e)
SELECT NEXTVAL(order_numbers), 1 + (i * 37) % 1000, IF(i % 9 = 0, NULL, 1 + i % 40),
       '2023-01-01 00:00:00.000' + INTERVAL i * 3932223 * 1000 MICROSECOND,
       JSON_OBJECT('total', ROUND(5 + (i * 7.31) % 900, 2), 'currency', ELT(1 + i % 3, 'EUR', 'USD', 'SEK'),
                   'items', JSON_ARRAY(JSON_OBJECT('sku', CONCAT('SKU-', i % 97), 'qty', 1 + i % 4)),
                   'note', IF(i % 17 = 0, 'gift wrap "please" 🎁', NULL)),
       ELT(1 + i % 5, 'pending', 'paid', 'shipped', 'refunded', 'cancelled')
FROM n WHERE i <= 8000 ORDER BY i;

-- page views by year, partitioned by range
CREATE TABLE page_views (
  viewed DATE NOT NULL,
  post_id BIGINT UNSIGNED NOT NULL,
  views INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (viewed, post_id)
) ENGINE = InnoDB
PARTITION BY RANGE (YEAR(viewed)) (
  PARTITION p2022 VALUES LESS THAN (2023),
  PARTITION p2023 VALUES LESS THAN (2024),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

INSERT INTO page_views
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x FROM d a, d b, d c, d e)
SELECT '2022-06-01' + INTERVAL i % 900 DAY, 1 + (i * 7) % 3000, (i * 31) % 1000 FROM n WHERE i <= 5000;

CREATE VIEW published_posts AS
  SELECT id, author, posted, title, slug FROM posts WHERE status = 'publish' AND kind = 'post';

CREATE VIEW paid_orders AS
  SELECT o.id, o.customer, o.total, o.currency, s.name AS store_name
  FROM orders o LEFT JOIN stores s ON s.id = o.store WHERE o.status IN ('paid', 'shipped');

DELIMITER //
CREATE FUNCTION post_comment_count(p BIGINT UNSIGNED) RETURNS INT READS SQL DATA
BEGIN
  RETURN (SELECT COUNT(*) FROM comments WHERE post_id = p AND approved = '1');
END//

CREATE TRIGGER posts_slug BEFORE INSERT ON posts FOR EACH ROW
  SET NEW.slug = IF(NEW.slug = '', LOWER(REPLACE(LEFT(NEW.title, 60), ' ', '-')), NEW.slug)//

-- two triggers on one event: the second is created first in action order
CREATE TRIGGER orders_default_status BEFORE INSERT ON orders FOR EACH ROW
  SET NEW.status = IFNULL(NEW.status, 'pending')//
CREATE TRIGGER orders_number BEFORE INSERT ON orders FOR EACH ROW PRECEDES orders_default_status
BEGIN
  IF NEW.id IS NULL OR NEW.id = 0 THEN
    SET NEW.id = NEXTVAL(order_numbers);
  END IF;
END//
DELIMITER ;

CREATE TABLE legacy_links (
  link_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  url VARCHAR(255) NOT NULL DEFAULT '',
  name VARCHAR(255) NOT NULL DEFAULT '',
  token CHAR(36) NOT NULL DEFAULT (UUID()),
  rating INT NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 10),
  FULLTEXT KEY name_search (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
INSERT INTO legacy_links (url, name, token, rating)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
SELECT CONCAT('https://example.test/', i, '?a=1&b=%20'), CONCAT('Link ', i), CONCAT('00000000-0000-0000-0000-', LPAD(i, 12, '0')), i % 11
FROM n;

-- left from an old install: MyISAM, utf8mb3, zero dates as the default
CREATE TABLE usermeta (
  umeta_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  user_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  meta_key VARCHAR(255) DEFAULT NULL,
  meta_value LONGTEXT,
  updated DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (umeta_id),
  KEY user_id (user_id),
  KEY meta_key (meta_key(191))
) ENGINE = MyISAM DEFAULT CHARSET = utf8mb3 COLLATE utf8mb3_unicode_ci;
INSERT INTO usermeta (user_id, meta_key, meta_value, updated)
SELECT id, 'nickname', CONCAT('nick_', id, IF(id % 9 = 0, ' Ærøskøbing', '')),
       IF(id % 4 = 0, '0000-00-00 00:00:00', registered) FROM users;
INSERT INTO usermeta (user_id, meta_key, meta_value)
SELECT id, 'session_tokens', CONCAT('a:1:{s:64:"', SHA2(id, 256), '";a:0:{}}') FROM users WHERE id % 3 = 0;

-- signed-in sessions: MariaDB's own UUID and INET6 types
CREATE TABLE sessions (
  id UUID NOT NULL PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  ip INET6 NULL,
  started DATETIME(6) NOT NULL,
  idle TIME(3) NOT NULL DEFAULT '00:00:00.000',
  KEY user_id (user_id),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB;
INSERT INTO sessions
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x FROM d a, d b, d c)
SELECT CONCAT(LPAD(HEX(i), 8, '0'), '-0000-4000-8000-', LPAD(HEX(i * 7919), 12, '0')), 1 + (i * 3) % 1000,
       CASE i % 3 WHEN 0 THEN CONCAT('::ffff:192.0.2.', i % 256) WHEN 1 THEN CONCAT('2001:db8::', HEX(i)) ELSE NULL END,
       '2024-05-01 10:00:00.000001' + INTERVAL i * 7 SECOND, SEC_TO_TIME(i * 1.5)
FROM n;

CREATE VIEW cheap_orders (order_id, amount) AS
  SELECT id, total FROM orders WHERE total < 50 WITH CASCADED CHECK OPTION;
