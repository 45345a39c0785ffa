-- Hard cases for mysql-logical: run with the mariadb client into an empty database.
SET NAMES utf8mb4;

CREATE TABLE numbers (
  id INT PRIMARY KEY,
  ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
  d DECIMAL(65,30), d2 DECIMAL(10,2), f FLOAT, db DOUBLE, b1 BIT(1), b64 BIT(64), b5 BIT(5)
);
INSERT INTO numbers VALUES
 (1, -128, 255, -32768, -8388608, 4294967295, -9223372036854775808, 18446744073709551615,
  99999999999999999999999999999999999.999999999999999999999999999999, -99999999.99, 3.40282e38, 1.7976931348623157e308,
  b'1', b'1111111111111111111111111111111111111111111111111111111111111111', b'10101'),
 (2, 127, 0, 32767, 8388607, 0, 9223372036854775807, 0,
  -0.000000000000000000000000000001, 0.01, -1.17549e-38, 2.2250738585072014e-308, b'0', b'0', b'0'),
 (3, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1.0000001, 0.30000000000000004, NULL, b'1000000000000000000000000000000000000000000000000000000000000001', NULL),
 (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, -1, 2, -3, 4, 5, -6, 7, 123.456, -0.5, -0.0, -1e-300, b'1', b'101', b'11111');

CREATE TABLE times (
  id INT PRIMARY KEY, d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, t TIME(3), y YEAR, dt0 DATETIME
);
INSERT INTO times VALUES
 (1, '1000-01-01', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000000', '-838:59:59.000', 1901, '1000-01-01 00:00:00'),
 (2, '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59.000', 2155, '9999-12-31 23:59:59'),
 (3, '0000-00-00', '0000-00-00 00:00:00.000000', NULL, '-00:00:00.001', 0, '0000-00-00 00:00:00'),
 (4, '2024-02-29', '2024-02-29 12:34:56.123456', '2024-03-31 01:30:00.5', '-12:00:00.250', 2024, NULL),
 (5, NULL, NULL, NULL, NULL, NULL, NULL);

CREATE TABLE texts (
  id INT PRIMARY KEY, c CHAR(10), v VARCHAR(200), t TEXT, lt LONGTEXT, l1 VARCHAR(50) CHARACTER SET latin1,
  e ENUM('a', 'b', 'c d', ''), s SET('x', 'y', 'z'), j JSON, b BINARY(4), vb VARBINARY(50), bl BLOB
) DEFAULT CHARSET = utf8mb4;
INSERT INTO texts VALUES
 (1, 'ab', '😀 ünïcödé 中文 ∑', 'it''s "quoted" \\ back\\slash', CONCAT('line1', CHAR(10), 'line2', CHAR(13), CHAR(9), 'tab'),
  'café ÿ ß', 'c d', 'x,z', '{"a": [1, 2.5, "x\\"y"], "b": null, "😀": true}', 0x00FF0001, 0x00, 0x000102FFFE00),
 (2, '', '', '', '', '', '', '', '[]', 0x00000000, '', ''),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 'z', CONCAT('nul', CHAR(0), 'byte', CHAR(26), 'ctrlz'), REPEAT('long text ', 2000), '%_ LIKE chars', 'Ä',
  'a', 'x,y,z', '"just a string"', 0x41424344, 0x7F80, 0x5C27225C);

CREATE TABLE blobs (id INT PRIMARY KEY, data LONGBLOB, note VARCHAR(20));
INSERT INTO blobs VALUES (1, REPEAT(CONCAT(UNHEX(SHA2('custodian', 512)), 0x00), 50000), 'several MB'), (2, '', 'empty'), (3, NULL, 'null');

CREATE TABLE gen (
  id INT PRIMARY KEY, a INT, b INT AS (a * 2) VIRTUAL, c VARCHAR(20) AS (CONCAT('x', a)) STORED,
  h INT INVISIBLE DEFAULT 7
);
INSERT INTO gen (id, a, h) VALUES (1, 5, 9), (2, NULL, 3);

CREATE TABLE geo (id INT PRIMARY KEY, p POINT NOT NULL, g GEOMETRY, SPATIAL INDEX (p));
INSERT INTO geo VALUES (1, ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 4326)),
 (2, ST_GeomFromText('POINT(-1.5 1e-7)'), NULL);

