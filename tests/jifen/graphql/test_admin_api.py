"""Administration over GraphQL: the org tree, the roster, users and roles. Every mutation
in four cases (allowed; wrong role; another subtree; another tenant), and an audit row for
each change that the tenant administrator reads through `auditLog`."""

import datetime as dt

import pytest
from django.utils import timezone

from jifen.access.models import User
from jifen.audit.models import AuditRecord
from jifen.ledger.models import Entry
from jifen.ledger.services import EventInput, events_record_bulk
from jifen.org.models import OrgUnit, RoleAssignment
from jifen.subjects.identity import id_card_example
from jifen.subjects.models import Subject
from tests.jifen.graphql.conftest import codes, gid

UNIT_CREATE = """mutation($parent: ID!) { unitCreate(parent: $parent, name: "新支部",
  kind: BRANCH) { unit { name kind isScoring } errors { field code message } } }"""
UNIT_UPDATE = """mutation($id: ID!) { unitUpdate(id: $id, name: "改名支部", isScoring: false) {
  unit { name isScoring } errors { field code message } } }"""
UNIT_MOVE = """mutation($id: ID!, $parent: ID!) { unitMove(id: $id, parent: $parent) {
  unit { name parentId } errors { field code message } } }"""
UNIT_CLOSE = """mutation($id: ID!) { unitClose(id: $id, reason: "合并") {
  unit { closedAt closedReason } errors { field code message } } }"""
UNIT_REOPEN = """mutation($id: ID!) { unitReopen(id: $id) {
  unit { closedAt } errors { field code message } } }"""
PERSON_CREATE = """mutation($unit: ID!, $card: String) { personCreate(input: {name: "新党员",
  homeUnit: $unit, category: "full", idCard: $card, phone: "13800000000"}) {
  subject { name idCardLast4 phone category } errors { field code message } } }"""
PERSON_UPDATE = """mutation($id: ID!, $unit: ID) { personUpdate(id: $id, input: {homeUnit: $unit,
  exemptReason: "年老体弱", exemptApprovedBy: "支部党员大会"}) {
  subject { name exemptReason exemptApprovedBy homeUnit { name } } errors { field code message } } }"""
HOUSEHOLD_CREATE = """mutation($unit: ID!, $members: [ID!]) { householdCreate(input: {
  name: "张家", homeUnit: $unit, members: $members}) { subject { name kind }
  errors { field code message } } }"""
BUSINESS_CREATE = """mutation($unit: ID!) { businessCreate(input: {name: "李记超市",
  homeUnit: $unit, category: "shop", licenceNo: "JY1234", address: "城关路1号",
  nearSchool: true}) { subject { name attributes } errors { field code message } } }"""
USER_INVITE = """mutation($unit: ID!, $name: String!) { userInvite(username: $name,
  displayName: "新记分员", role: RECORDER, unit: $unit) { user { username } initialPassword
  linkKey errors { field code message } } }"""
ROLE_GRANT = """mutation($unit: ID!, $user: String!, $role: Role!) { roleGrant(username: $user,
  role: $role, unit: $unit) { assignment { role unit { name } } errors { field code message } } }"""
ROLE_REVOKE = """mutation($unit: ID!, $user: String!, $role: Role!) { roleRevoke(username: $user,
  role: $role, unit: $unit) { revoked errors { field code message } } }"""
PASSWORD_RESET = """mutation($user: String!) { userPasswordReset(username: $user) {
  initialPassword errors { field code message } } }"""
DEACTIVATE = """mutation($user: String!) { userDeactivate(username: $user) {
  user { isActive } errors { field code message } } }"""
HOUSEHOLD_UPDATE = """mutation($id: ID!, $unit: ID!) { householdUpdate(id: $id, input: {
  name: "张家新户", homeUnit: $unit}) { subject { name } errors { field code message } } }"""
BUSINESS_UPDATE = """mutation($id: ID!, $unit: ID!) { businessUpdate(id: $id, input: {
  name: "李记便利店", homeUnit: $unit, licenceNo: "JY9"}) { subject { name } errors { field code message } } }"""


