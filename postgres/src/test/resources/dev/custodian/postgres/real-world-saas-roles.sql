-- The operations manuals' security setup on top of the multi-tenant schema: the application
-- connects as a role of its own with only the rights it needs (psql variable app), the audit
-- schema belongs to another role (variable owner), and tables made later get the same rights.
ALTER SCHEMA audit OWNER TO :"owner";
ALTER TABLE audit.log OWNER TO :"owner";
GRANT USAGE ON SCHEMA app, audit TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO :"app";
GRANT INSERT ON audit.log TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO :"app";
REVOKE EXECUTE ON FUNCTION app.current_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.current_tenant() TO :"app";
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA audit GRANT INSERT ON TABLES TO :"app";
CREATE POLICY app_updates ON app.tenant FOR UPDATE TO :"app" USING (true);
