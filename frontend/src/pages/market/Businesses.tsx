// The market bureau's businesses by grade: filters by station, grade and overdue visits,
// paged on the server, and the grade distribution over the year as a figure.
import { Card, Flex, Input, Select, Switch, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { INSPECTION_READERS, unitsWith, useMe } from "../../app/me";
import { Chart } from "../../components/Chart";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import type { RiskGradesQuery } from "../../graphql/graphql";
import { formatDate, formatPoints } from "../../lib/format";
import { GradeDistributionDocument, RiskGradesDocument, StationsDocument } from "./documents";

export const GRADES = ["A", "B", "C", "D"] as const;
const GRADE_COLOURS: Record<string, string> = { A: "green", B: "blue", C: "orange", D: "red" };
// The figure's colours match the grade tags: green A … red D.
const GRADE_FILLS: Record<string, string> = { A: "#389e0d", B: "#1677ff", C: "#fa8c16", D: "#cf1322" };
const PAGE = 20;

type Row = RiskGradesQuery["riskGrades"]["rows"][number];

export function GradeTag({ grade }: { grade: string }) {
  const { t } = useTranslation();
  if (!grade) return <Tag>{t("market.grade.none")}</Tag>;
  return <Tag color={GRADE_COLOURS[grade] ?? "default"}>{t("market.grade.label", { grade })}</Tag>;
}

/** The units the user reads inspections over, and their stations below. */
export function useStations() {
  const me = useMe();
  const roots = unitsWith(me, INSPECTION_READERS);
  const [stations] = useQuery({ query: StationsDocument, variables: { under: roots[0]?.id }, pause: !roots.length });
  const below = (stations.data?.orgUnits?.edges ?? []).map((e) => e!.node!).filter((u) => u.kind === "STATION");
  const options = [...roots, ...below.filter((s) => !roots.some((r) => r.id === s.id))];
  return { roots, options };
}

export function Businesses() {
  const { t } = useTranslation();
  const { roots, options } = useStations();
  const [unit, setUnit] = useState<string | undefined>();
  const [grade, setGrade] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [name, setName] = useState("");
  const [page, setPage] = useState(1);
  const chosen = unit ?? roots[0]?.id ?? "";
  const [list, refetch] = useQuery({
    query: RiskGradesDocument,
    variables: { unit: chosen, grade: grade ?? null, overdue, name, offset: (page - 1) * PAGE, first: PAGE },
    pause: !chosen,
  });
  const year = new Date().getFullYear();
  const [figures] = useQuery({ query: GradeDistributionDocument, variables: { unit: chosen, year }, pause: !chosen });
  const months = figures.data?.riskGradeDistribution ?? [];
  const rows = list.data?.riskGrades.rows ?? [];
  const current = months[months.length - 1];
  const option = {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: months.map((m) => t("market.chart.month", { month: Number(m.month.slice(5, 7)) })) },
    yAxis: { type: "value", minInterval: 1, name: t("market.chart.businesses") },
    series: GRADES.map((g) => ({
      name: t("market.grade.label", { grade: g }),
      type: "bar",
      stack: "grades",
      itemStyle: { color: GRADE_FILLS[g] },
      data: months.map((m) => m.counts.find((c) => c.grade === g)?.count ?? 0),
    })),
  };
  if (!roots.length) return <Typography.Paragraph>{t("market.noRole")}</Typography.Paragraph>;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={2}>{t("market.businesses.title")}</Typography.Title>
      <Card title={t("market.chart.title", { year })} size="small">
        <QueryState fetching={figures.fetching} error={figures.error} hasData={!!figures.data} empty={!months.length}>
          <Chart
            option={option}
            height={260}
            ariaLabel={t("market.chart.aria", {
              year,
              counts: GRADES.map((g) => `${g} ${current?.counts.find((c) => c.grade === g)?.count ?? 0}`).join(", "),
            })}
          />
        </QueryState>
      </Card>
      <Flex wrap gap={12} align="center" className="market-filters">
        <Select
          aria-label={t("market.filter.station")}
          style={{ minWidth: 200 }}
          value={chosen}
          onChange={(v) => (setUnit(v), setPage(1))}
          options={options.map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select
          aria-label={t("market.filter.grade")}
          style={{ minWidth: 140 }}
          allowClear
          placeholder={t("market.filter.anyGrade")}
          value={grade}
          onChange={(v) => (setGrade(v), setPage(1))}
          options={[...GRADES.map((g) => ({ value: g, label: t("market.grade.label", { grade: g }) })), { value: "-", label: t("market.grade.none") }]}
        />
        <Flex gap={8} align="center">
          <Switch id="market-overdue" checked={overdue} onChange={(v) => (setOverdue(v), setPage(1))} />
          <label htmlFor="market-overdue">{t("market.filter.overdue")}</label>
        </Flex>
        <Input.Search
          aria-label={t("market.filter.name")}
          placeholder={t("market.filter.name")}
          allowClear
          style={{ maxWidth: 260 }}
          onSearch={(v) => (setName(v), setPage(1))}
        />
      </Flex>
      <QueryState fetching={list.fetching} error={list.error} hasData={!!list.data} empty={!rows.length} emptyText={t("market.businesses.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <ResponsiveTable<Row>
          label={t("market.businesses.title")}
          rows={rows}
          rowKey={(r) => r.subject}
          pagination={{ current: page, pageSize: PAGE, total: list.data?.riskGrades.total ?? 0, onChange: setPage }}
          columns={[
            { key: "name", title: t("market.col.name"), render: (r) => <Link to={`/market/businesses/${encodeURIComponent(r.subject)}`}>{r.name}</Link> },
            { key: "station", title: t("market.col.station"), render: (r) => r.station },
            { key: "grade", title: t("market.col.grade"), render: (r) => <GradeTag grade={r.grade} /> },
            { key: "total", title: t("market.col.total"), render: (r) => (r.total == null ? "—" : t("market.points", { points: formatPoints(r.total) })) },
            { key: "last", title: t("market.col.last"), render: (r) => (r.lastInspectedOn ? formatDate(r.lastInspectedOn) : t("market.never")) },
            {
              key: "overdue",
              title: t("market.col.overdue"),
              render: (r) => (r.overdue ? <Tag color="red">{t("market.overdueCount", { count: r.overdue })}</Tag> : "—"),
            },
          ]}
        />
      </QueryState>
    </Flex>
  );
}
