-- A human-resources database written for these tests: departments, employees, salary and title
-- histories with date ranges, department membership and managers. Run with the mariadb client into
-- an empty database; the data is generated, the same on every run.
SET NAMES utf8mb4;

CREATE TABLE departments (
  dept_no CHAR(4) NOT NULL PRIMARY KEY,
  dept_name VARCHAR(40) NOT NULL,
  legacy_name VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
  budget DECIMAL(14,2) NOT NULL DEFAULT 0.00 COMMENT 'yearly budget in euros, "approved"',
  UNIQUE KEY dept_name (dept_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COMMENT = 'the company''s departments';

CREATE TABLE employees (
  emp_no INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  birth_date DATE NOT NULL,
  first_name VARCHAR(30) NOT NULL,
  last_name VARCHAR(30) NOT NULL,
  ascii_last_name VARCHAR(30) CHARACTER SET latin1 NOT NULL,
  gender ENUM('M', 'F', 'X') NOT NULL,
  hire_date DATE NOT NULL,
  email VARCHAR(100) GENERATED ALWAYS AS (LOWER(CONCAT(first_name, '.', emp_no, '@example.test'))) VIRTUAL,
  KEY by_name (last_name, first_name),
  KEY by_hire (hire_date)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE dept_emp (
  emp_no INT NOT NULL,
  dept_no CHAR(4) NOT NULL,
  from_date DATE NOT NULL,
  to_date DATE NOT NULL,
  PRIMARY KEY (emp_no, dept_no),
  KEY dept_no (dept_no),
  CONSTRAINT dept_emp_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
  CONSTRAINT dept_emp_dept FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE,
  CONSTRAINT dept_emp_range CHECK (from_date <= to_date)
) ENGINE = InnoDB;

CREATE TABLE dept_manager (
  emp_no INT NOT NULL,
  dept_no CHAR(4) NOT NULL,
  from_date DATE NOT NULL,
  to_date DATE NOT NULL,
  PRIMARY KEY (emp_no, dept_no),
  KEY dept_no (dept_no),
  CONSTRAINT dept_manager_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE,
  CONSTRAINT dept_manager_dept FOREIGN KEY (dept_no) REFERENCES departments (dept_no) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE TABLE titles (
  emp_no INT NOT NULL,
  title VARCHAR(50) NOT NULL,
  from_date DATE NOT NULL,
  to_date DATE,
  PRIMARY KEY (emp_no, title, from_date),
  CONSTRAINT titles_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE TABLE salaries (
  emp_no INT NOT NULL,
  salary DECIMAL(10,2) NOT NULL,
  bonus DECIMAL(5,4) NULL,
  from_date DATE NOT NULL,
  to_date DATE NOT NULL,
  PRIMARY KEY (emp_no, from_date),
  CONSTRAINT salaries_emp FOREIGN KEY (emp_no) REFERENCES employees (emp_no) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE TABLE salary_changes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  emp_no INT NOT NULL,
  old_salary DECIMAL(10,2),
  new_salary DECIMAL(10,2) NOT NULL,
  changed_on DATE NOT NULL
) ENGINE = InnoDB;

INSERT INTO departments VALUES
 ('d001', 'Marketing', 'Marknadsföring', 1250000.00),
 ('d002', 'Finance', 'Ekonomi', 980000.50),
 ('d003', 'Human Resources', 'Personalavdelning', 450000.00),
 ('d004', 'Production', 'Tillverkning', 3100000.75),
 ('d005', 'Development', 'Utveckling', 2750000.00),
 ('d006', 'Quality Management', 'Kvalitet', 600000.00),
 ('d007', 'Sales', 'Försäljning', 1900000.25),
 ('d008', 'Research', 'Forskning', 800000.00),
 ('d009', 'Customer Service', 'Kundtjänst', 700000.10);

-- 4000 employees; names from small lists, some with accents and one with an emoji
INSERT INTO employees (birth_date, first_name, last_name, ascii_last_name, gender, hire_date)
WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < 9),
  n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x FROM d a, d b, d c, d e)
SELECT '1952-02-01' + INTERVAL (i * 37) % 5000 DAY,
       ELT(1 + i % 12, 'Georgi', 'Bezalel', 'Parto', 'Chirstian', 'Kyoichi', 'Anneke', 'Tzvetan', 'Saniya', 'Sumant',
           'Duangkaew', 'Mary', 'Patricio'),
       CONCAT(ELT(1 + i % 10, 'Facello', 'Simmel', 'Bamford', 'Koblick', 'Maliniak', 'Preusig', 'Zielinski', 'Kalloufi',
           'Peac', 'Piveteau'), IF(i % 97 = 0, ' Ångström', ''), IF(i = 1234, ' 😀', '')),
       CONCAT(ELT(1 + i % 10, 'Facello', 'Simmel', 'Bamford', 'Koblick', 'Maliniak', 'Preusig', 'Zielinski', 'Kalloufi',
           'Peac', 'Piveteau'), IF(i % 97 = 0, ' Åke', '')),
       ELT(1 + i % 3, 'M', 'F', 'X'),
       '1985-01-01' + INTERVAL (i * 13) % 5400 DAY
FROM n WHERE i <= 4000 ORDER BY i;

INSERT INTO dept_emp
SELECT emp_no, CONCAT('d00', 1 + emp_no % 9), hire_date, IF(emp_no % 11 = 0, hire_date + INTERVAL 3 YEAR, '9999-01-01')
FROM employees;
INSERT INTO dept_emp
SELECT emp_no, CONCAT('d00', 1 + (emp_no + 4) % 9), hire_date + INTERVAL 3 YEAR, '9999-01-01'
FROM employees WHERE emp_no % 11 = 0;

INSERT INTO dept_manager
SELECT MIN(emp_no), dept_no, MIN(from_date), '9999-01-01' FROM dept_emp GROUP BY dept_no;

-- titles: one to three per employee, each a date range
INSERT INTO titles
WITH RECURSIVE k (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 2)
SELECT e.emp_no, ELT(1 + j, 'Assistant Engineer', 'Engineer', 'Senior Engineer'),
       e.hire_date + INTERVAL j * 4 YEAR,
       IF(j = e.emp_no % 3, NULL, e.hire_date + INTERVAL (j + 1) * 4 YEAR)
FROM employees e JOIN k ON k.j <= e.emp_no % 3;

-- salaries: eight yearly rows per employee (32000 rows)
INSERT INTO salaries
WITH RECURSIVE y (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM y WHERE j < 7)
SELECT e.emp_no, 38000 + (e.emp_no * 7919 + j * 1543) % 90000 + ((e.emp_no + j) % 100) / 100,
       IF((e.emp_no + j) % 5 = 0, NULL, ((e.emp_no * 31 + j) % 10000) / 100000),
       e.hire_date + INTERVAL j YEAR, e.hire_date + INTERVAL (j + 1) YEAR
FROM employees e CROSS JOIN y;

CREATE VIEW current_dept_emp AS
  SELECT emp_no, dept_no, from_date, to_date FROM dept_emp WHERE to_date = '9999-01-01';

-- a view on a view
CREATE VIEW dept_headcount AS
  SELECT d.dept_no, d.dept_name, COUNT(c.emp_no) AS headcount
  FROM departments d LEFT JOIN current_dept_emp c ON c.dept_no = d.dept_no
  GROUP BY d.dept_no, d.dept_name;

CREATE VIEW big_departments AS
  SELECT dept_no, dept_name FROM dept_headcount WHERE headcount > 400;

DELIMITER ;;
CREATE FUNCTION years_of_service(emp INT, at_date DATE) RETURNS INT
  READS SQL DATA
  DETERMINISTIC
BEGIN
  DECLARE hired DATE;
  SELECT hire_date INTO hired FROM employees WHERE emp_no = emp;
  RETURN TIMESTAMPDIFF(YEAR, hired, at_date);
END;;

CREATE PROCEDURE give_raise(IN dept CHAR(4), IN percent DECIMAL(5,2), OUT affected INT)
  MODIFIES SQL DATA
  COMMENT 'Raises every current salary in a department'
BEGIN
  UPDATE salaries s JOIN current_dept_emp c ON c.emp_no = s.emp_no
    SET s.salary = ROUND(s.salary * (1 + percent / 100), 2)
  WHERE c.dept_no = dept AND s.to_date > CURDATE();
  SET affected = ROW_COUNT();
END;;

CREATE TRIGGER salaries_audit AFTER UPDATE ON salaries FOR EACH ROW
BEGIN
  IF NEW.salary <> OLD.salary THEN
    INSERT INTO salary_changes (emp_no, old_salary, new_salary, changed_on)
      VALUES (NEW.emp_no, OLD.salary, NEW.salary, '2024-06-30');
  END IF;
END;;
CREATE PROCEDURE department_report(IN dept CHAR(4))
  READS SQL DATA
  SQL SECURITY INVOKER
BEGIN
  DECLARE done INT DEFAULT 0;
  DECLARE who INT;
  DECLARE total DECIMAL(14,2) DEFAULT 0;
  DECLARE cur CURSOR FOR SELECT emp_no FROM current_dept_emp WHERE dept_no = dept;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO who;
    IF done THEN
      LEAVE read_loop;
    END IF;
    SET total = total + IFNULL((SELECT salary FROM salaries WHERE emp_no = who ORDER BY from_date DESC LIMIT 1), 0);
  END LOOP;
  CLOSE cur;
  SELECT dept AS dept_no, total AS payroll, 'separator ;; inside a string' AS note;
END;;
DELIMITER ;

-- a view that calls a stored function, run with the caller's rights
CREATE SQL SECURITY INVOKER VIEW long_serving AS
  SELECT emp_no, first_name, last_name, years_of_service(emp_no, '2020-01-01') AS years
  FROM employees WHERE hire_date < '1990-01-01';

-- fire the trigger on a few rows so the audit table has something
UPDATE salaries SET salary = salary + 100 WHERE emp_no <= 25 AND from_date = (SELECT hire_date FROM employees e WHERE e.emp_no = salaries.emp_no);

-- created disabled: it never runs
CREATE EVENT close_old_titles ON SCHEDULE EVERY 1 MONTH STARTS '2035-01-01 00:00:00' DISABLE
  COMMENT 'Closes titles older than forty years'
  DO UPDATE titles SET to_date = from_date + INTERVAL 40 YEAR WHERE to_date IS NULL AND from_date < '1980-01-01';

DELIMITER ;;
CREATE EVENT yearly_salary_review ON SCHEDULE AT '2036-12-31 23:00:00' ON COMPLETION PRESERVE DISABLE
DO BEGIN
  DECLARE n INT;
  CALL give_raise('d005', 2.50, n);
  INSERT INTO salary_changes (emp_no, old_salary, new_salary, changed_on) VALUES (0, NULL, n, CURRENT_DATE);
END;;
DELIMITER ;
