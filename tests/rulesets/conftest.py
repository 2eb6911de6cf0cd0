"""Fixtures for the rulesets tests; they never touch Django or a database."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rulesets.helpers import template


@pytest.fixture
def star() -> dict[str, Any]:
    return template("star-party-member")