def _mutation(query: str) -> str:
    return query.split("{", 2)[1].split("(")[0].strip()


@pytest.fixture
def places(in_alpha, users, fresh_unit):
    """Ids the four cases use: an allowed place, a place of the wrong role, another
    subtree, and a unit that exists only in alpha (for beta's administrator)."""
    from jifen.org.services import unit_create

    branch_1 = OrgUnit.objects.get(pk=in_alpha.branch_1)
    empty = unit_create(parent=OrgUnit.objects.get_parent(branch_1), name="空支部", kind="branch")
    closed_t2 = unit_create(
        parent=OrgUnit.objects.get(pk=in_alpha.township_2), name="已撤支部", kind="branch"
    )
    OrgUnit.objects.filter(pk=closed_t2.pk).update(closed_at=timezone.now(), closed_reason="合并")
    kept = {}
    for unit_id, tag in (
        (in_alpha.branch_1, "b1"),
        (in_alpha.branch_3, "b3"),
        (fresh_unit.pk, "fresh"),
    ):
        for kind in ("household", "business"):
            made = Subject.objects.create(kind=kind, name=f"{kind}-{tag}", home_unit_id=unit_id,
                                          code=f"{kind}-{tag}")  # fmt: skip
            kept[f"{kind}_{tag}"] = gid("Subject", made.pk)
    return kept | {
        "closed_t2": gid("OrgUnit", closed_t2.pk),
        "empty": gid("OrgUnit", empty.pk),
        "t1": gid("OrgUnit", in_alpha.township_1),
        "t2": gid("OrgUnit", in_alpha.township_2),
        "b1": gid("OrgUnit", in_alpha.branch_1),
        "b2": gid("OrgUnit", in_alpha.branch_2),
        "b3": gid("OrgUnit", in_alpha.branch_3),
        "fresh": gid("OrgUnit", fresh_unit.pk),
        "branch_1": branch_1,
        "member_b1": gid("Subject", Subject.objects.get(name="甲县党员乙").pk),
        "member_b3": gid("Subject", Subject.objects.get(name="甲县党员丁").pk),
        "member_fresh": gid("Subject", Subject.objects.get(name="甲县党员戊").pk),
    }


