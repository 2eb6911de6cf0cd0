"""Evidence goes to S3-compatible storage when a bucket is configured, privately."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'jifen.settings'; "
    "django.setup(); from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl]))"
)


def test_s3_bucket_setting_selects_private_object_storage(tmp_path):
    env = {
        **os.environ,
        "JIFEN_DATA_DIR": str(tmp_path),
        "JIFEN_SECRET_KEY": "s" * 50,
        "DATABASE_URL": "postgresql://x@127.0.0.1:1/x",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "JIFEN_S3_BUCKET": "jifen-evidence",
        "JIFEN_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
    }
    env.pop("JIFEN_TESTING", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [
        "S3Storage", "jifen-evidence", "http://127.0.0.1:9000", "private",
    ]  # fmt: skip
