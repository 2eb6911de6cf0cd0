"""The inbox: each user reads and marks only their own notifications; the procedure
notifies the unit's members when a board opens and the declarer when it is decided."""

from django_tenants.utils import schema_context

from jifen.access.models import User
from jifen.notifications.models import Notification
from jifen.notifications.services import notify
from tests.jifen.graphql.conftest import gid, on_board

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
    assert (
        opened["link"] == f"/boards?board={board.pk}" and f"至 {board.closes_on}" in opened["title"]
    )


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
