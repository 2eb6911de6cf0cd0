"""A platform operator provisions a tenant from the admin; a worker builds its schema."""

import time

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from jifen.access.models import User
from jifen.org.models import OrgUnit
from tenants.models import Status, Tenant
from tenants.services import tenant_delete

pytestmark = pytest.mark.worker


def test_operator_adds_a_tenant_and_a_worker_provisions_it(
    worlds, celery_worker_process, django_db_blocker
):
    slug = "adminmade"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        operator = User.objects.create_superuser("op", password="op-pass-123")
        try:
            client = Client(HTTP_HOST="localhost")
            client.force_login(operator)
            response = client.post(
                "/admin/tenants/tenant/add/",
                {"schema_name": slug, "name": "戊县委组织部", "family": "county"},
            )
            assert response.status_code == 302, response.content[:500]
            tenant = Tenant.objects.get(schema_name=slug)
            deadline = time.monotonic() + 60
            while tenant.status != Status.ACTIVE and time.monotonic() < deadline:
                time.sleep(0.3)
                tenant.refresh_from_db()
            assert tenant.status == Status.ACTIVE
            assert schema_exists(slug)
            with schema_context(slug):
                assert OrgUnit.objects.get().name == "戊县委组织部"
            # a tenant host never shows the operators' tenant list
            assert Client(HTTP_HOST="alpha.localhost").get(
                "/admin/tenants/tenant/"
            ).status_code in (302, 404)
        finally:
            connection.set_schema_to_public()
            if Tenant.objects.filter(schema_name=slug).exists():
                tenant_delete(slug=slug, confirm=slug)
            # kept (the admin log refers to it) but signed out of the platform for good
            User.objects.filter(pk=operator.pk).update(is_active=False)
