"""POST /evidence and GET /evidence/<id>: stored through Django's storage, served only to
people who may see what the file backs, 404 (not 403) for everyone else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jifen.graphql.ids import parse_global_id as from_global_id
from tests.jifen.graphql.conftest import PNG, codes, gid, recent_day, subject

SUBMIT = """mutation($input: DeclarationInput!) { declarationSubmit(input: $input) {
  declaration { evidence { id sha256 url } } errors { code message } } }"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def upload(client, content=PNG, name="志愿服务.png"):
    return client.post("/evidence", {"file": SimpleUploadedFile(name, content)})


def test_member_uploads_attaches_and_downloads(users, client_for):
    member = client_for("alpha", "member_1")
    response = upload(member)
    assert response.status_code == 201
    body = response.json()
    assert (body["contentType"], len(body["sha256"])) == ("image/png", 64)
    result = member.graphql(SUBMIT, {"input": {
        "key": "volunteer-1", "subject": gid("Subject", subject("甲县党员甲").pk),
        "item": "volunteer", "occurredOn": recent_day().isoformat(), "evidence": [body["id"]],
    }})  # fmt: skip
    assert codes(result, "declarationSubmit") == []
    [evidence] = result["data"]["declarationSubmit"]["declaration"]["evidence"]
    assert evidence["sha256"] == body["sha256"]
    download = member.get(evidence["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    # the branch secretary sees the declaration, so the file too
    assert client_for("alpha", "secretary_1").get(evidence["url"]).status_code == 200


def test_others_get_404(users, client_for):
    response = upload(client_for("alpha", "member_1"))
    url = f"/evidence/{from_global_id(response.json()['id'])[1]}"
    assert client_for("alpha", "secretary_2").get(url).status_code == 404
    assert client_for("alpha").get(url).status_code == 404
    assert client_for("beta", "member_1").get(url).status_code == 404


def test_wrong_type_is_a_400_with_a_hint(users, client_for):
    response = upload(client_for("alpha", "member_1"), content=b"MZ\x90\x00", name="x.png")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_file" and "not a JPEG, PNG" in body["message"] and body["hint"]
    assert client_for("alpha").post("/evidence", {}).status_code == 401
