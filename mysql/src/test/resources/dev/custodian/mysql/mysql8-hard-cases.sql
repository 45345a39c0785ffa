-- Hard cases of MySQL 8 for mysql-logical: run with MySQL's mysql client into an empty database.
SET NAMES utf8mb4;
SET time_zone = '+00:00';

CREATE TABLE numbers (
  id INT PRIMARY KEY,
  ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
  d DECIMAL(65,30), d2 DECIMAL(10,2), f FLOAT, db DOUBLE, b1 BIT(1), b64 BIT(64), b5 BIT(5), bo BOOLEAN
);
INSERT INTO numbers VALUES
 (1, -128, 255, -32768, -8388608, 4294967295, -9223372036854775808, 18446744073709551615,
  99999999999999999999999999999999999.999999999999999999999999999999, -99999999.99, 3.40282e38, 1.7976931348623157e308,
  b'1', b'1111111111111111111111111111111111111111111111111111111111111111', b'10101', TRUE),
 (2, 127, 0, 32767, 8388607, 0, 9223372036854775807, 0,
  -0.000000000000000000000000000001, 0.01, -1.17549e-38, 2.2250738585072014e-308, b'0', b'0', b'0', FALSE),
 (3, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1.0000001, 0.30000000000000004, NULL,
  b'1000000000000000000000000000000000000000000000000000000000000001', NULL, NULL),
 (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, -1, 2, -3, 4, 5, -6, 7, 123.456, -0.5, -0.0, -1e-300, b'1', b'101', b'11111', 2);

CREATE TABLE times (
  id INT PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, t TIME(3), y YEAR, dt0 DATETIME,
  created DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6)
);
INSERT INTO times VALUES
 (1, '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', '-838:59:59.000', 1901,
  '1000-01-01 00:00:00', '2020-01-01 00:00:00.000001'),
 (2, '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59.000', 2155,
  '9999-12-31 23:59:59', '2020-01-01 00:00:00'),
 (4, '2024-02-29', '2024-02-29 12:34:56.123456', '2024-03-31 01:30:00.5+02:00', '-12:00:00.250', 2024, NULL,
  '2024-02-29 12:34:56.5'),
 (5, NULL, NULL, NULL, NULL, NULL, NULL, '2000-01-01');
-- zero dates need a session without NO_ZERO_DATE (the server's default refuses them)
SET SESSION sql_mode = '';
INSERT INTO times VALUES (3, '0000-00-00', '0000-00-00 00:00:00.000000', NULL, '-00:00:00.001', 0,
  '0000-00-00 00:00:00', '2000-01-01');
SET SESSION sql_mode = DEFAULT;

CREATE TABLE texts (
  id INT PRIMARY KEY, c CHAR(10), v VARCHAR(200), t TEXT, lt LONGTEXT, l1 VARCHAR(50) CHARACTER SET latin1,
  l1t TEXT CHARACTER SET latin1 COLLATE latin1_german2_ci, cs VARCHAR(20) COLLATE utf8mb4_bin,
  e ENUM('a', 'b', 'c d', ''), s SET('x', 'y', 'z'), b BINARY(4), vb VARBINARY(50), bl BLOB
) DEFAULT CHARSET = utf8mb4;
INSERT INTO texts VALUES
 (1, 'ab', '😀 ünïcödé 中文 ∑', 'it''s "quoted" \\ back\\slash', CONCAT('line1', CHAR(10), 'line2', CHAR(13), CHAR(9), 'tab'),
  'café ÿ ß', 'Straße Ärger', 'Case', 'c d', 'x,z', 0x00FF0001, 0x00, 0x000102FFFE00),
 (2, '', '', '', '', '', '', '', '', '', 0x00000000, '', ''),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 'z', CONCAT('nul', CHAR(0), 'byte', CHAR(26), 'ctrlz'), REPEAT('long text ', 2000), '%_ LIKE chars', 'Ä',
  CONCAT('\\N', CHAR(9), '\\t'), 'case', 'a', 'x,y,z', 0x41424344, 0x7F80, 0x5C27225C);