# (mutation, allowed (user, variables), wrong role, other subtree, other tenant)
def _cases(p):
    return [
        (UNIT_CREATE, ("township_1", {"parent": p["t1"]}), ("secretary_1", {"parent": p["b1"]}),
         ("township_1", {"parent": p["t2"]}), {"parent": p["fresh"]}),
        (UNIT_UPDATE, ("township_1", {"id": p["b2"]}), ("secretary_1", {"id": p["b1"]}),
         ("township_1", {"id": p["b3"]}), {"id": p["fresh"]}),
        (UNIT_MOVE, ("township_1", {"id": p["b2"], "parent": p["b1"]}),
         ("secretary_1", {"id": p["b1"], "parent": p["b1"]}),
         ("township_1", {"id": p["b2"], "parent": p["t2"]}), {"id": p["fresh"], "parent": p["t1"]}),
        (UNIT_CLOSE, ("admin", {"id": p["empty"]}), ("secretary_1", {"id": p["b1"]}),
         ("township_1", {"id": p["b3"]}), {"id": p["fresh"]}),
        (UNIT_REOPEN, ("township_1", {"id": p["empty"]}), ("secretary_1", {"id": p["b1"]}),
         ("township_1", {"id": p["closed_t2"]}), {"id": p["fresh"]}),
        (PERSON_CREATE, ("secretary_1", {"unit": p["b1"], "card": id_card_example(1)}),
         ("member_1", {"unit": p["b1"]}), ("secretary_1", {"unit": p["b3"]}), {"unit": p["fresh"]}),
        (PERSON_UPDATE, ("secretary_1", {"id": p["member_b1"]}), ("recorder_1", {"id": p["member_b1"]}),
         ("secretary_1", {"id": p["member_b3"]}), {"id": p["member_fresh"]}),
        (HOUSEHOLD_CREATE, ("secretary_1", {"unit": p["b1"], "members": [p["member_b1"]]}),
         ("recorder_1", {"unit": p["b1"]}), ("secretary_1", {"unit": p["b3"]}), {"unit": p["fresh"]}),
        (BUSINESS_CREATE, ("township_1", {"unit": p["b1"]}), ("supervisor_1", {"unit": p["b1"]}),
         ("township_1", {"unit": p["b3"]}), {"unit": p["fresh"]}),
        (HOUSEHOLD_UPDATE, ("secretary_1", {"id": p["household_b1"], "unit": p["b1"]}),
         ("recorder_1", {"id": p["household_b1"], "unit": p["b1"]}),
         ("secretary_1", {"id": p["household_b3"], "unit": p["b3"]}),
         {"id": p["household_fresh"], "unit": p["fresh"]}),
        (BUSINESS_UPDATE, ("township_1", {"id": p["business_b1"], "unit": p["b1"]}),
         ("supervisor_1", {"id": p["business_b1"], "unit": p["b1"]}),
         ("township_1", {"id": p["business_b3"], "unit": p["b3"]}),
         {"id": p["business_fresh"], "unit": p["fresh"]}),
        (USER_INVITE, ("admin", {"unit": p["b1"], "name": "new_recorder"}),
         ("county", {"unit": p["b1"], "name": "x1"}), None, {"unit": p["fresh"], "name": "x2"}),
        (ROLE_GRANT, ("admin", {"unit": p["b2"], "user": "recorder_1", "role": "RECORDER"}),
         ("county", {"unit": p["b2"], "user": "recorder_1", "role": "RECORDER"}), None,
         {"unit": p["fresh"], "user": "admin", "role": "RECORDER"}),
        (ROLE_REVOKE, ("admin", {"unit": p["b1"], "user": "recorder_1", "role": "RECORDER"}),
         ("county", {"unit": p["b1"], "user": "recorder_1", "role": "RECORDER"}), None,
         {"unit": p["fresh"], "user": "admin", "role": "ADMIN"}),
        (PASSWORD_RESET, ("admin", {"user": "member_1"}), ("county", {"user": "member_1"}),
         None, {"user": "new_recorder"}),
        (DEACTIVATE, ("admin", {"user": "member_1"}), ("secretary_1", {"user": "member_1"}),
         None, {"user": "new_recorder"}),
    ]  # fmt: skip


def test_every_admin_mutation_in_the_four_permission_cases(places, client_for):
    for query, allowed, wrong_role, other_subtree, other_tenant in _cases(places):
        name = _mutation(query)
        assert codes(client_for("alpha", wrong_role[0]).graphql(query, wrong_role[1]), name) in (
            ["PERMISSION_DENIED"],
            ["NOT_FOUND"],  # a member does not even see other people's records
        ), name
        if other_subtree is not None:
            refused = client_for("alpha", other_subtree[0]).graphql(query, other_subtree[1])
            assert codes(refused, name) == ["NOT_FOUND"], name
        before = AuditRecord.objects.count()
        assert codes(client_for("alpha", allowed[0]).graphql(query, allowed[1]), name) == [], name
        assert AuditRecord.objects.count() > before, f"{name} left no audit row"
        refused = client_for("beta", "admin").graphql(query, other_tenant)
        assert codes(refused, name) == ["NOT_FOUND"], name


def test_the_recorder_and_the_supervisor_are_different_people(places, client_for):
    admin = client_for("alpha", "admin")
    # supervisor_1 supervises branch 1: recording there, or in the township above, is refused
    for unit in (places["b1"], places["t1"]):
        refused = admin.graphql(
            ROLE_GRANT, {"unit": unit, "user": "supervisor_1", "role": "RECORDER"}
        )
        assert codes(refused, "roleGrant") == ["CONFLICT"]
        assert "supervisor" in refused["data"]["roleGrant"]["errors"][0]["message"]
    # in another branch, nobody watches themselves
    allowed = admin.graphql(
        ROLE_GRANT, {"unit": places["b2"], "user": "supervisor_1", "role": "RECORDER"}
    )
    assert codes(allowed, "roleGrant") == []


