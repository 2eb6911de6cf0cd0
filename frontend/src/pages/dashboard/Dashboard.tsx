// A unit's subtree at a glance (the county, a township, an enterprise's committee): grades,
// points, monthly trends, late units, the fairness view, and its sub-units or members to
// drill into. The figures are precomputed by the platform (jifen/dashboards), never scanned
// per request.
import { Alert, Breadcrumb, Card, Col, Flex, Input, Row, Segmented, Select, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import { DASHBOARD_READERS, unitsWith, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { Chart } from "../../components/Chart";
import { ExportButton } from "../../components/ExportButton";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import type { DashboardChildrenQuery, DashboardQuery } from "../../graphql/graphql";
import { formatDate, formatDateTime, formatPoints } from "../../lib/format";
import { UnitSelect } from "../rulesets/UnitSelect";
import { gradeOption, MAX_BOXES, monthsOption, pointsOption, recordersOption, spreadOption } from "./charts";
import { DashboardChildrenDocument, DashboardDocument } from "./documents";

type Figures = NonNullable<DashboardQuery["dashboard"]>;
const PAGE = 20;

export const dashboardPath = (unit: string) => `/dashboard/${encodeURIComponent(unit)}`;

export function Dashboard() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const params = useParams();
  const unit = params.unit ?? unitsWith(me, DASHBOARD_READERS)[0]?.id;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DashboardDocument,
    variables: { unit: unit ?? "" },
    pause: !unit,
    requestPolicy: "cache-and-network",
  });
  const figures = data?.dashboard;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ margin: 0 }}>
          {figures ? t("dash.titleOf", { unit: figures.unitName }) : t("dash.title")}
        </Typography.Title>
        <div style={{ minWidth: 220, flex: "0 1 320px" }}>
          <UnitSelect id="dash-unit" value={unit} onChange={(id) => id && navigate(dashboardPath(id))} ariaLabel={t("dash.pickUnit")} placeholder={t("dash.pickUnit")} valueLabel={figures?.unitName} />
        </div>
      </Flex>
      {!unit ? (
        <Alert type="info" showIcon title={t("dash.noUnit")} />
      ) : (
        <QueryState fetching={fetching} error={error} hasData={!!data} empty={!figures} emptyText={t("dash.notVisible")} retry={() => refetch({ requestPolicy: "network-only" })}>
          {figures && <Figures figures={figures} />}
        </QueryState>
      )}
    </Flex>
  );
}

