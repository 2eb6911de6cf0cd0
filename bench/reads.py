"""Benchmark: the pages people read most, through GraphQL, against raw SQL for the same rows.

Run: .venv/bin/python bench/reads.py [--members 50000] [--entries 20] [--closes 100]
         [--declarations 300] [--rounds 200] [--quick] [--keep] [--reuse]
         [--profile NAME] [--only NAME,…]

1. Builds tenant `benchreads` (dropped first, and at the end unless --keep): a county of
   `--members` party members in branches of 50 under townships of 50 branches, the 永州
   template, a 2025 ledger of about `--entries` entries a member written with COPY (the
   builders of `bench/rollover.py`), the 2025 period closed in `--closes` branches (results
   and a results board each, through `period_close`) and `--declarations` declarations
   waiting for review across the county (through `declaration_submit`). `--reuse` measures
   a tenant kept by `--keep` again without building it.
2. Times four pages as the web app asks for them (the same GraphQL documents), through
   Django's test client with a bearer token, so the whole request path runs (tenant
   routing, authentication, rate limit, cost analysis, execution, JSON):
   - `member_points`: a member's own points page (`accounts`, entries and balance);
   - `branch_results`: a branch's closed period (`periodClose` with its results);
   - `county_results`: the county's boards page (`boards(first: 50)` with 20 results and 5 declarations each);
   - `review_queue`: the county's review queue (`declarations(status: SUBMITTED, first: 100)`).
3. The floor of each page: raw SQL (psycopg, one statement) for the same rows in the same
   run, alternating with the page, `--rounds` times each (fewer, but at least 20, once a
   page has taken `--budget` seconds).

Prints, per page, `P95_MS <name> <ms>`, `RATIO <name> <page p95 / floor p95>`, the floor's
p95 (`FLOOR_P95_MS <name> <ms>`) and the SQL statements one request ran
(`QUERIES <name> <n>`); `--profile NAME` adds the top functions of that page's requests (by own time; set
BENCH_SORT=cumulative and BENCH_TOP=70 for the call paths).
Asserts only that each page answered without errors and returned the rows it should.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT), str(ROOT / "bench")]
# Many requests from one client in a few seconds: the product's rate limit (600/min) would
# refuse them. The limit is still checked in Redis on every request, as in production.
os.environ.setdefault("JIFEN_RATE_AUTHENTICATED", "1000000/m")

import rollover  # noqa: E402
from rollover import org_build, say, subjects_build, tenant_drop  # noqa: E402

SLUG = "benchreads"
PERIOD = dt.date(rollover.YEAR, 1, 1)
MIN_ROUNDS = 20  # samples a page gets even past its time budget
TARGETS_MS = {"member_points": 20, "branch_results": 20, "county_results": 50, "review_queue": 40}

# The web app's documents (frontend/src/pages/…), as the pages send them.
MEMBER_POINTS = """query Accounts($subject: ID) { accounts(subject: $subject, first: 20) {
  totalCount edges { node { id periodStart periodEnd ruleset closedAt
    subject { id name category homeUnit { name } hostUnit { name } }
    balance { total counted vetoes buckets { bucket points } }
    entries { id seq kind occurredOn item bucket points rawPoints rule rulesetVersion reason
      veto createdAt decidedBy { username displayName isSystem } reverses { seq } } } } } }"""

BRANCH_RESULTS = """query PeriodClose($id: ID!) { periodClose(id: $id) { ...CloseFields } }
fragment CloseFields on PeriodClose { id status ruleset rulesetVersion periodStart periodEnd
  closedAt filedAt reviewedAt reviewReason unit { id name }
  closedBy { username displayName isSystem } filedWith { name }
  reviewedBy { username displayName }
  results { subjectName category total grade rank stars vetoed flags subject { id } }
  decisions { id key grade scope places rank status reason decidedAt tied { id name }
    chosen { id name } decidedBy { username displayName } }
  objections { id status subjectName reason answer answerDue }
  timeline { action at note actor { username displayName isSystem } } }"""

COUNTY_RESULTS = """query Boards($first: Int) { boards(first: $first) { totalCount edges { node {
  id kind status coversStart coversEnd closesOn openedAt unit { id name }
  declarations(first: 5) { id subjectName item occurredOn status entries { points kind }
    objections { id status reason answer outcome answerDue } }
  results(first: 20) { subjectName category total grade rank stars vetoed subject { id } } } } } }"""

REVIEW_QUEUE = """query ReviewQueue($offset: Int, $first: Int) {
  declarations(status: SUBMITTED, offset: $offset, first: $first) { totalCount edges { node {
    id subjectName item occurredOn quantity kind note attributes unit { name }
    declaredBy { username displayName } evidence { id originalName url } } } } }"""

# The floors: one statement each for the rows (and columns) the page shows.
FLOOR_MEMBER_POINTS = """
SELECT a.id, a.period_start, a.period_end, a.closed_at, r.code, s.id, s.name, s.category,
       h.name, o.name, e.id, e.seq, e.kind, e.occurred_on, e.item, e.bucket, e.points,
       e.raw_points, e.rule, e.ruleset_version, e.reason, e.veto, e.created_at, u.username,
       u.display_name, v.seq
  FROM ledger_account a
  JOIN rulebook_ruleset r ON r.id = a.ruleset_id
  JOIN subjects_subject s ON s.id = a.subject_id
  JOIN org_orgunit h ON h.id = s.home_unit_id
  LEFT JOIN org_orgunit o ON o.id = s.host_unit_id
  LEFT JOIN ledger_entry e ON e.account_id = a.id
  LEFT JOIN access_user u ON u.id = e.decided_by_id
  LEFT JOIN ledger_entry v ON v.id = e.reverses_id
 WHERE a.subject_id = %s
 ORDER BY a.period_start DESC, e.seq"""

FLOOR_BRANCH_RESULTS = """
SELECT c.id, c.status, c.period_start, c.period_end, c.closed_at, g.name, s.name, p.category,
       p.total, p.grade, p.rank, p.stars, p.vetoed, p.flags, s.id
  FROM procedure_periodclose c
  JOIN org_orgunit g ON g.id = c.unit_id
  JOIN procedure_periodresult p ON p.close_id = c.id
  JOIN subjects_subject s ON s.id = p.subject_id
 WHERE c.id = %s
 ORDER BY p.rank, s.name, p.id"""

FLOOR_COUNTY_RESULTS = """
WITH b AS (SELECT * FROM procedure_board ORDER BY opened_at DESC, id DESC LIMIT 50)
SELECT b.id, b.kind, b.covers_start, b.covers_end, b.closes_on, b.opened_at, g.name,
       p.name, p.category, p.total, p.grade, p.rank, p.stars, p.vetoed, p.sid
  FROM b
  JOIN org_orgunit g ON g.id = b.unit_id
  LEFT JOIN procedure_periodclose c ON c.results_board_id = b.id
  LEFT JOIN LATERAL (
       SELECT p.*, s.name, s.id AS sid
         FROM procedure_periodresult p JOIN subjects_subject s ON s.id = p.subject_id
        WHERE p.close_id = c.id ORDER BY p.rank, s.name, p.id LIMIT 20) p ON true
 ORDER BY b.opened_at DESC, b.id DESC, p.rank, p.name"""

FLOOR_REVIEW_QUEUE = """
WITH d AS (SELECT * FROM procedure_declaration WHERE status = 'submitted'
            ORDER BY declared_at DESC, id DESC LIMIT 100)
