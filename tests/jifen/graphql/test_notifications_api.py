"""The inbox: each user reads and marks only their own notifications; the procedure
notifies the unit's members when a board opens and the declarer when it is decided."""

from urllib.parse import quote

from django.utils.translation import gettext_lazy
from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.notifications.models import Notification
from jifen.notifications.services import Text, notify
from tests.jifen.graphql.conftest import accepted, gid, on_board

INBOX = """{ unreadNotificationCount notifications(first: 10) { totalCount
  edges { node { id kind title link read } } } }"""
MARK = """mutation($ids: [ID!]) { notificationsMarkRead(ids: $ids) { marked unreadCount
  errors { code } } }"""


def test_a_board_and_a_decision_reach_the_members_inbox(users, client_for):
    _declaration, board = on_board(users)
    inbox = client_for("alpha", "member_1").graphql(INBOX)["data"]
    kinds = sorted(e["node"]["kind"] for e in inbox["notifications"]["edges"])
    assert kinds == ["board_opened", "declaration_decided"]
    assert inbox["unreadNotificationCount"] == 2
    opened = next(
        e["node"] for e in inbox["notifications"]["edges"] if e["node"]["kind"] == "board_opened"
    )
    # the board itself, in the member's language (Chinese unless they chose English)
    assert opened["link"] == f"/boards/{quote(gid('Board', board.pk), safe='')}"
    assert f"至 {board.closes_on}" in opened["title"]


def test_titles_are_in_each_recipients_language(users, client_for):
    english = client_for("alpha", "member_1")
    chosen = english.graphql(LANGUAGE, {"l": "EN"})["data"]["languageSet"]
    assert chosen == {"me": {"language": "EN"}, "errors": []}
    declaration = accepted(users)  # decided by the secretary, whose language is Chinese
    with schema_context("alpha"):
        [told] = Notification.objects.filter(kind="declaration_decided")
    assert told.title == (
        f"the declaration for 甲县党员乙 of {declaration.occurred_on} passed the preliminary review"
    )
    assert told.link == f"/declarations/{quote(gid('Declaration', declaration.pk), safe='')}"
    client_for("alpha", "member_1").graphql(LANGUAGE, {"l": "ZH_HANS"})
    with schema_context("alpha"):
        member = User.objects.get(username="member_1")
        notify(
            recipients=[member], kind="t", dedupe_key="zh",
            title=Text(gettext_lazy("upheld")),
        )  # fmt: skip
        assert Notification.objects.get(dedupe_key="zh").title == "异议成立"
    # a language the platform does not speak
    bad = client_for("alpha", "member_1").graphql(
        'mutation { languageSet(language: "fr") { errors { code } } }'
    )
    assert "errors" in bad


LANGUAGE = """mutation($l: Language!) {
  languageSet(language: $l) { me { language } errors { code field } }
}"""


def test_a_user_marks_their_own_notifications_read(users, client_for):
    with schema_context("alpha"):
        member = User.objects.get(username="member_1")
        notify(recipients=[member], kind="t", title="一", dedupe_key="1")
        notify(recipients=[member], kind="t", title="二", dedupe_key="2")
        first = Notification.objects.get(dedupe_key="1")
    client = client_for("alpha", "member_1")
    marked = client.graphql(MARK, {"ids": [gid("Notification", first.pk)]})
    assert marked["data"]["notificationsMarkRead"] == {"marked": 1, "unreadCount": 1, "errors": []}
    assert client.graphql(MARK)["data"]["notificationsMarkRead"]["unreadCount"] == 0


def test_nobody_reads_or_marks_anothers_notifications(users, client_for):
    with schema_context("alpha"):
        notify(
            recipients=[User.objects.get(username="member_1")], kind="t", title="x", dedupe_key="1"
        )
        mine = Notification.objects.get()
    other = client_for("alpha", "secretary_1")
    assert other.graphql(INBOX)["data"]["notifications"]["totalCount"] == 0
    assert (
        other.graphql(MARK, {"ids": [gid("Notification", mine.pk)]})["data"][
            "notificationsMarkRead"
        ]["marked"]
        == 0
    )
    assert client_for("beta", "admin").graphql(INBOX)["data"]["notifications"]["totalCount"] == 0
    anonymous = client_for("alpha").graphql(INBOX)["data"]
    assert anonymous["unreadNotificationCount"] == 0
    with schema_context("alpha"):
        assert Notification.objects.get().read_at is None
