"""A village's households for its screens: a household's people, and the village's
ranking with stars as a close today would publish it."""

from jifen.graphql.ids import Node
from tests.jifen.graphql.test_shop_api import village  # noqa: F401 (the fixture)

gid = Node.to_global_id

RANKING = """query($u: ID!) {
  villageRanking(unit: $u) {
    ruleset households { subject { name } total rank stars gained lost }
  }
}"""
MEMBERS = """query($s: ID!) { subject(id: $s) { name members { name householdId } } }"""
OWN = """{ subjects(first: 5) { edges { node { name householdId householdName } } } }"""


def test_the_village_ranking_lists_households_with_their_stars(village, client_for):  # noqa: F811
    # given two households with 15 points each from sorting waste (base 140)
    ranking = client_for("alpha", "secretary_1").graphql(RANKING, {"u": village["unit"]})
    lines = ranking["data"]["villageRanking"]["households"]
    assert ranking["data"]["villageRanking"]["ruleset"] == "household"
    assert sorted((x["subject"]["name"], x["total"], x["rank"], x["gained"]) for x in lines) == [
        ("张三户", 155.0, 1, 15.0),
        ("李四户", 155.0, 1, 15.0),
    ]
    assert all(x["stars"] is not None for x in lines)


def test_the_ranking_is_for_the_villages_staff_only(village, client_for, in_alpha):  # noqa: F811
    for user in ("member_1", "secretary_2"):  # wrong role; another branch's secretary
        denied = client_for("alpha", user).graphql(RANKING, {"u": village["unit"]})
        assert denied["data"]["villageRanking"] is None, user
    foreign = client_for("beta", "admin").graphql(RANKING, {"u": village["unit"]})
    assert foreign["data"]["villageRanking"] is None


def test_a_household_lists_its_people_for_staff_and_its_own_members(village, client_for):  # noqa: F811
    staff = client_for("alpha", "secretary_1").graphql(MEMBERS, {"s": village["zhang"]})
    assert staff["data"]["subject"]["members"] == [
        {"name": "甲县党员甲", "householdId": village["zhang"]}
    ]
    # the member finds their household from their own record
    own = client_for("alpha", "member_1").graphql(OWN)
    [me] = [e["node"] for e in own["data"]["subjects"]["edges"]]
    assert (me["householdId"], me["householdName"]) == (village["zhang"], "张三户")
    # and reads their household's record with its people, not another household's
    mine = client_for("alpha", "member_1").graphql(MEMBERS, {"s": village["zhang"]})
    assert mine["data"]["subject"]["members"] == [
        {"name": "甲县党员甲", "householdId": village["zhang"]}
    ]
    other = client_for("alpha", "member_1").graphql(MEMBERS, {"s": village["li"]})
    assert other["data"]["subject"] is None
    # another branch's secretary does not see the household at all, nor another tenant
    assert (
        client_for("alpha", "secretary_2").graphql(MEMBERS, {"s": village["zhang"]})["data"][
            "subject"
        ]
        is None
    )
    assert (
        client_for("beta", "admin").graphql(MEMBERS, {"s": village["zhang"]})["data"]["subject"]
        is None
    )


ME = """{ me { householdId childCount } }"""
PHOTO_ITEM = """mutation($u: ID!, $p: ID!) {
  shopItemCreate(unit: $u, name: "毛巾", points: 3, photo: $p) {
    item { photoUrl } errors { code message }
  }
}"""


def test_me_names_the_household_a_user_belongs_to(village, client_for):  # noqa: F811
    assert client_for("alpha", "member_1").graphql(ME)["data"]["me"] == {
        "householdId": village["zhang"],
        "childCount": 0,
    }
    assert client_for("alpha", "secretary_1").graphql(ME)["data"]["me"]["householdId"] is None


def test_a_shop_photo_shows_to_the_households_it_serves(village, client_for):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jifen.demo.showcase import photo_png

    keeper = client_for("alpha", "secretary_1")
    upload = keeper.post(
        "/evidence", {"file": SimpleUploadedFile("towel.png", photo_png((9, 9, 9)))}
    )
    made = keeper.graphql(PHOTO_ITEM, {"u": village["unit"], "p": upload.json()["id"]})
    url = made["data"]["shopItemCreate"]["item"]["photoUrl"]
    assert made["data"]["shopItemCreate"]["errors"] == [] and url.startswith("/evidence/")
    # the household's member (below the shop's unit) sees it; another branch does not
    assert client_for("alpha", "member_1").get(url).status_code == 200
    assert client_for("alpha", "secretary_2").get(url).status_code == 404
    assert client_for("beta", "admin").get(url).status_code == 404
