"""`subperiod_close` deadlines publish boards; they are `subperiod_publish` now."""

from django.db import migrations

FORWARD = """
UPDATE deadlines_deadline
   SET kind = 'subperiod_publish',
       key = replace(key, 'subperiod-close:', 'subperiod-publish:')
 WHERE kind = 'subperiod_close';
"""
BACKWARD = """
UPDATE deadlines_deadline
   SET kind = 'subperiod_close',
       key = replace(key, 'subperiod-publish:', 'subperiod-close:')
 WHERE kind = 'subperiod_publish';
"""


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
