"""URLs served on a tenant's host name (<slug>.<base domain>)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from jifen.exports.views import export_download, export_print
from jifen.frontend import CLIENT_ROUTES, app_index
from jifen.graphql.views import JifenGraphQLView
from jifen.inspections.views import food_grades_api, food_grades_page
from jifen.procedure.views import evidence_create, evidence_download

urlpatterns = [
    path("graphql", JifenGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
    # no login: the public food-grade page and its open data
    path("public/food-grades", food_grades_page, name="public_food_grades"),
    path("public/open-data/food-grades.json", food_grades_api, name="open_data_food_grades"),
    path("evidence", evidence_create, name="evidence_create"),
    path("evidence/<int:pk>", evidence_download, name="evidence_download"),
    path("exports/<int:pk>", export_download, name="export_download"),
    path("exports/print/<str:form>", export_print, name="export_print"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="admin/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The app's own admin pages (/admin/users, /admin/imports/<id>) share the prefix with
    # Django's admin, whose every URL ends in a slash: a path without one is the app's.
    re_path(r"^(?P<route>admin/[^/]+(?:/[^/]+)*)$", app_index),
    path("admin/", admin.site.urls),
    path("", app_index, name="app"),
    re_path(rf"^(?P<route>(?:{'|'.join(CLIENT_ROUTES)})(?:/.*)?)$", app_index),
]
