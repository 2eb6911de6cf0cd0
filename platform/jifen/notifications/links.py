"""Where a notification leads: the web app's page of the thing itself (not a list).

The paths are routes of `frontend/src/routes.tsx` that take the object's global id, the id
the API answers with, so the page loads exactly that object."""

from __future__ import annotations

from jifen.ids import to_global_id

PAGES = {
    "Declaration": "/declarations/{id}",
    "Board": "/boards/{id}",
    "Objection": "/boards/objections/{id}",
    "PeriodClose": "/results/close/{id}",
    "HostReport": "/results/host-reports/{id}",
    "Subject": "/subjects/{id}",
}


def page_of(type_name: str, pk: int) -> str:
    """`/declarations/RGVjbGFyYXRpb246NQ==` for declaration 5."""
    from urllib.parse import quote

    return PAGES[type_name].format(id=quote(to_global_id(type_name, pk), safe=""))
