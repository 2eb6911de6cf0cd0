// The dashboard's ECharts options, built from the API's figures (pure: tests read them).
import type { EChartsCoreOption } from "echarts/core";
import type { DashboardQuery } from "../../graphql/graphql";
import { formatPoints } from "../../lib/format";

type Figures = NonNullable<DashboardQuery["dashboard"]>;
type Spread = Figures["fairness"]["branches"][number];

export const RED = "#cf1322";
const BLUE = "#0958d9";
const GREEN = "#237804";
// A box plot with more boxes than this cannot be read; the outliers come first anyway.
export const MAX_BOXES = 30;

const points = (value: unknown) => formatPoints(value as number);

export function gradeOption(grades: Figures["grades"], title: (code: string) => string): EChartsCoreOption {
  return {
    tooltip: { trigger: "item" },
    legend: { bottom: 0, type: "scroll" },
    series: [
      {
        type: "pie",
        radius: ["35%", "65%"],
        center: ["50%", "45%"],
        label: { formatter: "{b}: {c}" },
        data: grades.map((g) => ({ name: title(g.code), value: g.count })),
      },
    ],
  };
}

export function pointsOption(rows: { code: string; points: number }[], title: (code: string) => string, name: string): EChartsCoreOption {
  return {
    tooltip: { trigger: "axis", valueFormatter: points },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: rows.map((r) => title(r.code)), inverse: true },
    series: [
      {
        name,
        type: "bar",
        data: rows.map((r) => ({ value: r.points, itemStyle: { color: r.points < 0 ? RED : BLUE } })),
        label: { show: true, position: "right", formatter: (p: { value: number }) => points(p.value) },
      },
    ],
  };
}

export function monthsOption(months: Figures["months"], label: (month: string) => string, names: { declared: string; reviewed: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: "category", data: months.map((m) => label(m.month)) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: names.declared, type: "line", smooth: true, data: months.map((m) => m.declared), itemStyle: { color: BLUE } },
      { name: names.reviewed, type: "line", smooth: true, data: months.map((m) => m.reviewed), itemStyle: { color: GREEN } },
    ],
  };
}

/** Box plots of members' totals; boxes whose scores are all identical are red and pinned. */
export function spreadOption(rows: readonly Spread[], names: { spread: string; identical: string }, label: (row: Spread) => string = (r) => r.name): EChartsCoreOption {
  const shown = rows.slice(0, MAX_BOXES);
  return {
    tooltip: { trigger: "item" },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 24, bottom: 40, containLabel: true },
    xAxis: { type: "category", data: shown.map(label), axisLabel: { interval: 0, rotate: shown.length > 6 ? 30 : 0 } },
    yAxis: { type: "value" },
    series: [
      {
        name: names.spread,
        type: "boxplot",
        data: shown.map((r) => ({
          value: [r.min, r.q1, r.median, r.q3, r.max],
          itemStyle: r.identical ? { borderColor: RED, color: "#fff1f0" } : { borderColor: BLUE },
        })),
      },
      {
        name: names.identical,
        type: "scatter",
        symbol: "pin",
        symbolSize: 28,
        itemStyle: { color: RED },
        data: shown.flatMap((r, i) => (r.identical ? [[i, r.median]] : [])),
      },
    ],
  };
}

export function recordersOption(rows: Figures["fairness"]["recorders"], names: { deductions: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map((r) => r.name), inverse: true },
    series: [
      {
        name: names.deductions,
        type: "bar",
        data: rows.map((r) => ({ value: r.deductions, itemStyle: { color: r.outlier ? RED : BLUE } })),
        label: { show: true, position: "right" },
      },
    ],
  };
}
