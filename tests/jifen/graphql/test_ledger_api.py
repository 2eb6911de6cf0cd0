"""Ledger mutations and the accounts query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jifen.graphql.core import pk_of
from jifen.ledger import services as ledger
from jifen.ledger.models import Event
from tests.jifen.graphql.conftest import codes, gid, recent_day, subject

RECORD = """mutation($input: EventInput!) { eventRecord(input: $input) {
  created event { item entries { bucket points } } errors { field code message } } }"""
IMPORT = """mutation($events: [EventInput!]!) { eventsImport(events: $events) {
  created duplicates errors { field code message line } } }"""
REVERSE = """mutation($e: ID!) { entryReverse(entry: $e, reason: "录入错误") {
  reversal { points reason rule decidedBy { username } } errors { code message } } }"""


def event(key="e-1", name="甲县党员乙", item="task_not_done"):
    return {
        "key": key,
        "subject": gid("Subject", subject(name).pk),
        "item": item,
        "occurredOn": recent_day().isoformat(),
    }


def test_recorder_records_an_event_once(users, client_for):
    client = client_for("alpha", "recorder_1")
    first = client.graphql(RECORD, {"input": event()})
    assert codes(first, "eventRecord") == []
    assert first["data"]["eventRecord"]["event"]["entries"] == [
        {"bucket": "duty", "points": "-1.0000"}
    ]
    again = client.graphql(RECORD, {"input": event()})
    assert again["data"]["eventRecord"]["created"] is False


def test_event_record_refusals(users, fresh_unit, client_for):
    assert codes(client_for("alpha", "member_1").graphql(RECORD, {"input": event(name="甲县党员甲")}), "eventRecord") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(RECORD, {"input": event()}), "eventRecord") == ["NOT_FOUND"]  # fmt: skip
    other = {"input": event(name="甲县党员戊")}
    assert codes(client_for("beta", "county").graphql(RECORD, other), "eventRecord") == ["NOT_FOUND"]  # fmt: skip


def test_import_is_all_or_nothing_and_names_the_failing_line(users, client_for):
    client = client_for("alpha", "recorder_1")
    events = [event("i-1"), event("i-2", item="no_such_item"), event("i-3", name="甲县党员甲")]
    result = client.graphql(IMPORT, {"events": events})
    [error] = result["data"]["eventsImport"]["errors"]
    assert (error["code"], error["line"], error["field"]) == (
        "VALIDATION_FAILED",
        2,
        "events.1.item",
    )
    assert not Event.objects.filter(key__startswith="i-").exists()
    del events[1]
    done = client.graphql(IMPORT, {"events": events})
    assert done["data"]["eventsImport"] == {"created": 2, "duplicates": 0, "errors": []}
    retried = client.graphql(IMPORT, {"events": events})
    assert retried["data"]["eventsImport"] == {"created": 0, "duplicates": 2, "errors": []}


def test_import_refusals(users, fresh_unit, client_for):
    events = {"events": [event("r-1")]}
    assert codes(client_for("alpha", "supervisor_1").graphql(IMPORT, events), "eventsImport") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(IMPORT, events), "eventsImport") == ["NOT_FOUND"]  # fmt: skip
    other = {"events": [event("r-2", name="甲县党员戊")]}
    assert codes(client_for("beta", "county").graphql(IMPORT, other), "eventsImport") == ["NOT_FOUND"]  # fmt: skip


def _entry(users):
    recorded = ledger.event_record(
        data=ledger.EventInput(
            key="rev-1", subject_id=subject("甲县党员乙").pk, item="task_not_done",
            occurred_on=recent_day(),
        ),
        actor=users["recorder_1"],
    )  # fmt: skip
    return recorded.entries[0]


def test_secretary_reverses_an_entry(users, client_for):
    entry = _entry(users)
    result = client_for("alpha", "secretary_1").graphql(REVERSE, {"e": gid("Entry", entry.pk)})
    assert result["data"]["entryReverse"]["reversal"] == {
        "points": "1.0000", "reason": "录入错误", "rule": "reversal of #1",
        "decidedBy": {"username": "secretary_1"},
    }  # fmt: skip


def test_entry_reverse_refusals(users, client_for):
    variables = {"e": gid("Entry", _entry(users).pk)}
    assert codes(client_for("alpha", "recorder_1").graphql(REVERSE, variables), "entryReverse") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(REVERSE, variables), "entryReverse") == ["NOT_FOUND"]  # fmt: skip
    assert codes(client_for("beta", "county").graphql(REVERSE, variables), "entryReverse") == ["NOT_FOUND"]  # fmt: skip


ACCOUNTS = """query($on: Date) { accounts(first: 100, periodOn: $on) { totalCount edges { node {
  ruleset periodStart subject { name } } } } }"""


def test_accounts_balance_and_entries(users, client_for):
    _entry(users)
    query = """query($s: ID!) { accounts(subject: $s) { edges { node {
      balance { total vetoes buckets { bucket points } } entries { seq item points hash prevHash }
    } } } }"""
    result = client_for("alpha", "member_1").graphql(
        query, {"s": gid("Subject", subject("甲县党员乙").pk)}
    )
    assert result["data"]["accounts"]["edges"] == []  # a member sees only their own account
    result = client_for("alpha", "secretary_1").graphql(
        query, {"s": gid("Subject", subject("甲县党员乙").pk)}
    )
    [node] = [e["node"] for e in result["data"]["accounts"]["edges"]]
    assert node["balance"] == {"total": "-1.0000", "vetoes": [], "buckets": [{"bucket": "duty", "points": "-1.0000"}]}  # fmt: skip
    assert [(e["seq"], e["item"], e["prevHash"]) for e in node["entries"]] == [
        (1, "task_not_done", "")
    ]


def test_accounts_query_count_does_not_grow(users, client_for):
    client = client_for("alpha", "county")
    variables = {"on": recent_day().isoformat()}
    _entry(users)
    client.graphql(ACCOUNTS, variables)
    with CaptureQueriesContext(connection) as few:
        client.graphql(ACCOUNTS, variables)
    for n, name in enumerate(["甲县党员甲", "甲县党员丙", "甲县党员丁"]):
        ledger.event_record(
            data=ledger.EventInput(key=f"acc-{n}", subject_id=subject(name).pk, item="task_not_done", occurred_on=recent_day()),
            actor=users["recorder_1"],
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        result = client.graphql(ACCOUNTS, variables)
    assert result["data"]["accounts"]["totalCount"] == 4
    assert len(many) == len(few)


JOB = """query($id: ID!) { eventsImportJob(id: $id) {
  status total done created duplicates errors { field code line } } }"""
IMPORT_JOB = """mutation($events: [EventInput!]!) { eventsImport(events: $events) {
  created job { id status total } errors { field code message line } } }"""


def test_a_large_import_becomes_a_job_the_importer_polls(users, client_for, settings):
    settings.JIFEN_IMPORT_JOB_THRESHOLD = 2
    client = client_for("alpha", "recorder_1")
    events = [event(f"j-{n}") for n in range(3)]
    answer = client.graphql(IMPORT_JOB, {"events": events})["data"]["eventsImport"]
    assert answer["created"] is None and answer["errors"] == []
    assert (answer["job"]["status"], answer["job"]["total"]) == ("QUEUED", 3)
    job_id = answer["job"]["id"]
    assert not Event.objects.filter(key__startswith="j-").exists()  # the worker books it
    assert client_for("alpha", "secretary_1").graphql(JOB, {"id": job_id})["data"] == {
        "eventsImportJob": None
    }  # only its importer sees a job
    ledger.import_job_run(job_id=pk_of(job_id, "EventsImportJob"))
    done = client.graphql(JOB, {"id": job_id})["data"]["eventsImportJob"]
    assert done == {"status": "DONE", "total": 3, "done": 3, "created": 3, "duplicates": 0,
                    "errors": []}  # fmt: skip
    assert Event.objects.filter(key__startswith="j-").count() == 3


def test_a_failing_job_books_nothing_and_names_the_line(users, client_for, settings):
    settings.JIFEN_IMPORT_JOB_THRESHOLD = 2
    client = client_for("alpha", "recorder_1")
    events = [event("f-1"), event("f-2"), event("f-3", item="no_such_item")]
    job_id = client.graphql(IMPORT_JOB, {"events": events})["data"]["eventsImport"]["job"]["id"]
    ledger.import_job_run(job_id=pk_of(job_id, "EventsImportJob"))
    failed = client.graphql(JOB, {"id": job_id})["data"]["eventsImportJob"]
    assert failed["status"] == "FAILED" and failed["created"] is None
    assert failed["errors"] == [{"field": "events.2.item", "code": "VALIDATION_FAILED", "line": 3}]
    assert not Event.objects.filter(key__startswith="f-").exists()


def test_a_large_import_is_refused_at_once_where_no_booking_is_needed(
    users, fresh_unit, client_for, settings
):
    settings.JIFEN_IMPORT_JOB_THRESHOLD = 1
    events = {"events": [event("q-1"), event("q-2")]}
    assert codes(client_for("alpha", "supervisor_1").graphql(IMPORT_JOB, events), "eventsImport") == ["PERMISSION_DENIED"]  # fmt: skip
    assert codes(client_for("alpha", "secretary_2").graphql(IMPORT_JOB, events), "eventsImport") == ["NOT_FOUND"]  # fmt: skip
    other = {"events": [event("q-3", name="甲县党员戊"), event("q-4", name="甲县党员戊")]}
    assert codes(client_for("beta", "county").graphql(IMPORT_JOB, other), "eventsImport") == ["NOT_FOUND"]  # fmt: skip


def test_import_costs_the_same_queries_for_10_and_100_lines(users, client_for):
    client = client_for("alpha", "recorder_1")

    def queries(n, tag):
        events = [event(f"{tag}{i}") | {"occurredOn": recent_day().isoformat()} for i in range(n)]
        with CaptureQueriesContext(connection) as seen:
            answer = client.graphql(IMPORT, {"events": events})
        assert answer["data"]["eventsImport"]["created"] == n
        return len(seen)

    queries(1, "warm")  # the token's first use of the day is recorded once
    assert queries(10, "c") == queries(100, "d")


def test_event_record_costs_a_constant_number_of_queries(users, client_for):
    """Booking one event through the API: the caller's session and permissions, the
    subject, the version in force, the account's lock, its standing entries, one write and
    the audit row; as many for the fifth booking of an account as for the second."""
    client = client_for("alpha", "recorder_1")
    member = gid("Subject", subject("甲县党员乙").pk)

    def queries(key: str) -> int:
        variables = {
            "input": {"key": key, "subject": member, "item": "task_not_done",
                      "occurredOn": recent_day().isoformat()}
        }  # fmt: skip
        with CaptureQueriesContext(connection) as seen:
            result = client.graphql(RECORD, variables)
        assert codes(result, "eventRecord") == []
        return len(seen)

    queries("count-0")  # the account's first booking creates it
    counts = [queries(f"count-{n}") for n in range(1, 5)]
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 16, counts
