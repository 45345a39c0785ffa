-- An issue tracker, written for these tests: users, projects, issues with labels, comments and an
-- event log, a full-text index of the issues, triggers that keep timestamps and the log, views for
-- the boards. The data is generated, the same on every run; issues is the big table.
PRAGMA foreign_keys = ON;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE,
  display_name TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings))
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE CHECK (key = upper(key) AND length(key) BETWEEN 2 AND 10),
  name TEXT NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE RESTRICT
);

CREATE TABLE issues (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  reporter_id INTEGER NOT NULL REFERENCES users (id),
  assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  title_lower TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL,
  UNIQUE (project_id, number)
);
CREATE INDEX issues_open_by_project ON issues (project_id, priority) WHERE status IN ('open', 'in_progress');
CREATE INDEX issues_reporter ON issues (reporter_id);

CREATE TABLE labels (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  color TEXT NOT NULL DEFAULT '#cccccc',
  UNIQUE (project_id, name)
);
CREATE TABLE issue_labels (
  issue_id INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  label_id INTEGER NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  PRIMARY KEY (issue_id, label_id)
) WITHOUT ROWID;

CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES users (id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX comments_issue ON comments (issue_id, created_at);

CREATE TABLE issue_events (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  payload TEXT
) STRICT;

CREATE VIRTUAL TABLE issues_fts USING fts5 (title, body, content = 'issues', content_rowid = 'id');

CREATE TRIGGER issues_touch AFTER UPDATE OF title, body, status, priority, assignee_id ON issues
WHEN NEW.updated_at = OLD.updated_at
BEGIN
  UPDATE issues SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = NEW.id;
END;
CREATE TRIGGER issues_status_log AFTER UPDATE OF status ON issues
BEGIN
  INSERT INTO issue_events (issue_id, kind, at, payload)
  VALUES (NEW.id, 'status', NEW.updated_at, json_object('from', OLD.status, 'to', NEW.status));
END;

CREATE VIEW board AS
  SELECT p.key || '-' || i.number AS ref, i.title, i.status, i.priority, u.display_name AS assignee
  FROM issues i JOIN projects p ON p.id = i.project_id LEFT JOIN users u ON u.id = i.assignee_id
  WHERE i.status <> 'closed';
CREATE VIEW open_counts AS
  SELECT project_id, priority, count(*) AS open_issues FROM issues WHERE status IN ('open', 'in_progress')
  GROUP BY project_id, priority;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO users (id, email, display_name, created_at, settings)
SELECT i, 'User' || i || '@Example.com', 'User ' || i, date('2022-01-01', '+' || (i % 700) || ' days'),
  json_object('theme', CASE i % 3 WHEN 0 THEN 'dark' ELSE 'light' END, 'digest', i % 2 = 0)
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
INSERT INTO projects (id, key, name, owner_id) SELECT i, 'PRJ' || i, 'Project ' || i, 1 + (i * 31) % 400 FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 96)
INSERT INTO labels (id, project_id, name, color)
SELECT i, 1 + (i - 1) % 12, CASE (i - 1) / 12 WHEN 0 THEN 'bug' WHEN 1 THEN 'feature' WHEN 2 THEN 'docs'
  WHEN 3 THEN 'security' WHEN 4 THEN 'ui' WHEN 5 THEN 'backend' WHEN 6 THEN 'infra' ELSE 'question' END,
  printf('#%06x', (i * 104729) % 16777216)
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000)
INSERT INTO issues (id, project_id, number, title, body, status, priority, reporter_id, assignee_id, created_at,
  updated_at)
SELECT i, 1 + i % 12, 1 + i / 12, 'Issue ' || i || ': ' || CASE i % 5 WHEN 0 THEN 'crash on save'
  WHEN 1 THEN 'slow search' WHEN 2 THEN 'typo in docs' WHEN 3 THEN 'login fails' ELSE 'export to CSV' END,
  CASE WHEN i % 7 = 0 THEN NULL ELSE 'Steps to reproduce ' || i || ': open the page, click, wait.' END,
  CASE i % 10 WHEN 0 THEN 'in_progress' WHEN 1 THEN 'resolved' WHEN 2 THEN 'closed' WHEN 3 THEN 'closed'
    WHEN 4 THEN 'resolved' ELSE 'open' END,
  CASE i % 9 WHEN 0 THEN 'urgent' WHEN 1 THEN 'high' WHEN 2 THEN 'low' ELSE 'normal' END,
  1 + (i * 7) % 400, CASE WHEN i % 4 = 0 THEN NULL ELSE 1 + (i * 13) % 400 END,
  datetime('2023-01-01', '+' || (i % 600) || ' days', '+' || (i % 86400) || ' seconds'),
  datetime('2023-01-01', '+' || (i % 600 + i % 30) || ' days')
FROM n;

INSERT INTO issue_labels (issue_id, label_id)
SELECT id, 1 + (project_id - 1) + 12 * (id % 8) FROM issues WHERE id % 3 <> 0;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
INSERT INTO comments (id, issue_id, author_id, body, created_at)
SELECT i, 1 + (i * 17) % 120000, 1 + (i * 11) % 400, 'Comment ' || i || ' with a few words of text',
  datetime('2023-02-01', '+' || (i % 500) || ' days')
FROM n;

INSERT INTO issue_events (issue_id, kind, at, payload)
SELECT id, 'created', created_at, json_object('by', reporter_id) FROM issues WHERE id % 2 = 0;

INSERT INTO issues_fts (issues_fts) VALUES ('rebuild');
ANALYZE;
