import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it, vi } from "vitest";
import { LOADING, renderPage, SUPERIOR } from "../../test/render";
import { Dashboard } from "./Dashboard";

// jsdom has no canvas: the figure shows the option it was given, as the real one's data-option.
vi.mock("../../components/Chart", () => ({
  Chart: ({ option, ariaLabel }: { option: object; ariaLabel: string }) => <div role="img" aria-label={ariaLabel} data-option={JSON.stringify(option)} />,
}));

const TOWNSHIP = "T3JnVW5pdDoy";
const late = (units: { unit: string; name: string; count: number; since: string }[] = []) => ({ total: units.length, units });
const spread = (key: string, name: string, values: [number, number, number, number, number], identical = false) => ({
  key, name, n: 3, min: values[0], q1: values[1], median: values[2], q3: values[3], max: values[4], identical,
});

const FIGURES = {
  unit: TOWNSHIP, unitName: "城关镇党委", unitKind: "committee", hasChildren: true,
  trail: [{ id: "T3JnVW5pdDox", name: "青山县委组织部" }],
  asOf: "2026-12-02", computedAt: "2026-12-02T08:00:00+08:00", subjects: 42, events: 17, objectionsOpen: 1, escalated: 2, pointsCounted: 1234.5,
  grades: [{ code: "excellent", count: 5 }, { code: "qualified", count: 30 }],
  buckets: [{ code: "basic", points: -6 }, { code: "bonus", points: 20 }],
  categories: [{ code: "member", points: 14 }],
  months: Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, "0")}`, declared: i === 10 ? 7 : 0, reviewed: i === 10 ? 5 : 0 })),
  late: {
    reviews: late([{ unit: "T3JnVW5pdDo3", name: "辽阳村党支部", count: 3, since: "2026-11-20" }]),
    boards: late(), filing: late(), declarations: late(),
  },
  fairness: {
    branchesTotal: 2,
    branches: [spread("T3JnVW5pdDo4", "东村党支部", [80, 80, 80, 80, 80], true), spread("T3JnVW5pdDo3", "辽阳村党支部", [60, 70, 80, 90, 100])],
    categories: [spread("member", "member", [60, 70, 80, 90, 100])],
    recorders: [{ username: "recorder_01", name: "赵记分", deductions: 4, subjects: 1, topSubject: "U3ViamVjdDox", topName: "李强", topShare: 1, outlier: true }],
  },
  members: [], membersTotal: 0,
};
const CHILDREN = {
  dashboardChildren: {
    totalCount: 1,
    items: [{ unit: "T3JnVW5pdDo3", unitName: "辽阳村党支部", unitKind: "branch", hasChildren: false, subjects: 12, events: 3, objectionsOpen: 0, escalated: 0, pointsCounted: 88 }],
  },
};
const UNITS = { orgUnits: { totalCount: 0, edges: [] } };
const path = `/dashboard/${TOWNSHIP}`;
const WAIT = { timeout: 10000 };
const route = "/dashboard/:unit";

function option(label: string) {
  return JSON.parse(screen.getByRole("img", { name: label }).getAttribute("data-option")!);
}

it("shows a spinner while the figures load", async () => {
  renderPage(<Dashboard />, { me: SUPERIOR, path, route, answers: { Dashboard: LOADING, UnitChoices: UNITS } });
  expect(await screen.findByText("加载中…")).toBeTruthy();
});

it("says so when the unit's figures may not be read", async () => {
  renderPage(<Dashboard />, { me: SUPERIOR, path, route, answers: { Dashboard: { dashboard: null }, UnitChoices: UNITS } });
  expect(await screen.findByText("无权查看该组织的统计，或该组织不存在。")).toBeTruthy();
});

it("draws the figures with ruleset titles, marks the outliers and pages the sub-units", async () => {
  const { calls } = renderPage(<Dashboard />, {
    me: SUPERIOR, path, route,
    answers: { Dashboard: { dashboard: FIGURES }, DashboardChildren: CHILDREN, UnitChoices: UNITS },
  });
  expect(await screen.findByRole("heading", { name: "城关镇党委 统计看板" }, WAIT)).toBeTruthy();
  expect(screen.getByRole("link", { name: "青山县委组织部" }).getAttribute("href")).toBe("/dashboard/T3JnVW5pdDox");
  // grade titles from the ruleset, not codes
  expect(option("等次分布").series[0].data).toEqual([{ name: "优秀", value: 5 }, { name: "合格", value: 30 }]);
  expect(option("各分项积分").yAxis.data).toEqual(["基础积分", "加分项目"]);
  expect(option("每月申报与审核").series[0].data[10]).toBe(7);
  // the branch whose scores are all identical is pinned, the other is not
  const boxes = option("各组织积分分布（显示 2 / 2）");
  expect(boxes.series[1].data).toEqual([[0, 80]]);
  expect(screen.getByText("1 个组织的积分全部相同")).toBeTruthy();
  expect(screen.getByText("赵记分 的 4 次扣分均针对 李强")).toBeTruthy();
  expect(screen.getByRole("link", { name: "去处理" }).getAttribute("href")).toBe("/boards/objections");
  // late reviews link to the unit's own dashboard
  expect(screen.getByText("申报超过 7 天未初审")).toBeTruthy();
  expect(screen.getAllByRole("link", { name: "辽阳村党支部" })[0].getAttribute("href")).toBe("/dashboard/T3JnVW5pdDo3");
  // sub-units: searched on the server
  expect(await screen.findByText("88", undefined, WAIT)).toBeTruthy();
  const user = userEvent.setup({ delay: null });
  await user.type(screen.getByRole("searchbox", { name: "搜索下级组织" }), "辽阳{Enter}");
  expect(calls.filter((c) => c.name === "DashboardChildren").at(-1)?.variables).toEqual({ unit: TOWNSHIP, search: "辽阳", offset: 0, first: 20 });
}, 30000);

it("lists a branch's members with links to their points", async () => {
  const branch = { ...FIGURES, hasChildren: false, members: [{ subject: "U3ViamVjdDox", name: "李强", total: 96.5 }], membersTotal: 1 };
  renderPage(<Dashboard />, { me: SUPERIOR, path, route, answers: { Dashboard: { dashboard: branch }, UnitChoices: UNITS } });
  const link = await screen.findByRole("link", { name: "李强" }, WAIT);
  expect(link.getAttribute("href")).toBe("/subjects/U3ViamVjdDox");
  expect(screen.getByText("96.5 分")).toBeTruthy();
});
