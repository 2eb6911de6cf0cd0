"""The `jifen` command: one entry point for operators, developers and containers."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence


def _development_defaults() -> None:
    """Without server URLs this is a developer's machine: embedded servers, debug on."""
    if not os.environ.get("DATABASE_URL") and not os.environ.get("JIFEN_TESTING"):
        os.environ.setdefault("JIFEN_DEBUG", "1")


def _django(debug_default: bool = False) -> None:
    """Resolve the backing services, then set Django up."""
    if debug_default:
        os.environ.setdefault("JIFEN_DEBUG", "1")
    _development_defaults()
    from jifen import embedded

    embedded.ensure_services()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
    import django

    django.setup()


def _manage(*args: str, **options: object) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


# --- services -----------------------------------------------------------------------------


def cmd_services(args: argparse.Namespace) -> int:
    from jifen import embedded

    if args.action == "start":
        services = embedded.ensure_services()
        print(f"DATABASE_URL={services.database_url}")
        print(f"REDIS_URL={services.redis_url}")
    elif args.action == "stop":
        stopped = embedded.stop_services()
        print("stopped: " + (", ".join(stopped) or "nothing was running"))
    elif args.action == "reset":
        embedded.reset_data_dir()
        print(f"removed {embedded.data_dir()}")
    return 0


# --- migrations -----------------------------------------------------------------------------


