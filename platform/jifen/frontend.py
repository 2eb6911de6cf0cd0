"""The shared web app (`frontend/`): one build serves every tenant.

Django answers `/` and the app's own routes with the build's `index.html`; the app's
assets are static files under `/static/app/` (see settings: STATICFILES_DIRS), served by
WhiteNoise. Without a build, `/` says how to make one instead of failing. The index sets
the `csrftoken` cookie, which the app sends back in `X-CSRFToken` with its session.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie

# Client-side routes (frontend/src/routes.ts): a reload or a shared link on one of them
# gets the app, which then shows the screen. Everything else keeps its own view or a 404.
CLIENT_ROUTES = (
    "org", "subjects", "declarations", "review", "boards", "results", "notifications",
    "rulesets", "check-in", "market", "dashboard", "admin", "village", "school",
    # no login: public projections only (the public food grades and boards)
    "open",
)  # fmt: skip

MISSING = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>积分 Jifen</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>积分 Jifen</h1>
<p>前端尚未构建。The web app has not been built.</p>
<p>Build it with <code>make frontend</code> (runs <code>npm ci &amp;&amp; npm run build</code>
in <code>frontend/</code>), then reload. It is looked for in <code>{folder}</code>
(<code>JIFEN_FRONTEND_DIR</code>).</p>
<p>The API is at <a href="/graphql">/graphql</a>.</p>
</body></html>
"""


@ensure_csrf_cookie  # the app sends the cookie's value back in X-CSRFToken
def app_index(request: HttpRequest, route: str = "") -> HttpResponse:
    folder = Path(settings.FRONTEND_DIR)
    try:
        html = (folder / "index.html").read_bytes()
    except FileNotFoundError:
        response = HttpResponse(
            MISSING.format(folder=folder), status=503, content_type="text/html; charset=utf-8"
        )
    else:
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # index.html names the current hashed assets: always revalidate it after a deploy.
    response["Cache-Control"] = "no-cache"
    return response
