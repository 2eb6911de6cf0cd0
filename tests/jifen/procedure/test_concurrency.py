"""Real concurrent connections: two reviewers at once, two overlapping imports at once."""

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.utils import translation
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.access.services import system_actor
from jifen.ledger.models import Entry, Event
from jifen.ledger.services import EventInput, events_record_bulk
from jifen.procedure import services as procedure
from jifen.procedure.errors import ProcedureError
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.worlds import build_world, publish_template
from tenants.services import tenant_delete

SLUG = "concur"


@pytest.fixture(scope="module")
def committed_world(worlds, django_db_blocker):
    """A tenant whose rows are committed, so other connections see them; dropped after."""
    with django_db_blocker.unblock():
        world = build_world(SLUG, "丙县")
        with schema_context(SLUG):
            publish_template("yongzhou-safety-bureau", "yongzhou", world.root)
        connection.set_schema_to_public()
        yield world
        connection.set_schema_to_public()
        tenant_delete(slug=SLUG, confirm=SLUG)


def _run_together(*functions):
    """Start every function in its own thread (own connection) at the same moment."""
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def run(index, function):
        try:
            # a thread starts in the default language (Chinese); these tests read English
            with schema_context(SLUG), translation.override("en"):
                barrier.wait()
                outcomes[index] = function()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_reviewers_accepting_at_once_produce_one_entry(committed_world, django_db_blocker):
    with django_db_blocker.unblock(), schema_context(SLUG):
        declaration = procedure.declaration_submit(
            actor=User.objects.get(username="member_1"),
            data=DeclarationInput(key="race-1", subject_id=Subject.objects.get(name="丙县党员乙").pk,
                                  item="task_not_done", occurred_on=date(2026, 3, 5), attributes={}),
            today=date(2026, 3, 20),
        )  # fmt: skip

        def review_as(username):
            return lambda: procedure.declaration_review(
                actor=User.objects.get(username=username),
                declaration=declaration,
                decision="accept",
            )

        outcomes = _run_together(review_as("secretary_1"), review_as("supervisor_1"))
        errors = [o for o in outcomes if isinstance(o, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], ProcedureError)
        assert "already" in str(errors[0])
        assert Entry.objects.filter(event__key="declaration:race-1").count() == 1


def test_overlapping_bulk_imports_at_once_write_no_duplicates(committed_world, django_db_blocker):
    with django_db_blocker.unblock(), schema_context(SLUG):
        subjects = list(Subject.objects.order_by("pk").values_list("pk", flat=True))

        def batch(keys):
            items = [
                EventInput(key=f"imp-{k}", subject_id=subjects[k % len(subjects)],
                           item="volunteer", occurred_on=date(2026, 5, 1 + k % 28))
                for k in keys
            ]  # fmt: skip
            return lambda: events_record_bulk(actor=system_actor(), items=items)

        first, second = _run_together(batch(range(0, 300)), batch(range(150, 450)))
        assert not isinstance(first, Exception), first
        assert not isinstance(second, Exception), second
        assert first.created + second.created == 450
        assert first.duplicates + second.duplicates == 150
        assert Event.objects.filter(key__startswith="imp-").count() == 450
        assert Entry.objects.filter(event__key__startswith="imp-").count() == 450
