import { configure, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { failure, LOADING, MEMBER, renderPage, SECRETARY } from "../../test/render";
import { ClassPage } from "./ClassPage";
import { MyChildren } from "./MyChildren";
import { PupilReportPage } from "./PupilReport";
import { TeacherRoutine } from "./TeacherRoutine";

configure({ asyncUtilTimeout: 8000 });

const CLASS = { id: "T3JnVW5pdDpzY2hvb2w6OQ==", name: "三年级（1）班", kind: "CLASS" as const };
const HEAD = { ...SECRETARY, username: "head_teacher_31", roles: [{ role: "RECORDER" as const, unit: CLASS }] };
const PARENT = { ...MEMBER, username: "parent_31", roles: [], childCount: 1 };
const entry = (title: string, points: number, confirmed = true) => ({ on: "2026-11-30", item: "x", title, points, recordedBy: "三年级一班班主任", confirmed });
const pupil = (name: string, rank: number, total: number, gained: number, lost: number, entries = [entry("被老师评为作业优秀(每次)", 0.5)], parentMeeting = false) => ({
  subject: { id: `s-${name}`, name, category: "pupil" },
  total, rank, gained, lost, parentMeeting, entries,
});

describe("ClassPage", () => {
  it("tells a user without a class", () => {
    renderPage(<ClassPage />, { me: { ...MEMBER, roles: [] } });
    expect(screen.getByText("您没有可查看的班级")).toBeTruthy();
  });

  it("shows the duty monitor's week with the ranking", async () => {
    const { calls } = renderPage(<ClassPage />, {
      me: HEAD,
      answers: {
        ClassWeek: { classWeek: { ruleset: "class-points", start: "2026-11-30", end: "2026-12-06", pupils: [pupil("王小明", 1, 83.5, 3.5, 0), pupil("李华", 2, 75, 0, 5, [entry("旷课一节(数量=节数)", -5, false)])] } },
      },
    });
    const list = await screen.findByRole("list", { name: "本周" });
    const cards = within(list).getAllByRole("listitem");
    expect(cards.map((c) => c.getAttribute("data-pupil"))).toEqual(["王小明", "李华"]);
    expect(screen.getByText(/共 2 条值日记录/)).toBeTruthy();
    expect(calls.find((c) => c.name === "ClassWeek")?.variables.unit).toBe(CLASS.id);
  });

  it("shows loading, empty and error states of the week", async () => {
    const first = renderPage(<ClassPage />, { me: HEAD, answers: { ClassWeek: LOADING } });
    expect(screen.getByText("加载中…")).toBeTruthy();
    first.unmount();
    const second = renderPage(<ClassPage />, { me: HEAD, answers: { ClassWeek: { classWeek: null } } });
    expect(await screen.findByText("这一周没有学生或记录")).toBeTruthy();
    second.unmount();
    renderPage(<ClassPage />, { me: HEAD, answers: { ClassWeek: failure("boom") } });
    expect(await screen.findByText("加载失败")).toBeTruthy();
  });
});

describe("PupilReport", () => {
  const report = (parentMeeting: boolean) => ({
    pupilMonthReport: {
      year: 2026, month: 11, classSize: 30, printUrl: "/exports/print/pupil_month_report?subject=s",
      line: { ...pupil("李华", 29, 68, 1, 12, [entry("旷课一节(数量=节数)", -5)], parentMeeting), subject: { id: "s", name: "李华", category: "pupil", homeUnit: { name: "三年级（1）班" } } },
    },
  });

  it("shows the month with the parent-meeting flag and the rank in the class", async () => {
    renderPage(<PupilReportPage />, { me: HEAD, path: "/school/pupils/s?year=2026&month=11", route: "/school/pupils/:id", answers: { PupilReport: report(true) } });
    expect(await screen.findByRole("heading", { name: "李华 2026 年 11 月积分报告" })).toBeTruthy();
    expect(screen.getByText("本月需家长到校面谈")).toBeTruthy();
    expect(screen.getByText("第 29 / 30 名")).toBeTruthy();
    expect(screen.getByText("旷课一节(数量=节数)")).toBeTruthy();
  });

  it("says when there is no report to see", async () => {
    renderPage(<PupilReportPage />, { me: HEAD, path: "/school/pupils/s", route: "/school/pupils/:id", answers: { PupilReport: { pupilMonthReport: null } } });
    expect(await screen.findByText("没有这份报告，或您无权查看")).toBeTruthy();
  });
});

describe("MyChildren", () => {
  it("shows a parent their own child's report only", async () => {
    const { calls } = renderPage(<MyChildren />, {
      me: PARENT,
      answers: {
        MyChildren: { myChildren: [{ id: "s", name: "王小明", homeUnit: { name: "三年级（1）班" } }] },
        PupilReport: { pupilMonthReport: { year: 2026, month: 12, classSize: 30, printUrl: "/x", line: { ...pupil("王小明", 1, 83.5, 3.5, 0), subject: { id: "s", name: "王小明", category: "pupil", homeUnit: { name: "三年级（1）班" } } } } },
      },
    });
    expect(await screen.findByRole("heading", { name: /王小明 \d{4} 年 \d+ 月积分报告/ })).toBeTruthy();
    expect(calls.filter((c) => c.name === "PupilReport").map((c) => c.variables.pupil)).toEqual(["s"]);
  });

  it("tells a user who is nobody's parent", async () => {
    renderPage(<MyChildren />, { me: PARENT, answers: { MyChildren: { myChildren: [] } } });
    expect(await screen.findByText(/还没有关联学生/)).toBeTruthy();
  });

  it("shows the error state", async () => {
    renderPage(<MyChildren />, { me: PARENT, answers: { MyChildren: failure("boom") } });
    expect(await screen.findByText("加载失败")).toBeTruthy();
  });
});

describe("TeacherRoutine", () => {
  const OFFICE = { ...SECRETARY, roles: [{ role: "RECORDER" as const, unit: { id: "u-t", name: "教师党支部", kind: "BRANCH" as const } }] };
  const teacher = (name: string, failures: number, development: number, grade: string, award: number) => ({
    standardFailures: failures, development, grade, award, tied: false,
    teacher: { subject: { id: name, name }, rank: 1, entries: [] },
  });

  it("shows pass/fail, development, grade and the award", async () => {
    renderPage(<TeacherRoutine />, {
      me: OFFICE,
      answers: { TeacherRoutine: { teacherRoutineMonth: [teacher("张老师", 0, 3, "excellent", 200), teacher("刘老师", 0, 1, "qualified", 150), teacher("陈老师", 1, 2, "unqualified", 0)] } },
    });
    const cards = within(await screen.findByRole("list", { name: "教学常规考核" })).getAllByRole("listitem");
    expect(within(cards[0]).getByText("优秀")).toBeTruthy();
    expect(within(cards[0]).getByText(/^200/)).toBeTruthy();
    expect(within(cards[1]).getByText("合格")).toBeTruthy();
    expect(within(cards[2]).getByText("1 项不达标")).toBeTruthy();
  });

  it("shows the empty state and tells who has no unit", async () => {
    const first = renderPage(<TeacherRoutine />, { me: OFFICE, answers: { TeacherRoutine: { teacherRoutineMonth: [] } } });
    expect(await screen.findByText("这个月还没有教师考核记录")).toBeTruthy();
    first.unmount();
    renderPage(<TeacherRoutine />, { me: { ...MEMBER, roles: [] } });
    expect(screen.getByText("您没有教学常规考核的职责")).toBeTruthy();
  });
});
