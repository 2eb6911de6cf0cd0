"""Nobody books, reviews, reverses or answers about their own points; bonuses need evidence."""

from __future__ import annotations

from datetime import date

import pytest

from jifen.access.models import User
from jifen.errors import PermissionDenied
from jifen.ledger.services import EventInput, entry_correct, event_book, events_import
from jifen.procedure import services as procedure
from jifen.procedure.errors import ProcedureError
from jifen.procedure.models import Declaration
from jifen.procedure.services import DeclarationInput
from jifen.subjects.models import Subject
from jifen.testing.worlds import tenant_admin

DAY = date(2026, 3, 5)
TODAY = date(2026, 3, 20)
# who may book directly over branch 1, and who may not (they are refused anyway)
BOOKERS = ["recorder_1", "secretary_1", "admin"]
STAFF = [*BOOKERS, "supervisor_1", "township_1", "county"]


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _own_subject(user: User, world) -> Subject:
    """Give the user a member's record in branch 1, as staff often are members too."""
    subject = Subject.objects.get(name="甲县党员乙")
    subject.user = user
    subject.save()
    return subject


def _other() -> Subject:
    return Subject.objects.get(name="甲县党员甲")


def _event(subject: Subject, key: str, item: str = "task_not_done") -> EventInput:
    return EventInput(key=key, subject_id=subject.pk, item=item, occurred_on=DAY)


@pytest.mark.parametrize("username", STAFF)
def test_nobody_books_points_for_themselves(yongzhou, in_alpha, username):
    user = _user(username)
    own = _own_subject(user, in_alpha)
    with pytest.raises(PermissionDenied):
        event_book(actor=user, data=_event(own, "self"))
    with pytest.raises(PermissionDenied) as imported:
        events_import(actor=user, items=[_event(_other(), "i0"), _event(own, "i1")])
    if username in BOOKERS:
        assert imported.value.field == "events.1."
        assert "themselves" in imported.value.message


@pytest.mark.parametrize("username", BOOKERS)
def test_bookers_still_book_for_others(yongzhou, in_alpha, username):
    user = _user(username)
    _own_subject(user, in_alpha)
    assert event_book(actor=user, data=_event(_other(), "other")).entries


@pytest.mark.parametrize("username", BOOKERS)
def test_a_bonus_that_needs_evidence_is_declared_not_booked(yongzhou, in_alpha, username):
    with pytest.raises(PermissionDenied, match="evidence"):
        event_book(actor=_user(username), data=_event(_other(), "v", item="volunteer"))
    # a penalty that needs evidence is an inspector's or recorder's finding: booked as before
    assert event_book(actor=_user(username), data=_event(_other(), "d", "dissenting_speech"))


@pytest.mark.parametrize("username", ["secretary_1", "admin", "township_1", "county"])
def test_reversals_need_a_second_person(yongzhou, in_alpha, username):
    user = _user(username)
    booked_by_them = event_book(actor=tenant_admin() if username != "admin" else _user("secretary_1"),
                                data=_event(_other(), "x")).entries[0]  # fmt: skip
    if username in ("secretary_1", "admin"):
        own_booking = event_book(actor=user, data=_event(_other(), "y")).entries[0]
        with pytest.raises(PermissionDenied, match="second person"):
            entry_correct(actor=user, entry=own_booking, reason="mistake")
    assert entry_correct(actor=user, entry=booked_by_them, reason="mistake").points
    own = _own_subject(user, in_alpha)
    about_them = event_book(actor=_user("recorder_1"), data=_event(own, "z")).entries[0]
    with pytest.raises(PermissionDenied, match="own points"):
        entry_correct(actor=user, entry=about_them, reason="mistake")


def _declaration(subject: Subject, key: str):
    return procedure.declaration_submit(
        actor=_user("member_1"),
        data=DeclarationInput(key=key, subject_id=subject.pk, item="task_not_done",
                              occurred_on=DAY, attributes={}, quantity=1),
        today=TODAY,
    )  # fmt: skip


@pytest.mark.parametrize("username", ["secretary_1", "supervisor_1", "township_1", "county"])
def test_nobody_reviews_their_own_points(yongzhou, in_alpha, username):
    user = _user(username)
    own = _own_subject(user, in_alpha)
    declaration = _declaration(own, f"own-{username}")
    with pytest.raises(PermissionDenied, match="own"):
        procedure.declaration_review(actor=user, declaration=declaration, decision="accept")


def test_accepting_may_not_change_the_quantity_without_a_reason(yongzhou, in_alpha):
    declaration = _declaration(Subject.objects.get(name="甲县党员乙"), "q")
    with pytest.raises(ProcedureError, match="reason"):
        procedure.declaration_review(
            actor=_user("secretary_1"), declaration=declaration, decision="accept", quantity=3
        )
    accepted = procedure.declaration_review(
        actor=_user("secretary_1"), declaration=declaration, decision="accept", quantity=3,
        reason="三次未完成",
    )  # fmt: skip
    assert accepted.quantity == 3


# (the absence item is declared by recorders only; a secretary records as one too)
@pytest.mark.parametrize("username", ["recorder_1", "secretary_1"])
def test_a_recorder_may_not_list_themselves_on_an_attendance_list(yongzhou, in_alpha, username):
    # given: the recorder is also a member of the branch whose meeting they record
    user = _user(username)
    own = _own_subject(user, in_alpha)
    branch = own.home_unit

    def record(key, attendees):
        return procedure.attendance_record(
            actor=user, unit=branch, occurred_on=DAY, key=key, attendee_ids=attendees,
            absent_item="party_day_absent", today=TODAY,
        )  # fmt: skip

    # when: they list themselves as present
    with pytest.raises(PermissionDenied) as refused:
        record("meeting-1", [own.pk, _other().pk])
    # then: nothing of the list is kept, and the refusal says why
    assert refused.value.field == "attendees" and "yourself" in refused.value.message
    assert not Declaration.objects.filter(key__startswith="meeting-1").exists()
    # a list without themselves is recorded, and their own line is left to another recorder
    made = record("meeting-2", [_other().pk])
    assert made and own.pk not in {d.subject_id for d in made}
