from django.db import migrations

from jifen.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_events_written_once"),
        ("procedure", "0003_declared_events_need_confirmation"),
    ]
    operations = [
        append_only("ledger_event", "an event is written once; record a correction instead")
    ]