def test_moving_a_branch_keeps_its_members_roles_and_points(in_alpha, places, client_for):
    # given a member of branch 1 with points
    from jifen.access.services import system_actor

    member = Subject.objects.get(name="甲县党员乙")
    events_record_bulk(
        actor=system_actor(),
        items=[EventInput(key="mv-1", subject_id=member.pk, item="volunteer",
                          occurred_on=dt.date(2026, 3, 1))],
    )  # fmt: skip
    points = list(Entry.objects.filter(account__subject=member).values_list("pk", flat=True))
    assert points
    # when branch 1 moves from township 1 to township 2
    moved = client_for("alpha", "admin").graphql(
        UNIT_MOVE, {"id": places["b1"], "parent": places["t2"]}
    )
    # then it is under township 2 with the same members, roles and entries
    assert moved["data"]["unitMove"] == {
        "unit": {"name": "甲县一支部", "parentId": places["t2"]}, "errors": [],
    }  # fmt: skip
    branch = OrgUnit.objects.get(pk=in_alpha.branch_1)
    assert OrgUnit.objects.get_parent(branch).pk == in_alpha.township_2
    member.refresh_from_db()
    assert member.home_unit_id == branch.pk
    assert (
        list(Entry.objects.filter(account__subject=member).values_list("pk", flat=True)) == points
    )
    assert RoleAssignment.objects.filter(unit=branch, user__username="secretary_1").exists()
    # township 1's superior no longer sees it; township 2's tree holds it
    assert codes(client_for("alpha", "township_1").graphql(UNIT_UPDATE, {"id": places["b1"]}), "unitUpdate") == ["NOT_FOUND"]  # fmt: skip


def test_a_unit_with_members_is_not_closed_and_a_closed_unit_takes_nobody(places, client_for):
    admin = client_for("alpha", "admin")
    refused = admin.graphql(UNIT_CLOSE, {"id": places["b1"]})
    assert codes(refused, "unitClose") == ["CONFLICT"]
    assert "move them to another unit first" in refused["data"]["unitClose"]["errors"][0]["message"]
    # an empty unit closes; then nobody can be registered there until it reopens
    created = admin.graphql(UNIT_CREATE, {"parent": places["t1"]})["data"]["unitCreate"]
    new = OrgUnit.objects.get(name="新支部")
    assert created["errors"] == []
    assert codes(admin.graphql(UNIT_CLOSE, {"id": gid("OrgUnit", new.pk)}), "unitClose") == []
    assert codes(admin.graphql(PERSON_CREATE, {"unit": gid("OrgUnit", new.pk)}), "personCreate") == ["CONFLICT"]  # fmt: skip
    assert codes(admin.graphql(UNIT_REOPEN, {"id": gid("OrgUnit", new.pk)}), "unitReopen") == []
    assert codes(admin.graphql(PERSON_CREATE, {"unit": gid("OrgUnit", new.pk)}), "personCreate") == []  # fmt: skip


def test_an_id_card_is_kept_as_a_keyed_hash_and_its_last_four(places, client_for, settings):
    card = id_card_example(42)
    created = client_for("alpha", "secretary_1").graphql(
        PERSON_CREATE, {"unit": places["b1"], "card": card}
    )["data"]["personCreate"]
    assert created["subject"]["idCardLast4"] == card[-4:]
    person = Subject.objects.get(name="新党员")
    assert card not in person.id_card_hash and len(person.id_card_hash) == 64
    assert not AuditRecord.objects.filter(after__icontains=card).exists()
    # the same number twice is one person; a wrong check digit says where to look
    again = client_for("alpha", "secretary_1").graphql(
        PERSON_CREATE, {"unit": places["b1"], "card": card}
    )
    assert codes(again, "personCreate") == ["CONFLICT"]
    typo = card[:-2] + str((int(card[-2]) + 1) % 10) + card[-1]
    bad = client_for("alpha", "secretary_1").graphql(
        PERSON_CREATE, {"unit": places["b1"], "card": typo}
    )["data"]["personCreate"]["errors"]
    assert bad[0]["field"] == "idCard" and "check character" in bad[0]["message"]
    # with another key, the same number hashes differently: the key is what protects it
    from jifen.subjects.identity import id_card_hash

    settings.ID_CARD_KEY = "another-key"
    assert id_card_hash(card) != person.id_card_hash


