"""Every app folder says what it promises: a README with its contract and extension points."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_and_top_level_package_has_a_readme():
    ours = [
        Path(config.path)
        for config in apps.get_app_configs()
        if config.name.startswith(("jifen.", "tenants"))
    ]
    folders = {*ours, ROOT / "rulesets", ROOT / "workers", ROOT / "platform/jifen/graphql"}
    missing = sorted(
        str(folder.relative_to(ROOT))
        for folder in folders
        if not (folder / "README.md").is_file()
        or len((folder / "README.md").read_text(encoding="utf-8").split()) < 30
    )
    assert len(ours) >= 15  # the apps were found
    assert missing == []
