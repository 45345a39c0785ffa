-- The contrib extensions of the hard cases; run only where CREATE EXTENSION works.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE TABLE app.extended (
    id int PRIMARY KEY,
    h public.hstore,
    email public.citext UNIQUE,
    room int,
    during tsrange,
    EXCLUDE USING gist (room WITH =, during WITH &&)
);
INSERT INTO app.extended VALUES
 (1, 'a=>1, "b c"=>NULL, "quo\"te"=>"x"', 'Ada@Example.com', 1, '[2024-01-01, 2024-01-02)'),
 (2, '', 'grace@example.com', 1, '[2024-01-02, 2024-01-03)');
-- An operator class of the database's own for an extension's type.
CREATE OPERATOR CLASS app.citext_hash_ops FOR TYPE public.citext USING hash AS
    OPERATOR 1 public.=(public.citext, public.citext), FUNCTION 1 public.citext_hash(public.citext);
CREATE INDEX extended_email_hash ON app.extended USING hash (email app.citext_hash_ops);