def test_an_exemption_needs_its_approver_and_the_audit_shows_before_and_after(places, client_for):
    secretary = client_for("alpha", "secretary_1")
    missing = secretary.graphql(
        """mutation($id: ID!) { personUpdate(id: $id, input: {exemptReason: "外出务工"}) {
        errors { field code } } }""",
        {"id": places["member_b1"]},
    )
    assert missing["data"]["personUpdate"]["errors"] == [
        {"field": "exemptApprovedBy", "code": "VALIDATION_FAILED"}
    ]
    assert (
        codes(secretary.graphql(PERSON_UPDATE, {"id": places["member_b1"]}), "personUpdate") == []
    )
    log = client_for("alpha", "admin").graphql(
        """{ auditLog(first: 1, action: "subject.update") { edges { node { action target
        actor { username } before after } } } }"""
    )["data"]["auditLog"]["edges"][0]["node"]
    assert log["actor"] == {"username": "secretary_1"}
    assert log["target"] == "甲县党员乙"
    assert (log["before"]["exempt_reason"], log["after"]["exempt_reason"]) == ("", "年老体弱")
    assert log["after"]["exempt_approved_by"] == "支部党员大会"
    # and nobody but the tenant administrator reads the log
    edges = client_for("alpha", "county").graphql(
        "{ auditLog(first: 5) { edges { node { action } } } }"
    )
    assert edges["data"]["auditLog"]["edges"] == []


def test_moving_a_member_keeps_their_record(in_alpha, places, client_for):
    member = Subject.objects.get(name="甲县党员乙")
    moved = client_for("alpha", "township_1").graphql(
        PERSON_UPDATE, {"id": places["member_b1"], "unit": places["b2"]}
    )["data"]["personUpdate"]
    assert moved["errors"] == [] and moved["subject"]["homeUnit"] == {"name": "甲县二支部"}
    assert Subject.objects.get(pk=member.pk).home_unit_id == in_alpha.branch_2
    assert AuditRecord.objects.filter(action="subject.move", target_id=str(member.pk)).exists()


def test_an_invited_user_gets_a_password_to_change_or_a_one_time_link(places, client_for):
    admin = client_for("alpha", "admin")
    invited = admin.graphql(USER_INVITE, {"unit": places["b1"], "name": "rec_2"})["data"]
    invited = invited["userInvite"]
    user = User.objects.get(username="rec_2")
    assert user.must_change_password and user.check_password(invited["initialPassword"])
    assert RoleAssignment.objects.filter(
        user=user, role="recorder", unit=places["branch_1"]
    ).exists()
    by_link = admin.graphql(
        """mutation($unit: ID!) { userInvite(username: "rec_3", displayName: "x", role: MEMBER,
        unit: $unit, byLink: true) { initialPassword linkKey errors { code } } }""",
        {"unit": places["b1"]},
    )["data"]["userInvite"]
    assert by_link["initialPassword"] is None and by_link["linkKey"]
    use = """mutation($key: String!) { passwordSetWithLink(key: $key, password: "Long-enough-9") {
      username errors { code } } }"""
    anonymous = client_for("alpha")
    assert anonymous.graphql(use, {"key": by_link["linkKey"]})["data"]["passwordSetWithLink"] == {
        "username": "rec_3", "errors": [],
    }  # fmt: skip
    assert User.objects.get(username="rec_3").check_password("Long-enough-9")
    assert codes(anonymous.graphql(use, {"key": by_link["linkKey"]}), "passwordSetWithLink") == ["AUTHENTICATION_FAILED"]  # fmt: skip
    taken = admin.graphql(USER_INVITE, {"unit": places["b1"], "name": "rec_2"})
    assert codes(taken, "userInvite") == ["CONFLICT"]


