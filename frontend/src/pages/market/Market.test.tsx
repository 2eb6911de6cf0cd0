import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it, vi } from "vitest";
import type { Me } from "../../app/me";
import { LOADING, renderPage } from "../../test/render";
import { Business } from "./Business";
import { Businesses } from "./Businesses";
import { InspectionRecord } from "./InspectionRecord";
import { Plan } from "./Plan";

// jsdom has no canvas: the figure is checked by the option it is given (e2e draws it).
vi.mock("../../components/Chart", () => ({
  Chart: ({ option, ariaLabel }: { option: unknown; ariaLabel: string }) => <div role="img" aria-label={ariaLabel} data-option={JSON.stringify(option)} />,
}));

const STATION = { id: "T3JnVW5pdDo1", name: "城关市场监管所", kind: "STATION" as const };
export const INSPECTOR: Me = { username: "inspector_01", displayName: "城关市场监管所执法人员", tenant: "market", isSuperuser: false, subjectId: null, householdId: null, childCount: 0, roles: [{ role: "INSPECTOR", unit: STATION }] };
const STATIONS = { orgUnits: { edges: [{ node: STATION }] } };
const ROW = { subject: "U3ViamVjdDox", name: "张记超市", station: "城关市场监管所", category: "licensed", grade: "B", total: 31, lastInspectedOn: "2026-11-02", overdue: 1 };
const MONTHS = { riskGradeDistribution: [{ month: "2026-11-30", counts: [{ grade: "A", count: 2 }] }, { month: "2026-12-02", counts: [{ grade: "A", count: 1 }, { grade: "B", count: 3 }] }] };

it("shows the bureau's list loading, then its rows and the figure's data", async () => {
  const { container, calls } = renderPage(<Businesses />, {
    me: INSPECTOR,
    answers: { Stations: STATIONS, RiskGrades: { riskGrades: { total: 1, rows: [ROW] } }, GradeDistribution: MONTHS },
  });
  expect(await screen.findByRole("link", { name: "张记超市" })).toBeTruthy();
  expect(screen.getByText("逾期 1 次")).toBeTruthy();
  expect(screen.getAllByText("B 级").length).toBeGreaterThan(0);
  const option = JSON.parse(container.querySelector("[data-option]")!.getAttribute("data-option")!);
  expect(option.series.map((s: { data: number[] }) => s.data)).toEqual([[2, 1], [0, 3], [0, 0], [0, 0]]);
  expect(calls.find((c) => c.name === "RiskGrades")?.variables).toMatchObject({ unit: STATION.id, overdue: false, offset: 0, first: 20 });
});

it("filters by grade and overdue on the server", async () => {
  const { calls } = renderPage(<Businesses />, {
    me: INSPECTOR,
    answers: { Stations: STATIONS, RiskGrades: { riskGrades: { total: 1, rows: [ROW] } }, GradeDistribution: MONTHS },
  });
  await screen.findByRole("link", { name: "张记超市" });
  await userEvent.click(screen.getByRole("switch"));
  await waitFor(() => expect(calls.filter((c) => c.name === "RiskGrades").at(-1)?.variables).toMatchObject({ overdue: true }));
});

it("shows the list loading", async () => {
  renderPage(<Businesses />, { me: INSPECTOR, answers: { Stations: STATIONS, RiskGrades: LOADING, GradeDistribution: LOADING } });
  expect((await screen.findAllByText("加载中…")).length).toBeGreaterThan(0);
});

it("says when nothing matches", async () => {
  renderPage(<Businesses />, { me: INSPECTOR, answers: { Stations: STATIONS, RiskGrades: { riskGrades: { total: 0, rows: [] } }, GradeDistribution: { riskGradeDistribution: [] } } });
  expect(await screen.findByText("没有符合条件的经营者。")).toBeTruthy();
});

const BUSINESS = {
  riskGrade: {
    subject: "U3ViamVjdDox", name: "张记超市", grade: "C", total: 48, periodStart: "2026-01-01", flags: [], lastInspectedOn: "2026-12-01",
    history: [
      { changedAt: "2026-06-01T08:00:00+08:00", fromGrade: "", toGrade: "B", total: 30, reason: "LICENCE", flags: [] },
      { changedAt: "2026-12-01T08:00:00+08:00", fromGrade: "B", toGrade: "C", total: 48, reason: "INSPECTION", flags: [] },
    ],
    inspections: [{ id: "SW5zcGVjdGlvbjox", inspectedOn: "2026-12-01", inspector: { displayName: "执法人员" }, findings: "冷柜温度偏高", photos: [], signature: "RXZpZGVuY2U6MQ==", signatureRefused: "", dynamicTotal: 18, checklist: [{ code: "c1", title: "冷藏温度", result: "FAIL", points: 6 }] }],
    licenceAssessment: { assessedOn: "2026-06-01", businessType: "超市", total: 30, lines: [{ code: "premises_area", title: "经营场所面积", group: "规模", value: 900, points: 3 }] },
    appeals: [],
    plannedInspections: [{ seq: 2, dueOn: "2026-09-01", done: false, overdue: true, inspector: { displayName: "执法人员" } }],
  },
};

it("shows a business loading", async () => {
  renderPage(<Business />, { me: INSPECTOR, path: "/market/businesses/x", route: "/market/businesses/:id", answers: { Business: LOADING } });
  expect(await screen.findByText("加载中…")).toBeTruthy();
});

