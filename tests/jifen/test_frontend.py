"""The web app is served on tenant hosts: index.html for its routes, assets by WhiteNoise."""

import pytest

from jifen.testing.clients import TenantClient

INDEX = '<!doctype html><div id="root"></div><script src="/static/app/assets/index-Ab12Cd34.js">'


@pytest.fixture
def build(tmp_path, settings):
    """A fake build folder in place of `frontend/dist`."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    (tmp_path / "assets" / "index-Ab12Cd34.js").write_text("console.log(1)", encoding="utf-8")
    settings.FRONTEND_DIR = str(tmp_path)
    settings.STATICFILES_DIRS = [("app", str(tmp_path))]
    return tmp_path


def test_the_app_answers_its_routes_with_index_html(alpha, build):
    client = TenantClient("alpha")
    for path in ("/", "/org", "/review", "/boards/Qm9hcmQ6MQ==", "/open/village-board"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode() == INDEX
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["Cache-Control"] == "no-cache"


def test_the_apps_admin_pages_are_not_taken_by_djangos_admin(alpha, build):
    client = TenantClient("alpha")
    for path in (
        "/admin/users",
        "/admin/imports",
        "/admin/imports/SW1wb3J0Sm9iOjE=",
        "/admin/audit",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode() == INDEX
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 200


def test_assets_are_served_by_whitenoise_and_cached_for_ever(alpha, build):
    response = TenantClient("alpha").get("/static/app/assets/index-Ab12Cd34.js")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"console.log(1)"
    assert "immutable" in response["Cache-Control"]


def test_other_routes_keep_their_views(alpha, build):
    client = TenantClient("alpha")
    assert client.post("/graphql", {"query": "{ me { username } }"}, content_type="application/json").json() == {"data": {"me": None}}  # fmt: skip
    assert client.get("/admin/").status_code == 302
    assert client.get("/healthz").json() == {"status": "alive"}
    assert client.get("/nosuch").status_code == 404
    assert client.get("/organisation").status_code == 404


def test_a_missing_build_says_how_to_make_one(alpha, tmp_path, settings):
    settings.FRONTEND_DIR = str(tmp_path / "dist")
    response = TenantClient("alpha").get("/")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "make frontend" in page
    assert str(tmp_path / "dist") in page


def test_graphiql_loads_the_pinned_files_from_our_static_files_not_a_cdn(rf):
    """Offline, a CDN is a blank page: the files come from the app's build, with
    graphene-django's own integrity hashes, at the versions frontend/graphiql pins."""
    import json
    import re
    from pathlib import Path

    from django.template.loader import render_to_string
    from graphene_django.views import GraphQLView

    pins = {
        k: getattr(GraphQLView, k) for k in dir(GraphQLView) if k.endswith(("_sri", "_version"))
    }
    page = render_to_string("graphene/graphiql.html", pins, request=rf.get("/graphql"))
    assert "cdn." not in page and "https://" not in page
    names = (
        "graphiql.min.css", "graphiql-plugin-explorer.css", "fetch.umd.js",
        "react.production.min.js", "react-dom.production.min.js", "graphiql.min.js",
        "graphql-ws.min.js", "graphiql-plugin-explorer.umd.js",
    )  # fmt: skip
    assert set(re.findall(r'(?:src|href)="([^"]+)"', page)) == {
        *(f"/static/app/graphiql/{name}" for name in names),
        "/static/graphene_django/graphiql.js",
    }
    for sri in (v for k, v in pins.items() if k.endswith("_sri")):
        assert f'integrity="{sri}"' in page
    lock = json.loads(
        (Path(__file__).parents[2] / "frontend" / "graphiql" / "package-lock.json").read_text()
    )["packages"]
    assert lock["node_modules/graphiql"]["version"] == GraphQLView.graphiql_version
    assert lock["node_modules/react"]["version"] == GraphQLView.react_version
    assert lock["node_modules/react-dom"]["version"] == GraphQLView.react_version
    assert lock["node_modules/whatwg-fetch"]["version"] == GraphQLView.whatwg_fetch_version
    assert (
        lock["node_modules/graphql-ws"]["version"] == GraphQLView.subscriptions_transport_ws_version
    )
    assert (
        lock["node_modules/@graphiql/plugin-explorer"]["version"]
        == GraphQLView.graphiql_plugin_explorer_version
    )


def test_the_village_and_school_screens_reload_into_the_app(alpha, build):
    client = TenantClient("alpha")
    for path in ("/village", "/village/shop", "/village/households/U3ViamVjdDox", "/school",
                 "/school/pupils/U3ViamVjdDox", "/school/children"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode() == INDEX
