"""The public food-grade page and the open-data API: no login, rate-limited like every
anonymous endpoint, only what the ruleset marks public (`risk_grading.public`)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from jifen.inspections.selectors import PAGE_SIZE, public_grades


def _throttled(request: HttpRequest) -> bool:
    return is_ratelimited(
        request,
        group="public",
        key=lambda _g, r: f"ip:{r.META.get('REMOTE_ADDR', '')}",
        rate=settings.GRAPHQL_RATE_ANONYMOUS,
        increment=True,
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _query(request: HttpRequest):
    return public_grades(
        name=request.GET.get("name", "")[:100],
        area=request.GET.get("area", "")[:100],
        page=_int(request.GET.get("page"), 1),
        page_size=_int(request.GET.get("pageSize"), PAGE_SIZE),
    )


def _texts() -> dict[str, str]:
    # the page's words, in the request's language (extracted with the Python sources)
    return {
        "title": _("Food safety risk grades"),
        "scale": _("A is the lowest risk, D the highest."),
        "name": _("Business name"),
        "area": _("Area"),
        "search": _("Search"),
        "grade": _("Grade"),
        "last": _("Last inspection"),
        "never": _("not inspected yet"),
        "prev": _("Previous"),
        "next": _("Next"),
        "none": _("No business matches."),
        "appeal": _(
            "A business may contest its grade with the bureau within the time its rules give; "
            "the answer comes like an answer to an objection."
        ),
        "open": _("Open data"),
    }


@require_GET
def food_grades_page(request: HttpRequest) -> HttpResponse:
    """A mobile-first list of businesses with their grade and last inspection."""
    if _throttled(request):
        return HttpResponse(_("Too many requests from you; wait a minute and try again."),
                            status=429, headers={"Retry-After": "60"})  # fmt: skip
    page = _query(request)
    return render(
        request,
        "inspections/public_grades.html",
        {
            "page": page,
            "name": request.GET.get("name", ""),
            "area": request.GET.get("area", ""),
            "tenant": getattr(connection, "tenant", None),
            "t": _texts(),
        },
    )


@require_GET
def food_grades_api(request: HttpRequest) -> JsonResponse:
    """Open data, one page at a time (`page`, `pageSize` ≤ 200, `name`, `area`)."""
    if _throttled(request):
        return JsonResponse(
            {"error": _("Too many requests from you; wait a minute and try again.")},
            status=429, headers={"Retry-After": "60"},
        )  # fmt: skip
    page = _query(request)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    tenant = getattr(connection, "tenant", None)
    return JsonResponse(
        {
            "meta": {
                "dataSource": getattr(tenant, "name", ""),
                "licence": page.licence,
                "extractDate": timezone.now().isoformat(),
                "totalCount": page.total,
                "pageNumber": page.page,
                "pageSize": page.page_size,
                "totalPages": page.pages,
                "fields": list(page.fields),
            },
            "links": {
                "self": link(page.page),
                "next": link(page.page + 1) if page.page < page.pages else None,
                "prev": link(page.page - 1) if page.page > 1 else None,
            },
            "establishments": [
                {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
                for row in page.rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
