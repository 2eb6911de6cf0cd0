"""The demo's logins: one per role, someone who can do the role's work, shown while it runs."""

from django.test import override_settings

from jifen.demo.logins import DEMO_ROLES, DemoLogin, demo_logins

OPTIONS = "{ signInOptions { demoLogins { username role unit } } }"


def test_one_login_per_role_each_able_to_do_its_work(in_alpha):
    assert demo_logins() == [
        # member_1 has a record of their own, scored at home: they can declare
        DemoLogin("member_1", "member", "甲县一支部"),
        DemoLogin("recorder_1", "recorder", "甲县一支部"),
        DemoLogin("supervisor_1", "supervisor", "甲县一支部"),
        DemoLogin("secretary_1", "secretary", "甲县一支部"),
        # the county before the township
        DemoLogin("county", "superior", "甲县"),
        DemoLogin("admin", "admin", "甲县"),
    ]


def test_a_family_adds_its_role_to_the_table(in_alpha, monkeypatch):
    from jifen.demo import logins
    from jifen.org.models import RoleAssignment

    extra = logins.DemoRole("parent", lambda: RoleAssignment.objects.get(user__username="member_1"))
    monkeypatch.setattr(logins, "DEMO_ROLES", [*DEMO_ROLES, extra])
    assert demo_logins()[-1] == DemoLogin("member_1", "parent", "甲县一支部")


def test_the_sign_in_page_lists_them_only_while_the_demo_runs(in_alpha, client_for):
    anonymous = client_for("alpha")
    assert anonymous.graphql(OPTIONS)["data"]["signInOptions"]["demoLogins"] == []
    with override_settings(DEMO=True):
        listed = anonymous.graphql(OPTIONS)["data"]["signInOptions"]["demoLogins"]
    assert listed[0] == {"username": "member_1", "role": "member", "unit": "甲县一支部"}
    assert [row["role"] for row in listed] == [
        "member", "recorder", "supervisor", "secretary", "superior", "admin"
    ]  # fmt: skip


def test_another_tenant_lists_its_own(in_alpha, client_for):
    with override_settings(DEMO=True):
        listed = client_for("beta").graphql(OPTIONS)["data"]["signInOptions"]["demoLogins"]
    assert {row["unit"] for row in listed} == {"乙县一支部", "乙县"}
