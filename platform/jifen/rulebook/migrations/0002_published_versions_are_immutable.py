"""A published ruleset version never changes: PostgreSQL refuses UPDATE and DELETE of it."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION rulebook_published_version_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'ruleset version % is published and cannot be changed (%); publish a new version instead', OLD.id, TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER rulebook_version_frozen
    BEFORE UPDATE OR DELETE ON rulebook_rulesetversion
    FOR EACH ROW EXECUTE FUNCTION rulebook_published_version_frozen();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS rulebook_version_frozen ON rulebook_rulesetversion;
DROP FUNCTION IF EXISTS rulebook_published_version_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
