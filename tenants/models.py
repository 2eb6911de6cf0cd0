"""Tenant and domain models (public schema)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

# The slug is both the schema name and the first label of the host name, so it is limited
# to what both accept: no underscores (invalid in host names), no hyphens (need quoting).
SLUG_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9]{1,40}$",
    gettext_lazy("A tenant slug is 2–41 lower-case letters or digits, starting with a letter."),
)


class Family(models.TextChoices):
    """The kinds of organisation that run a points scheme (see DOMAIN.md)."""

    COUNTY = "county", "县委组织部 County organisation department"
    ENTERPRISE = "enterprise", "企业 Enterprise"
    SCHOOL = "school", "学校 School"
    VILLAGE = "village", "乡镇/村 Township or village"
    MARKET = "market", "市场监管局 Market-supervision bureau"
    PLATFORM = "platform", "平台 Platform (public schema)"


class Status(models.TextChoices):
    PROVISIONING = "provisioning", "Provisioning"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"


class Tenant(TenantMixin):
    name = models.CharField(max_length=200)
    family = models.CharField(max_length=20, choices=Family.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROVISIONING)
    suspended_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are created by `tenant_create` (CLI or a worker), never inside a web request,
    # and dropped only by the deliberate `tenant_delete`.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["schema_name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.schema_name})"

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE


class Domain(DomainMixin):
    def __str__(self) -> str:
        return self.domain
