"""Subjects: a host branch lists its floating members without seeing their home unit."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

SUBJECTS = """{ subjects(first: 50) { totalCount edges { node {
  name homeUnit { name } hostUnit { name } } } } }"""


def test_a_floating_member_is_listed_by_the_host_branch(alpha, client_for):
    result = client_for("alpha", "secretary_1").graphql(SUBJECTS)
    assert "errors" not in result, result["errors"]
    rows = {e["node"]["name"]: e["node"] for e in result["data"]["subjects"]["edges"]}
    # homed in branch 3 (another township): the host sees the member, not the home unit
    assert rows["甲县流动党员"] == {
        "name": "甲县流动党员", "homeUnit": None, "hostUnit": {"name": "甲县一支部"},
    }  # fmt: skip
    assert rows["甲县党员甲"]["homeUnit"] == {"name": "甲县一支部"}


def test_the_home_branch_still_sees_its_floating_member_home(alpha, client_for):
    result = client_for("alpha", "county").graphql(SUBJECTS)
    rows = {e["node"]["name"]: e["node"] for e in result["data"]["subjects"]["edges"]}
    assert rows["甲县流动党员"]["homeUnit"] == {"name": "甲县三支部"}


def test_home_units_cost_one_query_per_list(alpha, client_for):
    client = client_for("alpha", "county")
    with CaptureQueriesContext(connection) as few:
        client.graphql("{ subjects(first: 1) { edges { node { homeUnit { name } } } } }")
    with CaptureQueriesContext(connection) as many:
        client.graphql("{ subjects(first: 50) { edges { node { homeUnit { name } } } } }")
    assert len(many) <= len(few)  # does not grow with the list


OWN_PERSON = """{ me { subjectId } }"""


def test_me_names_the_person_a_user_is_and_no_one_else(alpha, client_for):
    from django_tenants.utils import schema_context

    from jifen.graphql.ids import to_global_id
    from jifen.subjects.models import Subject

    with schema_context("alpha"):  # ids carry the tenant
        person = to_global_id("Subject", Subject.objects.get(user__username="member_1").pk)
    mine = client_for("alpha", "member_1").graphql(OWN_PERSON)["data"]["me"]
    assert mine == {"subjectId": person}
    # a county clerk who is nobody's subject has none, whatever their name matches
    assert client_for("alpha", "county").graphql(OWN_PERSON)["data"]["me"] == {"subjectId": None}


FLOATING = """{ subjects(first: 50) { edges { node { name floating hostUnit { name } } } } }"""


def test_a_subject_says_whether_it_is_scored_by_a_host_unit(alpha, client_for):
    # 甲县流动党员 is homed in branch 3 and hosted by branch 1
    rows = client_for("alpha", "county").graphql(FLOATING)["data"]["subjects"]["edges"]
    by_name = {e["node"]["name"]: e["node"] for e in rows}
    assert by_name["甲县流动党员"]["floating"] is True
    assert by_name["甲县党员甲"]["floating"] is False