function Figures({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const monthLabel = (m: string) => dayjs(`${m}-01`).format(t("dash.monthFormat"));
  const options = useMemo(
    () => ({
      grades: gradeOption(figures.grades, (c) => titles.grade(c)),
      buckets: pointsOption(figures.buckets, (c) => titles.bucket(c) || t("dash.noBucket"), t("dash.points")),
      categories: pointsOption(figures.categories, (c) => titles.of("categories", c) || t("dash.noCategory"), t("dash.points")),
      months: monthsOption(figures.months, monthLabel, { declared: t("dash.declared"), reviewed: t("dash.reviewed") }),
      branches: spreadOption(figures.fairness.branches, { spread: t("dash.spread"), identical: t("dash.identical") }),
      fairCategories: spreadOption(figures.fairness.categories, { spread: t("dash.spread"), identical: t("dash.identical") }, (r) => titles.of("categories", r.key) || t("dash.noCategory")),
      recorders: recordersOption(figures.fairness.recorders, { deductions: t("dash.deductions") }),
    }),
    [figures, titles, t], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const identical = figures.fairness.branches.filter((b) => b.identical);
  const outliers = figures.fairness.recorders.filter((r) => r.outlier);
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          ...figures.trail.map((u) => ({ key: u.id, title: <Link to={dashboardPath(u.id)}>{u.name}</Link> })),
          { key: figures.unit, title: figures.unitName },
        ]}
      />
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t("dash.subjects")} value={figures.subjects} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t("dash.pointsCounted")} value={formatPoints(figures.pointsCounted)} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t("dash.events")} value={figures.events} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t("dash.escalated")} value={figures.escalated} valueStyle={figures.escalated ? { color: "#cf1322" } : undefined} />
            {figures.escalated > 0 && <Link to="/boards/objections">{t("dash.decide")}</Link>}
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary">{t("dash.asOf", { year: dayjs(figures.asOf).year(), at: formatDateTime(figures.computedAt) })}</Typography.Text>
      <Row gutter={[12, 12]}>
        <ChartCard title={t("dash.grades")} empty={!figures.grades.length} emptyText={t("dash.noGrades")} option={options.grades} />
        <ChartCard title={t("dash.months")} option={options.months} />
        <ChartCard title={t("dash.buckets")} empty={!figures.buckets.length} option={options.buckets} />
        <ChartCard title={t("dash.categories")} empty={!figures.categories.length} option={options.categories} />
      </Row>
      <Late figures={figures} />
      <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.fairness")}</Typography.Title>} size="small">
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t("dash.fairnessHint")}</Typography.Paragraph>
          {identical.length > 0 && (
            <Alert type="warning" showIcon title={t("dash.identicalUnits", { n: identical.length })}
              description={identical.slice(0, 10).map((b) => `${b.name} (${t("dash.allScore", { n: b.n, points: formatPoints(b.min) })})`).join(t("dash.listSeparator"))} />
          )}
          {outliers.length > 0 && (
            <Alert type="warning" showIcon title={t("dash.oneTarget", { n: outliers.length })}
              description={outliers.map((r) => t("dash.oneTargetLine", { recorder: r.name, n: r.deductions, subject: r.topName })).join(t("dash.listSeparator"))} />
          )}
          <Row gutter={[12, 12]}>
            <ChartCard title={t("dash.byBranch", { shown: Math.min(MAX_BOXES, figures.fairness.branches.length), total: figures.fairness.branchesTotal })} empty={!figures.fairness.branches.length} option={options.branches} wide />
            <ChartCard title={t("dash.byCategory")} empty={!figures.fairness.categories.length} option={options.fairCategories} />
            <ChartCard title={t("dash.byRecorder")} empty={!figures.fairness.recorders.length} emptyText={t("dash.noDeductions")} option={options.recorders} />
          </Row>
        </Flex>
      </Card>
      {/* keyed by unit: another unit's rows (or search, page) never show while this one loads */}
      {figures.hasChildren ? <SubUnits key={figures.unit} unit={figures.unit} /> : <Members key={figures.unit} figures={figures} />}
    </Flex>
  );
}

function ChartCard({ title, option, empty = false, emptyText, wide = false }: { title: string; option: EChartsCoreOption; empty?: boolean; emptyText?: string; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <Col xs={24} lg={wide ? 24 : 12}>
      <Card size="small" title={<Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>{title}</Typography.Title>}>
        {empty ? (
          <Typography.Text type="secondary">{emptyText ?? t("dash.noData")}</Typography.Text>
        ) : (
          <Chart option={option} ariaLabel={title} height={wide ? 320 : 260} />
        )}
      </Card>
    </Col>
  );
}

type LateRow = Figures["late"]["reviews"]["units"][number];
const LATE_KINDS = ["reviews", "boards", "filing", "declarations"] as const;

function Late({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<(typeof LATE_KINDS)[number]>("reviews");
  const list = figures.late[kind];
  const columns: Column<LateRow>[] = [
    { key: "name", title: t("dash.unit"), render: (r) => <Link to={dashboardPath(r.unit)}>{r.name}</Link>, fixed: true },
    { key: "count", title: t("dash.lateCount"), render: (r) => r.count },
    { key: "since", title: t("dash.lateSince"), render: (r) => (r.since ? formatDate(r.since) : "—") },
  ];
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.late")}</Typography.Title>}>
      <Flex vertical gap={8}>
        {/* a segmented control, not tabs: four tabs overflow into a menu on a phone */}
        <Segmented
          aria-label={t("dash.late")}
          value={kind}
          onChange={(v) => setKind(v as (typeof LATE_KINDS)[number])}
          options={LATE_KINDS.map((k) => ({ value: k, label: `${t(`dash.lateKind.${k}`)} ${figures.late[k].total}` }))}
          style={{ maxWidth: "100%", overflowX: "auto" }}
        />
        <Typography.Text type="secondary">{t(`dash.lateHint.${kind}`)}</Typography.Text>
        {list.units.length ? (
          <ResponsiveTable rows={list.units} columns={columns} rowKey={(r) => r.unit} label={t(`dash.lateKind.${kind}`)} />
        ) : (
          <Typography.Text>{t("dash.noneLate")}</Typography.Text>
        )}
        {list.total > list.units.length && <Typography.Text type="secondary">{t("dash.more", { shown: list.units.length, total: list.total })}</Typography.Text>}
      </Flex>
    </Card>
  );
}

