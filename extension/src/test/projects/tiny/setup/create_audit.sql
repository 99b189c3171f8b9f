-- A source table that is not a seed, created by a setup script.
CREATE TABLE audit_log (id integer PRIMARY KEY, note text);
INSERT INTO audit_log VALUES (1, 'created by setup script');
