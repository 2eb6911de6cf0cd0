from django.db import migrations

from jifen.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [append_only("audit_auditrecord", "the audit log keeps every change")]