CREATE TABLE `we``ird "name"; DROP` (`sel``ect` INT PRIMARY KEY, `from` VARCHAR(10), `a b` INT, `ü` INT);
INSERT INTO `we``ird "name"; DROP` VALUES (1, 'where', 2, 3);
CREATE TABLE `order` (`group` INT PRIMARY KEY, `key` VARCHAR(5));
INSERT INTO `order` VALUES (1, 'k');

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

CREATE TABLE gaps (id INT AUTO_INCREMENT PRIMARY KEY, v INT);
INSERT INTO gaps (v) VALUES (1), (2), (3), (4), (5);
DELETE FROM gaps WHERE id >= 4;

CREATE TABLE docs (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft_body (body)) ENGINE = InnoDB;
INSERT INTO docs VALUES (1, 'the quick brown fox'), (2, 'lazy dogs sleep');

CREATE TABLE nopk (a INT, b VARCHAR(10));
INSERT INTO nopk VALUES (1, 'dup'), (1, 'dup'), (NULL, NULL);

CREATE TABLE legacy (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE = MyISAM;
INSERT INTO legacy VALUES (1, 'old');

CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100));

CREATE SEQUENCE seq_orders START WITH 100 INCREMENT BY 5;
SELECT NEXTVAL(seq_orders), NEXTVAL(seq_orders);

-- a column default from a sequence: SHOW CREATE TABLE names it with its database, and the table
-- sorts before the sequence
CREATE TABLE a_tickets (id BIGINT NOT NULL DEFAULT NEXTVAL(seq_orders) PRIMARY KEY, what VARCHAR(20));
INSERT INTO a_tickets (what) VALUES ('first'), ('second');

CREATE VIEW z_base_view AS SELECT e.id, e.name, d.name AS dept FROM emp e JOIN dept d ON d.id = e.dept;
CREATE VIEW a_view_on_view AS SELECT dept, COUNT(*) AS n FROM z_base_view GROUP BY dept;
CREATE VIEW m_view_on_views AS SELECT a.dept, a.n, z.name FROM a_view_on_view a JOIN z_base_view z ON z.dept = a.dept;

DELIMITER ;;
CREATE TRIGGER emp_audit AFTER INSERT ON emp FOR EACH ROW
BEGIN
  INSERT INTO audit (what) VALUES (CONCAT('emp ', NEW.id, '; "quoted" ;; semicolons'));
END;;
CREATE TRIGGER emp_name BEFORE INSERT ON emp FOR EACH ROW SET NEW.name = LOWER(NEW.name);;
CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC
BEGIN
  -- a comment; with a semicolon
  RETURN x + 1;
END;;
DELIMITER ;
SET SESSION sql_mode = 'ANSI_QUOTES,NO_ZERO_DATE';
DELIMITER //
CREATE PROCEDURE count_emps(OUT n INT)
BEGIN
  SELECT COUNT(*) INTO n FROM "emp";
END//
DELIMITER ;
SET SESSION sql_mode = DEFAULT;
CREATE EVENT ev_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DISABLE DO DELETE FROM audit WHERE id < 0;

INSERT INTO emp VALUES (4, 2, 3, 'DEE');

-- system-versioned tables with history: implicit row_start/row_end, and a declared period with odd names
CREATE TABLE prices (id INT PRIMARY KEY, price DECIMAL(10,2), note VARCHAR(20)) WITH SYSTEM VERSIONING;
INSERT INTO prices VALUES (1, 9.99, 'first'), (2, 5.00, NULL), (3, 1.00, 'tab	here');
UPDATE prices SET price = 10.49 WHERE id = 1;
UPDATE prices SET price = 11.00, note = 'again' WHERE id = 1;
DELETE FROM prices WHERE id = 2;
CREATE TABLE `versioned ``period` (
  id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20),
  `valid from` TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE,
  `valid to` TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,
  PERIOD FOR SYSTEM_TIME (`valid from`, `valid to`)
) WITH SYSTEM VERSIONING;
INSERT INTO `versioned ``period` (v) VALUES ('a'), ('b');
UPDATE `versioned ``period` SET v = 'a2' WHERE id = 1;
DELETE FROM `versioned ``period` WHERE id = 2;