def cmd_migrate(args: argparse.Namespace) -> int:
    _django()
    from jifen.migrations_status import tenants_behind

    if args.check:
        behind = tenants_behind()
        for schema, migrations in behind.items():
            print(f"{schema}: {len(migrations)} unapplied ({', '.join(migrations[:5])}…)")
        print("all schemas are up to date" if not behind else f"{len(behind)} schema(s) behind")
        return 1 if behind else 0
    _manage("migrate_schemas", "--shared", interactive=False, verbosity=args.verbosity)
    from django.conf import settings

    from tenants.services import platform_ensure_public

    platform_ensure_public()

    from django_tenants.utils import get_tenant_model

    from jifen.migrations_status import schemas_behind

    schemas = list(
        get_tenant_model()
        .objects.exclude(schema_name="public")
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    # A release without tenant migrations (or a re-run after a stopped one) skips the
    # schemas that are up to date: one small query each instead of migrate_schemas' scan
    # of every relation of the database per schema.
    behind = schemas_behind(schemas)
    print(f"{len(behind)} of {len(schemas)} tenant schema(s) to migrate")
    executor = (
        "multiprocessing" if settings.TENANT_MULTIPROCESSING_MAX_PROCESSES > 1 else "standard"
    )
    if len(behind) > len(schemas) // 2:
        _manage(
            "migrate_schemas",
            "--tenant",
            executor=executor,
            interactive=False,
            verbosity=args.verbosity,
        )
    else:
        for schema in behind:
            _manage(
                "migrate_schemas",
                schema_name=schema,
                interactive=False,
                verbosity=args.verbosity,
            )
    from tenants.services import template_schema_ensure

    template_schema_ensure(verbosity=args.verbosity)  # new tenants are cloned from it
    if settings.DATABASE_APP_ROLE:
        from jifen.db_roles import app_role_grant

        granted = app_role_grant(role=settings.DATABASE_APP_ROLE)
        print(f"granted {settings.DATABASE_APP_ROLE} the application's privileges in "
              f"{len(granted)} schema(s)")  # fmt: skip
    return 0


# --- processes ----------------------------------------------------------------------------


def _web_argv(bind: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "jifen.wsgi:application",
        "-c", "python:jifen.gunicorn_conf",  # multi-process Prometheus metrics
        "--bind", bind,
        "--workers", str(workers),
        "--threads", "4",
        # A worker that stops answering its master this long is killed and replaced; the
        # statements themselves stop sooner (WEB_STATEMENT_TIMEOUT_MS).
        "--timeout", os.environ.get("JIFEN_WEB_TIMEOUT", "60"),
        "--graceful-timeout", "30",
        # durable-rules never unloads a compiled ruleset: recycle to keep memory bounded.
        "--max-requests", "2000", "--max-requests-jitter", "200",
        "--access-logfile", "-",
        "--forwarded-allow-ips", "*",
    ]  # fmt: skip


def _worker_argv(concurrency: int) -> list[str]:
    return [
        sys.executable, "-m", "celery", "-A", "workers.app", "worker",
        "--loglevel", "INFO", "--concurrency", str(concurrency), "-E",
    ]  # fmt: skip


def _beat_argv() -> list[str]:
    from jifen import embedded

    return [
        sys.executable, "-m", "celery", "-A", "workers.app", "beat",
        "--loglevel", "INFO",
        "--schedule", str(embedded.data_dir() / "celerybeat-schedule"),
    ]  # fmt: skip


def _exec(argv: list[str]) -> int:
    from jifen import embedded

    _development_defaults()
    embedded.ensure_services()
    os.execv(argv[0], argv)
    return 0  # unreachable


def cmd_web(args: argparse.Namespace) -> int:
    return _exec(_web_argv(args.bind, args.workers))


def cmd_worker(args: argparse.Namespace) -> int:
    from jifen.metrics_multiprocess import multiprocess_dir_prepare

    # Before Celery imports anything that could import prometheus_client (see workers/app.py).
    multiprocess_dir_prepare()
    return _exec(_worker_argv(args.concurrency))


def cmd_beat(args: argparse.Namespace) -> int:
    return _exec(_beat_argv())


def run_together(
    commands: dict[str, list[str]],
    *,
    restarts: int = 3,
    window: float = 60.0,
    backoff: float = 1.0,
) -> int:
    """Supervise processes side by side until interrupted: a child that dies is started
    again (after `backoff` seconds, doubling), unless it died `restarts` times within
    `window` seconds; then everything stops with a message that names it. Ctrl-C or
    SIGTERM stops all cleanly (exit 0)."""
    procs = {name: subprocess.Popen(argv) for name, argv in commands.items()}
    deaths: dict[str, list[float]] = {name: [] for name in commands}
    stopping = False

    def _stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    exit_code = 0
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is None:
                continue
            now = time.monotonic()
            recent = [t for t in deaths[name] if now - t < window] + [now]
            deaths[name] = recent
            if len(recent) > restarts:
                print(
                    f"{name} exited with {proc.returncode} {len(recent)} times within "
                    f"{window:.0f} s; giving up and stopping the others. Look at {name}'s "
                    "output above for the cause.",
                    flush=True,
                )
                exit_code = proc.returncode or 1
                stopping = True
                break
            delay = backoff * 2 ** (len(recent) - 1)
            print(
                f"{name} exited with {proc.returncode}; starting it again in {delay:.0f} s "
                f"(restart {len(recent)} of {restarts} within {window:.0f} s).",
                flush=True,
            )
            time.sleep(delay)
            procs[name] = subprocess.Popen(commands[name])
            break  # the dict changed; look at every child again
        time.sleep(0.3)
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
    print("all processes stopped.", flush=True)
    return exit_code


def cmd_demo(args: argparse.Namespace) -> int:
    # the web process it starts lists the demo logins on the sign-in page (settings.DEMO)
    os.environ.setdefault("JIFEN_DEMO", "1")
    _django(debug_default=True)
    from jifen.demo import provision_demo

    _manage("migrate_schemas", "--shared", interactive=False, verbosity=0)
    logins = provision_demo(port=args.port)
    print()
    from jifen.org.models import Role

    print(f"Jifen demo tenants (password for every demo login: {logins.password})")
    for tenant in logins.tenants:
        print(f"\n  {tenant.name}  {tenant.url}")
        for login in tenant.logins:
            label = Role(login.role).label if login.role in Role.values else login.role
            print(f"    {login.username:<16} {label} · {login.unit}")
        for note in tenant.notes:
            print(f"    {note}")
    print("\n  The API of each tenant: <address>graphql (GraphiQL in the browser)")
    print(f"  Platform operators' admin: http://localhost:{args.port}/admin/ (operator)")
    first = logins.tenants[0]
    print("\nTry it:")
    print(
        f"  curl -s {first.url}graphql -H 'Authorization: Bearer {first.token}' "
        "-H 'Content-Type: application/json' "
        '-d \'{"query": "{ orgUnits(first: 5) { totalCount edges { node { name kind depth } } } }"}\''
    )
    if args.no_serve:
        return 0
    print(
        "\nStarting web, worker and beat; a process that dies is started again; "
        "Ctrl-C stops everything.\n",
        flush=True,
    )
    return run_together(
        {
            "web": _web_argv(f"0.0.0.0:{args.port}", 2),
            "worker": _worker_argv(2),
            "beat": _beat_argv(),
        }
    )


# --- tenants ------------------------------------------------------------------------------


def cmd_tenant(args: argparse.Namespace) -> int:
    _django()
    from tenants import services
    from tenants.errors import TenantError
    from tenants.models import Tenant

    try:
        if args.action == "create":
            _manage("migrate_schemas", "--shared", interactive=False, verbosity=0)
            tenant, login = services.tenant_create(
                slug=args.slug,
                name=args.name,
                family=args.family,
                domain=args.domain,
                admin_username=args.admin,
                admin_password=args.admin_password,
            )
            print(f"created {tenant.schema_name}: http://{tenant.get_primary_domain().domain}/")
            print(f"administrator: {login.username} / {login.password}")
        elif args.action == "list":
            for tenant in Tenant.objects.exclude(schema_name="public"):
                domain = tenant.get_primary_domain()
                print(
                    f"{tenant.schema_name}\t{tenant.status}\t{tenant.family}\t"
                    f"{domain.domain if domain else '-'}\t{tenant.name}"
                )
        elif args.action == "suspend":
            services.tenant_suspend(slug=args.slug, reason=args.reason)
            print(f"suspended {args.slug}")
        elif args.action == "resume":
            services.tenant_resume(slug=args.slug)
            print(f"resumed {args.slug}")
        elif args.action == "delete":
            services.tenant_delete(slug=args.slug, confirm=args.confirm or "")
            print(f"deleted {args.slug} and its schema")
        elif args.action == "backup":
            from tenants.backup import tenant_backup

            tenant_backup(slug=args.slug, path=args.out)
            print(f"backed up {args.slug} to {args.out}")
        elif args.action == "restore":
            from tenants.backup import tenant_restore

            tenant_restore(slug=args.slug, path=args.source, replace=args.replace)
            print(f"restored {args.slug} from {args.source}; now run `jifen migrate --check`")
    except TenantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_operator(args: argparse.Namespace) -> int:
    """Create a platform operator (public schema superuser)."""
    _django()
    _manage("migrate_schemas", "--shared", interactive=False, verbosity=0)
    from jifen.access.models import User

    user, _ = User.objects.get_or_create(username=args.username)
    user.is_staff = user.is_superuser = True
    user.set_password(args.password)
    user.save()
    print(f"operator {user.username} ready")
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    """Recompute every account's hash chain (events included) and check it against the
    signed checkpoints; exit 1 at the first broken link of any. `--replay` also evaluates
    every event again from what it stored. `checkpoint` signs the chain heads now."""
    _django()
    from django_tenants.utils import get_tenant_model, schema_context

    from jifen.ledger.checkpoints import changes_since, checkpoint_sign, checkpoints_verify
    from jifen.ledger.models import Account, Entry, Event
    from jifen.ledger.selectors import chain_verify, event_replay

    tenants = get_tenant_model().objects.exclude(schema_name="public").order_by("schema_name")
    if args.tenant:
        tenants = tenants.filter(schema_name__in=args.tenant)
        missing = set(args.tenant) - set(tenants.values_list("schema_name", flat=True))
        if missing:
            print(f"error: no tenant {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    failed = False
    if args.action == "checkpoint":
        for tenant in tenants:
            with schema_context(tenant.schema_name):
                made = checkpoint_sign(reason="manual")
            print(
                f"{tenant.schema_name}: "
                + (f"signed {made} over {len(made.heads)} account(s)" if made else "unchanged")
            )
        return 0
    for tenant in tenants:
        with schema_context(tenant.schema_name):
            broken = chain_verify()
            unanchored = checkpoints_verify()
            last, since = changes_since()
            accounts, entries = Account.objects.count(), Entry.objects.count()
            replayed = differing = 0
            if args.replay:
                for event in Event.objects.order_by("pk").iterator(chunk_size=500):
                    replay = event_replay(event=event)
                    replayed += 1
                    if not replay.same:
                        differing += 1
                        failed = True
                        print(
                            f"{tenant.schema_name}: event {event.key!r} replays differently: "
                            + "; ".join(replay.differences)
                        )
        if args.replay:
            print(f"{tenant.schema_name}: {replayed} event(s) replayed, {differing} differ")
        for link in broken:
            print(
                f"{tenant.schema_name}: account {link.account_id} entry #{link.seq} "
                f"(id {link.entry_id}): {link.problem}"
            )
        for found in unanchored:
            where = f"account {found.account_id}" if found.account_id else "checkpoint"
            print(
                f"{tenant.schema_name}: {where} against signed checkpoint "
                f"{found.checkpoint_id}: {found.problem}"
            )
        if since:
            # not a failure (bookings go on between checkpoints), but what no signature
            # vouches for yet: where to look first when something was forged
            anchor = f"checkpoint {last.pk} ({last.created_at:%Y-%m-%d %H:%M})" if last else "any"
            print(
                f"{tenant.schema_name}: written since {anchor}, not yet signed: "
                + "; ".join(str(change) for change in since)
            )
        if broken or unanchored:
            failed = True
        else:
            print(
                f"{tenant.schema_name}: {accounts} account(s), {entries} entries, all chains intact"
            )
    return 1 if failed else 0


def cmd_calendar(args: argparse.Namespace) -> int:
    """The official holiday calendar: which years are entered, enter a notice, count again."""
    _django()
    from jifen.holidays.models import CalendarGap, HolidayYear
    from jifen.holidays.services import NoticeInvalid, holiday_year_import

    if args.action == "import":
        try:
            notice = holiday_year_import(path=args.file, entered_by=args.by)
        except (NoticeInvalid, OSError) as exc:
            print(f"error: {args.file}: {exc}", file=sys.stderr)
            return 1
        print(f"{notice.year}: {len(notice.days)} days entered from {notice.notice}")
        print("open deadlines that touch the year are being counted again")
        return 0
    if args.action == "recount":
        from django_tenants.utils import get_tenant_model, schema_context

        from jifen.procedure.services.recount import deadlines_recount

        for tenant in get_tenant_model().objects.exclude(schema_name="public"):
            with schema_context(tenant.schema_name):
                moved = deadlines_recount(year=args.year)
            print(f"{tenant.schema_name}: {moved} deadlines moved")
        return 0
    for year in HolidayYear.objects.order_by("year"):
        print(f"{year.year}: entered ({year.source}) {year.notice}")
    gaps = list(CalendarGap.objects.all())
    for gap in gaps:
        print(f"{gap.year}: NOT ENTERED, deadlines count Monday to Friday (e.g. {gap.example})")
    return 1 if gaps else 0


def cmd_rules(argv: list[str]) -> int:
    from rulesets.cli import main as rules_main

    return rules_main(argv)


def cmd_manage(argv: list[str]) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jifen manage", *argv])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jifen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="provision demo tenants and run web, worker and beat")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="provision only, then exit")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("web", help="serve HTTP (gunicorn)")
    p.add_argument("--bind", default=os.environ.get("JIFEN_BIND", "0.0.0.0:8000"))
    p.add_argument("--workers", type=int, default=int(os.environ.get("JIFEN_WEB_WORKERS", "2")))
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("worker", help="run a Celery worker")
    p.add_argument(
        "--concurrency", type=int, default=int(os.environ.get("JIFEN_WORKER_CONCURRENCY", "2"))
    )
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("beat", help="run the single Celery beat scheduler")
    p.set_defaults(func=cmd_beat)

    p = sub.add_parser("migrate", help="migrate the public schema, then every tenant in parallel")
    p.add_argument("--check", action="store_true", help="list schemas behind; exit 1 if any")
    p.add_argument("--verbosity", type=int, default=1)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("services", help="embedded PostgreSQL and Redis")
    p.add_argument("action", choices=["start", "stop", "reset"])
    p.set_defaults(func=cmd_services)

    p = sub.add_parser("operator", help="create or update a platform operator")
    p.add_argument("username")
    p.add_argument("--password", required=True)
    p.set_defaults(func=cmd_operator)

    p = sub.add_parser("tenant", help="create, list, suspend, resume, delete, back up tenants")
    tsub = p.add_subparsers(dest="action", required=True)
    t = tsub.add_parser("create")
    t.add_argument("slug")
    t.add_argument("--name", required=True)
    t.add_argument(
        "--family", required=True, choices=["county", "enterprise", "school", "village", "market"]
    )
    t.add_argument("--domain", help="host name (default <slug>.<JIFEN_BASE_DOMAIN>)")
    t.add_argument("--admin", default="admin")
    t.add_argument("--admin-password")
    tsub.add_parser("list")
    t = tsub.add_parser("suspend")
    t.add_argument("slug")
    t.add_argument("--reason", required=True)
    t = tsub.add_parser("resume")
    t.add_argument("slug")
    t = tsub.add_parser("delete")
    t.add_argument("slug")
    t.add_argument("--confirm", help="repeat the slug to confirm")
    t = tsub.add_parser("backup", help="dump the schema and public rows to one file")
    t.add_argument("slug")
    t.add_argument("--out", required=True, help="the backup file to write (a tar)")
    t = tsub.add_parser("restore", help="restore a tenant from a backup file")
    t.add_argument("slug")
    t.add_argument("--from", dest="source", required=True, help="a file from `tenant backup`")
    t.add_argument("--replace", action="store_true", help="overwrite an existing schema")
    p.set_defaults(func=cmd_tenant)

    p = sub.add_parser("ledger", help="verify the ledger's hash chains")
    lsub = p.add_subparsers(dest="action", required=True)
    t = lsub.add_parser("verify")
    t.add_argument("--tenant", action="append", help="only this tenant (repeatable)")
    t.add_argument(
        "--replay", action="store_true", help="also evaluate every event again and compare"
    )
    t = lsub.add_parser("checkpoint", help="sign every account's chain head now")
    t.add_argument("--tenant", action="append", help="only this tenant (repeatable)")
    t.set_defaults(replay=False)
    p.set_defaults(func=cmd_ledger)

    p = sub.add_parser("calendar", help="the official holiday calendar (State Council notices)")
    csub = p.add_subparsers(dest="action", required=True)
    csub.add_parser("status", help="entered years, and years deadlines reach unentered")
    t = csub.add_parser("import", help="enter a year from a notice file (see jifen.holidays)")
    t.add_argument("file")
    t.add_argument("--by", default=os.environ.get("USER", "operator"), help="who enters it")
    t = csub.add_parser("recount", help="count the open deadlines of a year again")
    t.add_argument("year", type=int)
    p.set_defaults(func=cmd_calendar)

    sub.add_parser("rules", help="check and simulate rulesets (see `jifen rules --help`)")
    sub.add_parser("manage", help="run a Django management command")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # These two pass the rest of the line through untouched.
    if argv[:1] == ["rules"]:
        return cmd_rules(argv[1:])
    if argv[:1] == ["manage"]:
        return cmd_manage(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