type Child = NonNullable<DashboardChildrenQuery["dashboardChildren"]>["items"][number];

function SubUnits({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: DashboardChildrenDocument,
    variables: { unit, search: search || null, offset: (page - 1) * PAGE, first: PAGE },
    requestPolicy: "cache-and-network",
  });
  const result = data?.dashboardChildren;
  const columns: Column<Child>[] = [
    { key: "name", title: t("dash.unit"), fixed: true, render: (r) => <Link to={dashboardPath(r.unit)}>{r.unitName}</Link> },
    { key: "kind", title: t("dash.kind"), render: (r) => t(`enum.UnitKind.${r.unitKind.toUpperCase()}`) },
    { key: "subjects", title: t("dash.subjects"), render: (r) => r.subjects },
    { key: "points", title: t("dash.pointsCounted"), render: (r) => <Points value={r.pointsCounted} /> },
    { key: "events", title: t("dash.events"), render: (r) => r.events },
    { key: "objections", title: t("dash.objectionsOpen"), render: (r) => r.objectionsOpen },
  ];
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.subUnits")}</Typography.Title>}>
      <Flex vertical gap={12}>
        <Input.Search
          allowClear
          aria-label={t("dash.searchUnits")}
          placeholder={t("dash.searchUnits")}
          onSearch={(value) => {
            setSearch(value.trim());
            setPage(1);
          }}
          style={{ maxWidth: 320 }}
        />
        <QueryState fetching={fetching} error={error} hasData={!!data} empty={!result?.items.length} emptyText={t("dash.noSubUnits")} retry={() => refetch({ requestPolicy: "network-only" })}>
          {result && (
            <ResponsiveTable
              rows={result.items}
              columns={columns}
              rowKey={(r) => r.unit}
              label={t("dash.subUnits")}
              pagination={{ current: page, pageSize: PAGE, total: result.totalCount, onChange: setPage }}
              rowProps={(r) => ({ "data-unit": r.unitName })}
              cardExtra={(r) => (
                <Typography.Link onClick={() => navigate(dashboardPath(r.unit))}>{t("dash.open")}</Typography.Link>
              )}
            />
          )}
        </QueryState>
      </Flex>
    </Card>
  );
}

type Member = Figures["members"][number];

function Members({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const columns: Column<Member>[] = [
    { key: "name", title: t("dash.member"), fixed: true, render: (m) => <Link to={`/subjects/${encodeURIComponent(m.subject)}`}>{m.name}</Link> },
    { key: "total", title: t("dash.total"), render: (m) => <Points value={m.total} unit /> },
  ];
  return (
    <Card size="small" title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t("dash.members")}</Typography.Title>}
      extra={<LedgerExport unit={figures.unit} />}>
      {figures.members.length ? (
        <Flex vertical gap={8}>
          <ResponsiveTable
            rows={figures.members.slice((page - 1) * PAGE, page * PAGE)}
            columns={columns}
            rowKey={(m) => m.subject}
            label={t("dash.members")}
            pagination={{ current: page, pageSize: PAGE, total: figures.members.length, onChange: setPage }}
          />
          {figures.membersTotal > figures.members.length && <Typography.Text type="secondary">{t("dash.more", { shown: figures.members.length, total: figures.membersTotal })}</Typography.Text>}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t("dash.noMembers")}</Typography.Text>
      )}
    </Card>
  );
}

/** The branch's monthly ledger (台账) for a chosen month of this year. */
function LedgerExport({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(dayjs().month() + 1);
  return (
    <Flex gap={8} align="center" wrap>
      <Select
        aria-label={t("dash.export.month")}
        value={month}
        onChange={setMonth}
        style={{ width: 96 }}
        options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: dayjs().month(i).format(t("dash.monthFormat")) }))}
      />
      <ExportButton form="BRANCH_LEDGER" target={{ unit, year: dayjs().year(), month }} />
    </Flex>
  );
}