def test_a_deactivated_user_loses_their_tokens(places, client_for):
    member = client_for("alpha", "member_1")
    assert member.graphql("{ me { username } }")["data"]["me"] == {"username": "member_1"}
    assert codes(client_for("alpha", "admin").graphql(DEACTIVATE, {"user": "member_1"}), "userDeactivate") == []  # fmt: skip
    assert member.post("/graphql", data="{}", content_type="application/json").status_code == 401
    listed = client_for("alpha", "admin").graphql(
        "{ users(first: 50) { edges { node { username isActive roles { role } } } } }"
    )["data"]["users"]["edges"]
    assert {"username": "member_1", "isActive": False, "roles": [{"role": "MEMBER"}]} in [
        e["node"] for e in listed
    ]


def test_the_user_list_searches_usernames_names_and_phones_within_scope(
    in_alpha, places, client_for
):
    from jifen.org.models import Role
    from jifen.testing.factories import UserFactory

    # given a user of township 1 found by name and phone, and an administrator of township 2
    UserFactory(
        username="t1_zhao",
        display_name="赵敏",
        phone="13911112222",
        roles=[(Role.MEMBER, OrgUnit.objects.get(pk=in_alpha.township_1))],
    )
    UserFactory(
        username="t2_admin", roles=[(Role.ADMIN, OrgUnit.objects.get(pk=in_alpha.township_2))]
    )
    query = "query($s: String) { users(search: $s, first: 20) { totalCount edges { node { username } } } }"  # fmt: skip

    def found(client, term):
        page = client.graphql(query, {"s": term})["data"]["users"]
        return page["totalCount"], [e["node"]["username"] for e in page["edges"]]

    admin = client_for("alpha", "admin")
    # when / then
    assert found(admin, "赵") == (1, ["t1_zhao"])
    assert found(admin, "T1_ZH") == (1, ["t1_zhao"])
    assert found(admin, "1111222") == (1, ["t1_zhao"])
    assert found(admin, "no-such-person") == (0, [])
    assert found(client_for("alpha", "t2_admin"), "赵") == (0, [])


def test_a_subtree_administrator_manages_only_their_subtrees_people(in_alpha, places, client_for):
    from jifen.org.models import Role
    from jifen.testing.factories import UserFactory

    UserFactory(
        username="t1_admin", roles=[(Role.ADMIN, OrgUnit.objects.get(pk=in_alpha.township_1))]
    )
    sub_admin = client_for("alpha", "t1_admin")
    # inside township 1: invite, grant, reset
    assert (
        codes(
            sub_admin.graphql(USER_INVITE, {"unit": places["b1"], "name": "t1_new"}), "userInvite"
        )
        == []
    )
    assert codes(sub_admin.graphql(ROLE_GRANT, {"unit": places["b2"], "user": "t1_new", "role": "MEMBER"}), "roleGrant") == []  # fmt: skip
    assert (
        codes(sub_admin.graphql(PASSWORD_RESET, {"user": "secretary_2"}), "userPasswordReset") == []
    )
    # outside it: township 2's units and the county's people are not theirs to see
    assert codes(sub_admin.graphql(USER_INVITE, {"unit": places["b3"], "name": "t2_new"}), "userInvite") == ["NOT_FOUND"]  # fmt: skip
    assert codes(sub_admin.graphql(ROLE_GRANT, {"unit": places["b3"], "user": "t1_new", "role": "MEMBER"}), "roleGrant") == ["NOT_FOUND"]  # fmt: skip
    assert codes(sub_admin.graphql(PASSWORD_RESET, {"user": "county"}), "userPasswordReset") == [
        "NOT_FOUND"
    ]
    assert codes(sub_admin.graphql(DEACTIVATE, {"user": "county"}), "userDeactivate") == [
        "NOT_FOUND"
    ]
    assert codes(sub_admin.graphql(ROLE_REVOKE, {"unit": places["t2"], "user": "county", "role": "SUPERIOR"}), "roleRevoke") == ["NOT_FOUND"]  # fmt: skip
