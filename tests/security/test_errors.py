"""Failures reach clients as a code and a message, never as database or Python text."""

from __future__ import annotations

import pytest
from django.db import DataError, OperationalError, connection

from jifen.graphql.errors import classify
from jifen.timeouts import statement_timeout_set


def test_a_statement_over_the_time_limit_is_cancelled_and_answered_as_timeout(db):
    statement_timeout_set(connection=connection, milliseconds=50)
    try:
        with pytest.raises(OperationalError) as cancelled, connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
    finally:
        connection.close()  # the aborted transaction and the limit go with the connection
    code, message, report = classify(cancelled.value)
    assert (code, report) == ("TIMEOUT", False)
    assert "pg_sleep" not in message and "statement" not in message


def test_an_out_of_range_value_is_a_validation_failure_without_sql(db):
    with pytest.raises(DataError) as overflow, connection.cursor() as cursor:
        cursor.execute("SELECT 10::numeric(2, 1) + 999999999999::numeric(2, 1)")
    code, message, report = classify(overflow.value)
    assert (code, report) == ("VALIDATION_FAILED", False)
    assert "numeric" not in message and "SELECT" not in message


def test_an_unexpected_failure_is_reported_and_says_nothing_of_its_cause(settings):
    settings.DEBUG = False
    code, message, report = classify(KeyError("/srv/jifen/secret.py redis://10.0.0.3:6379"))
    assert (code, report) == ("INTERNAL_ERROR", True)
    assert "redis" not in message and "/srv" not in message


def test_readiness_names_the_failing_service_without_its_address(alpha, settings, monkeypatch):
    from jifen import health

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    checks = health.readiness()
    assert checks["redis"].startswith("error: ConnectionError")
    assert "127.0.0.1" not in checks["redis"]