-- MySQL's binary JSON, with a multi-valued index and a functional index on a path
CREATE TABLE docs_json (
  id INT PRIMARY KEY, j JSON, tags JSON DEFAULT (JSON_ARRAY()),
  KEY tag_values ((CAST(tags AS UNSIGNED ARRAY))),
  KEY j_kind ((CAST(j->>'$.kind' AS CHAR(20)) COLLATE utf8mb4_bin))
);
INSERT INTO docs_json VALUES
 (1, '{"a": [1, 2.5, "x\\"y"], "b": null, "😀": true, "kind": "first", "nested": {"z": {}, "y": []}}', '[1, 2, 3]'),
 (2, '[]', '[]'),
 (3, NULL, DEFAULT),
 (4, '"just a string"', '[18446744073709551615]'),
 (5, '{"big": 18446744073709551615, "neg": -9223372036854775808, "dbl": 1.7976931348623157e308, "tiny": 1e-300,
   "tab": "a\\tb\\nc\\\\d", "kind": "último"}', '[7]'),
 (6, 'null', '[]'),
 (7, '0.1', '[]');

CREATE TABLE blobs (id INT PRIMARY KEY, data LONGBLOB, note VARCHAR(20));
INSERT INTO blobs VALUES (1, REPEAT(CONCAT(UNHEX(SHA2('custodian', 512)), 0x00), 50000), 'several MB'),
 (2, '', 'empty'), (3, NULL, 'null');

-- generated columns (virtual and stored), an invisible column, a functional index, CHECK constraints
CREATE TABLE gen (
  id INT PRIMARY KEY, a INT, name VARCHAR(30),
  b INT AS (a * 2) VIRTUAL, c VARCHAR(20) AS (CONCAT('x', a)) STORED,
  h INT INVISIBLE DEFAULT 7,
  KEY lower_name ((LOWER(name))), KEY b_desc (b DESC),
  CONSTRAINT a_small CHECK (a < 1000),
  CONSTRAINT name_not_blank CHECK (name <> '') NOT ENFORCED,
  CHECK (h >= 0)
);
INSERT INTO gen (id, a, name, h) VALUES (1, 5, 'Ann', 9), (2, NULL, NULL, 3);

-- spatial values with SRIDs: a column restricted to one SRID with a spatial index, and one of any
CREATE TABLE geo (
  id INT PRIMARY KEY, p POINT NOT NULL SRID 0, g GEOMETRY, w GEOMETRY SRID 4326,
  SPATIAL INDEX (p)
);
INSERT INTO geo VALUES
 (1, ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 4326),
  ST_GeomFromText('POINT(45.5 -73.5)', 4326)),
 (2, ST_GeomFromText('POINT(-1.5 1e-7)'), ST_GeomFromText('LINESTRING(0 0, 1 1)', 3857), NULL),
 (3, ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 2 2))'),
  ST_GeomFromText('MULTIPOINT((10 20), (30 40))', 4326));

CREATE TABLE `we``ird "name"; DROP` (`sel``ect` INT PRIMARY KEY, `from` VARCHAR(10), `a b` INT, `ü` INT);
INSERT INTO `we``ird "name"; DROP` VALUES (1, 'where', 2, 3);
CREATE TABLE `order` (`group` INT PRIMARY KEY, `key` VARCHAR(5), `rank` INT, `window` INT, `lateral` INT, `system` INT);
INSERT INTO `order` VALUES (1, 'k', 2, 3, 4, 5);

CREATE TABLE dept (id INT PRIMARY KEY, name VARCHAR(30), boss INT NULL, KEY (boss));
CREATE TABLE emp (
  id INT PRIMARY KEY, dept INT NOT NULL, manager INT NULL, name VARCHAR(30),
  CONSTRAINT emp_dept FOREIGN KEY (dept) REFERENCES dept (id) ON DELETE CASCADE,
  CONSTRAINT emp_manager FOREIGN KEY (manager) REFERENCES emp (id)
);
ALTER TABLE dept ADD CONSTRAINT dept_boss FOREIGN KEY (boss) REFERENCES emp (id);
INSERT INTO dept VALUES (1, 'ops', NULL), (2, 'dev', NULL);
INSERT INTO emp VALUES (1, 1, NULL, 'ann'), (2, 1, 1, 'bob'), (3, 2, 1, 'cy');
UPDATE dept SET boss = 1 WHERE id = 1;

