from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0007_checkpoint"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkpoint",
            name="reason",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="checkpoint",
            name="anchors",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