SELECT d.id, s.name, d.item, d.occurred_on, d.quantity, d.kind, d.note, d.attributes,
       g.name, u.username, u.display_name, v.id, v.original_name,
       (SELECT count(*) FROM procedure_declaration WHERE status = 'submitted')
  FROM d
  JOIN subjects_subject s ON s.id = d.subject_id
  JOIN org_orgunit g ON g.id = d.unit_id
  JOIN access_user u ON u.id = d.declared_by_id
  LEFT JOIN procedure_evidence v ON v.declaration_id = d.id
 ORDER BY d.declared_at DESC, d.id DESC"""


def django_setup() -> None:
    """Django as production runs it (DEBUG off: no query log in every cursor, no debug
    middleware in every resolver), on the embedded servers unless URLs are set."""
    from jifen import embedded

    services = embedded.ensure_services()
    os.environ.setdefault("DATABASE_URL", services.database_url)
    os.environ.setdefault("REDIS_URL", services.redis_url)
    # production refuses to start without its secrets; these sign nothing that outlives the run
    os.environ.setdefault("JIFEN_SECRET_KEY", "bench-reads-only")
    os.environ.setdefault("JIFEN_ID_CARD_KEY", "bench-reads-only")
    os.environ.setdefault("JIFEN_LEDGER_CHECKPOINT_KEYS", "bench:bench-reads-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jifen.settings")
    import django

    django.setup()
    from django.conf import settings

    assert not settings.DEBUG, "measure with JIFEN_DEBUG unset: DEBUG slows every request"


def build(args) -> dict:
    """The county, its ledger, closes and a review queue; returns what the pages need."""
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from jifen.access.models import User
    from jifen.access.services import system_actor
    from jifen.org.models import OrgUnit, Role
    from jifen.org.services import role_assign, unit_root
    from jifen.procedure import services as procedure
    from jifen.subjects.models import Subject
    from jifen.testing.worlds import publish_template, tenant_admin
    from tenants.services import platform_ensure_public, tenant_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure_public()
    t0 = time.monotonic()
    tenant_drop(SLUG)
    tenant_create(slug=SLUG, name="读取基准县", family="county")
    with schema_context(SLUG):
        branch_ids = org_build(max(1, args.members // 50))
        publish_template(
            "yongzhou-safety-bureau", "yongzhou", unit_root().pk, effective_from=dt.date(2020, 1, 1)
        )
        subject_ids = subjects_build(branch_ids, args.members)
        t_org = time.monotonic()
        effects, meta = rollover.item_effects(branch_ids[0])
        written = rollover.ledger_build(
            SLUG, subject_ids, args.entries * len(subject_ids), effects, meta, 2
        )
        t_ledger = time.monotonic()

        admin = tenant_admin()
        root, branch = unit_root(), OrgUnit.objects.get(pk=branch_ids[0])
        county = User.objects.create_user(username="county", display_name="县委组织部")
        role_assign(actor=admin, user=county, role=Role.ADMIN, unit=root)
        secretary = User.objects.create_user(username="secretary", display_name="支部书记")
        role_assign(actor=admin, user=secretary, role=Role.SECRETARY, unit=branch)
        member = User.objects.create_user(username="member", display_name="党员000000")
        role_assign(actor=admin, user=member, role=Role.MEMBER, unit=branch)
        own = Subject.objects.get(pk=subject_ids[0])
        Subject.objects.filter(pk=own.pk).update(user=member)

        # results: the branches that close first (a county page lists the newest boards)
        closes = []
        for pk in branch_ids[: args.closes]:
            for close in procedure.period_close(
                actor=system_actor(),
                unit=OrgUnit.objects.get(pk=pk),
                period_start=PERIOD,
                today=dt.date(rollover.YEAR + 1, 1, 5),
                allow_unfinished=True,
            ):
                closes.append(_decided(close))
        t_closes = time.monotonic()

        # the review queue: declarations recorded in this year's branches, not yet reviewed
        recorders = {}
        day = dt.date.today() - dt.timedelta(days=3)
        for n in range(args.declarations):
            subject_pk = subject_ids[(n * 7919) % len(subject_ids)]
            subject = Subject.objects.select_related("home_unit").get(pk=subject_pk)
            recorder = recorders.get(subject.home_unit_id)
            if recorder is None:
                recorder = User.objects.create_user(username=f"recorder{subject.home_unit_id}")
                role_assign(actor=admin, user=recorder, role=Role.RECORDER, unit=subject.home_unit)
                recorders[subject.home_unit_id] = recorder
            procedure.declaration_submit(
                actor=recorder,
                data=procedure.DeclarationInput(
                    key=f"bench-review-{n}", subject_id=subject_pk, item="task_not_done",
                    occurred_on=day, attributes={}, note=f"第{n}次",
                ),
            )  # fmt: skip
        t_queue = time.monotonic()
        with connection.cursor() as cur:
            for table in ("procedure_periodresult", "procedure_declaration", "procedure_board"):
                cur.execute(f"VACUUM (ANALYZE) {table}")
    say(
        f"build: {len(subject_ids):,} members in {len(branch_ids)} branches "
        f"{t_org - t0:.1f} s; ledger of {written:,} entries by COPY {t_ledger - t_org:.1f} s; "
        f"{len(closes)} branch closes {t_closes - t_ledger:.1f} s; {args.declarations} "
        f"declarations to review {t_queue - t_closes:.1f} s; total {t_queue - t0:.1f} s"
    )
    return {"subject": subject_ids[0], "close": closes[0].pk}


def kept() -> dict:
    """What the pages need from a tenant kept by an earlier run (`--keep`)."""
    from django_tenants.utils import schema_context

    from jifen.procedure.models import PeriodClose
    from jifen.subjects.models import Subject

    with schema_context(SLUG):
        return {
            "subject": Subject.objects.get(user__username="member").pk,
            "close": PeriodClose.objects.order_by("pk").first().pk,
        }


def _decided(close):
    """The close once the committee took the first tied members for each quota's places."""
    from jifen.access.services import system_actor
    from jifen.procedure import services as procedure
    from jifen.procedure.models import CloseStatus, DecisionStatus

    while close.status == CloseStatus.AWAITING_DECISION:
        decision = close.decisions.filter(status=DecisionStatus.OPEN).order_by("pk").first()
        chosen = list(decision.tied.order_by("pk").values_list("pk", flat=True))
        close = procedure.quota_decide(
            actor=system_actor(),
            decision=decision,
            chosen_ids=chosen[: decision.places],
            reason="按入党时间先后",
            today=dt.date(rollover.YEAR + 1, 1, 5),
        )
    return close