it("shows a business's facts, timeline with reasons and a QR code of its public page", async () => {
  renderPage(<Business />, { me: INSPECTOR, path: "/market/businesses/U3ViamVjdDox", route: "/market/businesses/:id", answers: { Business: BUSINESS } });
  expect(await screen.findByText("B 级 → C 级")).toBeTruthy();
  expect(screen.getByText("首次评定为 B 级")).toBeTruthy();
  expect(screen.getByText("监督检查")).toBeTruthy();
  expect(screen.getByText("经营场所面积")).toBeTruthy();
  expect(screen.getByText("已逾期")).toBeTruthy();
  expect(screen.getByRole("img", { name: "张记超市 的公开页面二维码" })).toBeTruthy();
  expect(screen.getByText(/\/open\/food-grades\?name=张记超市/)).toBeTruthy();
  expect(screen.getByRole("button", { name: "记录检查" })).toBeTruthy();
});

it("says when the business is not visible", async () => {
  renderPage(<Business />, { me: INSPECTOR, path: "/market/businesses/x", route: "/market/businesses/:id", answers: { Business: { riskGrade: null } } });
  expect(await screen.findByText("找不到这个经营者，或你无权查看。")).toBeTruthy();
});

const CHECKLIST = {
  riskGrade: { subject: "U3ViamVjdDox", name: "张记超市", grade: "A" },
  riskGradingTables: { source: "食品销售风险分级", dynamicChecklist: [{ code: "c1", title: "冷藏温度", group: "贮存", points: 6 }, { code: "c2", title: "进货查验", group: "进货", points: 4 }] },
};

it("records an inspection with every row answered and the reason for no signature", async () => {
  const { calls } = renderPage(<InspectionRecord upload={async () => "RXZpZGVuY2U6Mg=="} />, {
    me: INSPECTOR,
    path: "/market/businesses/U3ViamVjdDox/inspect",
    route: "/market/businesses/:id/inspect",
    answers: { Checklist: CHECKLIST, InspectionRecord: { inspectionRecord: { inspection: { id: "SW5zcGVjdGlvbjoy", dynamicTotal: 6 }, errors: [] } } },
  });
  const user = userEvent.setup({ delay: null });
  await screen.findByText("现场检查：张记超市");
  await user.click(screen.getAllByText("不符合")[0]);
  await user.click(screen.getByRole("button", { name: "提交检查记录" }));
  expect(await screen.findByText("请负责人签字，或说明未签字的原因。")).toBeTruthy();
  await user.type(screen.getByLabelText("未签字原因"), "负责人不在场");
  await user.click(screen.getByRole("button", { name: "提交检查记录" }));
  expect(await screen.findByText("已记录对张记超市的检查")).toBeTruthy();
  const sent = calls.find((c) => c.name === "InspectionRecord")!.variables;
  expect(sent.results).toEqual([{ code: "c1", result: "FAIL" }, { code: "c2", result: "PASS" }]);
  expect(sent.signatureRefused).toBe("负责人不在场");
  expect(sent.signature).toBeNull();
}, 30000);

it("shows a refusal of the server at its checklist row", async () => {
  renderPage(<InspectionRecord upload={async () => "x"} />, {
    me: INSPECTOR,
    path: "/market/businesses/U3ViamVjdDox/inspect",
    route: "/market/businesses/:id/inspect",
    answers: { Checklist: CHECKLIST, InspectionRecord: { inspectionRecord: { inspection: null, errors: [{ field: "results.c2", code: "VALIDATION_FAILED", message: "每一项都须填写结果" }] } } },
  });
  const user = userEvent.setup({ delay: null });
  await screen.findByText("现场检查：张记超市");
  await user.type(screen.getByLabelText("未签字原因"), "不在场");
  await user.click(screen.getByRole("button", { name: "提交检查记录" }));
  expect(await screen.findByText("每一项都须填写结果")).toBeTruthy();
}, 30000);

it("says when there is no checklist to fill in", async () => {
  renderPage(<InspectionRecord />, { me: INSPECTOR, path: "/market/businesses/x/inspect", route: "/market/businesses/:id/inspect", answers: { Checklist: { riskGrade: null, riskGradingTables: null } } });
  expect(await screen.findByText("找不到这个经营者的检查表，或你无权检查。")).toBeTruthy();
});

it("marks overdue visits on the plan and lists the month", async () => {
  const visit = { subject: "U3ViamVjdDox", name: "张记超市", grade: "C", seq: 2, dueOn: new Date().toISOString().slice(0, 8) + "01", done: false, overdue: true, station: "城关市场监管所", inspector: { username: "inspector_01", displayName: "执法人员" } };
  renderPage(<Plan />, { me: INSPECTOR, answers: { Stations: STATIONS, InspectionPlan: { inspectionPlan: [visit] } } });
  expect((await screen.findAllByText("张记超市")).length).toBeGreaterThan(0);
  expect(screen.getAllByText("已逾期").length).toBeGreaterThan(0);
  expect(screen.getByText("逾期 1 次")).toBeTruthy();
});

it("shows an empty plan", async () => {
  renderPage(<Plan />, { me: INSPECTOR, answers: { Stations: STATIONS, InspectionPlan: { inspectionPlan: [] } } });
  expect(await screen.findByText("本月没有计划检查。")).toBeTruthy();
});
