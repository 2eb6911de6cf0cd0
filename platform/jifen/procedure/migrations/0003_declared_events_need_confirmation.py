"""Events booked from declarations count once confirmed; mark those booked before.

Before this, "confirmed" lived only in the declaration's status; the ledger now decides what
counts by itself (a confirmation entry, or an event that needs none).
"""

from django.db import migrations

FORWARD = """
UPDATE ledger_event SET needs_confirmation = true
 WHERE id IN (SELECT event_id FROM procedure_declaration
               WHERE event_id IS NOT NULL AND status <> 'confirmed');
UPDATE ledger_event ev SET version_key = first.ruleset_version
  FROM (SELECT DISTINCT ON (event_id) event_id, ruleset_version
          FROM ledger_entry WHERE event_id IS NOT NULL ORDER BY event_id, id) first
 WHERE first.event_id = ev.id AND ev.version_key = '';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("procedure", "0002_alter_evidence_file"),
        ("ledger", "0003_events_written_once"),
    ]
    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