-- deleted rows leave a gap: the counter (6) must be kept
CREATE TABLE gaps (id INT AUTO_INCREMENT PRIMARY KEY, v INT);
INSERT INTO gaps (v) VALUES (1), (2), (3), (4), (5);
DELETE FROM gaps WHERE id >= 4;

CREATE TABLE docs (
  id INT PRIMARY KEY, body TEXT, cjk TEXT,
  FULLTEXT KEY ft_body (body), FULLTEXT KEY ft_cjk (cjk) WITH PARSER ngram
) ENGINE = InnoDB;
INSERT INTO docs VALUES (1, 'the quick brown fox', '数据库备份'), (2, 'lazy dogs sleep', NULL);

CREATE TABLE parts (id INT NOT NULL, made DATE NOT NULL, v VARCHAR(10), PRIMARY KEY (id, made))
  PARTITION BY RANGE (YEAR(made)) (PARTITION p2020 VALUES LESS THAN (2021), PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO parts VALUES (1, '2020-05-05', 'old'), (2, '2024-01-01', 'new');

CREATE TABLE nopk (a INT, b VARCHAR(10));
INSERT INTO nopk VALUES (1, 'dup'), (1, 'dup'), (NULL, NULL);

CREATE TABLE legacy (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE = MyISAM;
INSERT INTO legacy VALUES (1, 'old');

CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100));

CREATE VIEW z_base_view AS SELECT e.id, e.name, d.name AS dept FROM emp e JOIN dept d ON d.id = e.dept;
CREATE VIEW a_view_on_view AS SELECT dept, COUNT(*) AS n FROM z_base_view GROUP BY dept;
CREATE SQL SECURITY INVOKER VIEW m_view_on_views AS
  SELECT a.dept, a.n, z.name FROM a_view_on_view a JOIN z_base_view z ON z.dept = a.dept;
CREATE VIEW checked_gaps AS SELECT id, v FROM gaps WHERE v > 0 WITH CASCADED CHECK OPTION;

DELIMITER ;;
CREATE TRIGGER emp_audit AFTER INSERT ON emp FOR EACH ROW
BEGIN
  INSERT INTO audit (what) VALUES (CONCAT('emp ', NEW.id, '; "quoted" ;; semicolons'));
END;;
CREATE TRIGGER emp_name BEFORE INSERT ON emp FOR EACH ROW SET NEW.name = LOWER(NEW.name);;
CREATE TRIGGER emp_name_second BEFORE INSERT ON emp FOR EACH ROW FOLLOWS emp_name SET NEW.name = TRIM(NEW.name);;
CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC
BEGIN
  -- a comment; with a semicolon
  RETURN x + 1;
END;;
CREATE FUNCTION greet(who VARCHAR(20) CHARACTER SET latin1) RETURNS VARCHAR(40) CHARSET utf8mb4 NO SQL
  COMMENT 'it''s a greeting'
  RETURN CONCAT('hello ', who);;
DELIMITER ;
SET SESSION sql_mode = 'ANSI_QUOTES,NO_ZERO_DATE';
DELIMITER //
CREATE PROCEDURE count_emps(OUT n INT)
BEGIN
  SELECT COUNT(*) INTO n FROM "emp";
END//
DELIMITER ;
SET SESSION sql_mode = DEFAULT;
CREATE VIEW uses_function AS SELECT add_one(id) AS next_id FROM gaps;
CREATE EVENT ev_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE
  COMMENT 'disabled' DO DELETE FROM audit WHERE id < 0;
CREATE EVENT ev_later ON SCHEDULE AT '2099-06-01 12:00:00' ON COMPLETION PRESERVE ENABLE DO DELETE FROM audit WHERE id < 0;

INSERT INTO emp VALUES (4, 2, 3, ' DEE ');
