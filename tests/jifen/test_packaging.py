"""The platform/ source root must never shadow the standard library's `platform`."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_stdlib_platform_module_is_not_shadowed_from_the_repository_root():
    code = (
        "import platform, uuid; print(platform.system()); "
        "import celery, sentry_sdk, jifen; print(platform.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    system, location = out.stdout.split()
    assert system == "Linux"
    assert not location.startswith(str(ROOT / "platform"))


def test_production_settings_refuse_to_start_without_a_secret(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "JIFEN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgresql://x@127.0.0.1:1/x",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    out = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='jifen.settings'; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode != 0
    assert "JIFEN_SECRET_KEY is not set" in out.stderr


def test_production_defaults_are_safe(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "JIFEN_DATA_DIR": str(tmp_path),
        "JIFEN_SECRET_KEY": "s" * 50,
        "DATABASE_URL": "postgresql://x@127.0.0.1:1/x",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    code = (
        "import django, os, json; os.environ['DJANGO_SETTINGS_MODULE']='jifen.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[false, true, true]"