def _clients() -> dict:
    from django_tenants.utils import schema_context

    from jifen.access.models import User
    from jifen.access.services import token_create
    from jifen.testing.clients import TenantClient

    with schema_context(SLUG):
        return {
            name: TenantClient(SLUG, token_create(user=User.objects.get(username=name), name="b"))
            for name in ("member", "secretary", "county")
        }


def pages(built: dict) -> dict:
    """name → (client user, document, variables, floor SQL, floor params, rows check)."""
    from django_tenants.utils import schema_context

    from jifen.ids import to_global_id

    with schema_context(SLUG):
        close_id = to_global_id("PeriodClose", built["close"])

    def accounts(data):
        node = data["accounts"]["edges"][0]["node"]
        return len(node["entries"])

    return {
        "member_points": (
            "member", MEMBER_POINTS, {}, FLOOR_MEMBER_POINTS, [built["subject"]], accounts
        ),
        "branch_results": (
            "secretary", BRANCH_RESULTS, {"id": close_id},
            FLOOR_BRANCH_RESULTS, [built["close"]], lambda d: len(d["periodClose"]["results"]),
        ),
        "county_results": (
            "county", COUNTY_RESULTS, {"first": 50}, FLOOR_COUNTY_RESULTS, [],
            lambda d: sum(len(e["node"]["results"]) for e in d["boards"]["edges"]),
        ),
        "review_queue": (
            "county", REVIEW_QUEUE, {"offset": 0, "first": 100}, FLOOR_REVIEW_QUEUE, [],
            lambda d: len(d["declarations"]["edges"]),
        ),
    }  # fmt: skip


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def measure(built: dict, rounds: int, profile: str | None, budget: float, only: list[str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context

    clients = _clients()
    for name, (user, document, variables, floor_sql, params, rows) in pages(built).items():
        if only and name not in only:
            continue
        client = clients[user]

        def request(client=client, document=document, variables=variables):
            result = client.graphql(document, variables)
            assert "errors" not in result, result["errors"]
            return result["data"]

        data = request()  # warm up: per-process caches (ruleset documents, the schema)
        with CaptureQueriesContext(connection) as captured:
            request()
        statements = len(captured)  # now: the next request clears the connection's log
        with schema_context(SLUG), connection.cursor() as cur:
            cur.execute(floor_sql, params)
            floor_rows = len(cur.fetchall())
        product, floor = [], []
        started = time.monotonic()
        for n in range(rounds):
            if n >= MIN_ROUNDS and time.monotonic() - started > budget:
                break  # a slow page: enough samples for a p95 within the time budget
            t0 = time.perf_counter()
            request()
            product.append(time.perf_counter() - t0)
            with schema_context(SLUG), connection.cursor() as cur:
                t0 = time.perf_counter()
                cur.execute(floor_sql, params)
                cur.fetchall()
                floor.append(time.perf_counter() - t0)
        p95, floor_p95 = _p95(product) * 1000, _p95(floor) * 1000
        target = TARGETS_MS[name]
        say(
            f"{name}: {rows(data)} rows shown, {statements} SQL statements; page p50 "
            f"{statistics.median(product) * 1000:.1f} ms, p95 {p95:.1f} ms (target < {target} "
            f"ms: {'met' if p95 < target else 'MISSED'}; {len(product)} requests); floor ({floor_rows} rows in one "
            f"statement) p50 {statistics.median(floor) * 1000:.2f} ms, p95 {floor_p95:.2f} ms"
        )
        say(f"P95_MS {name} {p95:.2f}")
        say(f"FLOOR_P95_MS {name} {floor_p95:.2f}")
        say(f"RATIO {name} {p95 / floor_p95:.1f}")
        say(f"QUERIES {name} {statements}")
        if profile == name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(max(20, rounds // 4)):
                request()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(
                os.environ.get("BENCH_SORT", "tottime")
            ).print_stats(int(os.environ.get("BENCH_TOP", "25")))
            say(f"profile of {name} (top functions by own time):\n{out.getvalue()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--entries", type=int, default=20, help="ledger entries a member")
    parser.add_argument("--closes", type=int, default=100, help="branches whose 2025 closes")
    parser.add_argument("--declarations", type=int, default=300, help="waiting for review")
    parser.add_argument("--rounds", type=int, default=200, help="requests per page")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds per page before stopping early"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes (under 2 minutes)")
    parser.add_argument("--keep", action="store_true", help="keep the tenant")
    parser.add_argument("--reuse", action="store_true", help="measure a kept tenant again")
    parser.add_argument("--profile", choices=sorted(TARGETS_MS), help="profile one page")
    parser.add_argument(
        "--only", type=lambda v: v.split(","), default=[], help="these pages (comma-separated)"
    )
    args = parser.parse_args()
    if args.quick:
        args.members, args.entries, args.closes = 5_000, 10, 60
        args.declarations, args.rounds, args.budget = 150, 60, 15
    django_setup()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    say(
        f"reads benchmark: {args.members:,} members, {args.entries} entries each, "
        f"{args.closes} closes, {args.declarations} declarations, {args.rounds} rounds, "
        f"{os.cpu_count()} cores, load {load}"
    )
    built = kept() if args.reuse else build(args)
    try:
        measure(built, args.rounds, args.profile, args.budget, args.only)
    finally:
        if not (args.keep or args.reuse):
            tenant_drop(SLUG)


if __name__ == "__main__":
    main()
