import { Text } from "@codemirror/state";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderPage, RULESET } from "../../test/render";
import { FormView } from "./FormView";
import { RulesetEditor } from "./RulesetEditor";
import { WhatIfResult } from "./WhatIfPanel";
import { problemDiagnostics, syntaxDiagnostics } from "./YamlEditor";

/** The cards of a ResponsiveTable at a phone's width (jsdom's), one per row. */
function cards(list: HTMLElement): HTMLElement[] {
  return within(list).getAllByRole("listitem").filter((el) => el.parentElement === list);
}

const DETAIL = {
  ruleset: {
    code: "yongzhou-safety-bureau",
    title: "永州市安监局党员量化积分",
    forkedFrom: "yongzhou-safety-bureau",
    draft: { number: 2, label: "v2", text: RULESET.versions[0].text },
    versions: [
      { number: 1, label: "v1", status: "PUBLISHED", effectiveFrom: "2026-01-01", publishedAt: "2026-01-01T00:00:00Z", text: RULESET.versions[0].text },
      { number: 2, label: "v2", status: "DRAFT", effectiveFrom: null, publishedAt: null, text: RULESET.versions[0].text },
    ],
    assignments: [{ unitName: "青山县委组织部", unitId: "T3JnVW5pdDox", subjectKind: "PERSON", effectiveFrom: "2000-01-01", effectiveUntil: null }],
  },
};

describe("validator problems in the editor", () => {
  it("underline the whole line they name, and the first line for the whole document", () => {
    const doc = Text.of(["ruleset: x", "items:", "  - {code: 1}"]);
    const [whole, third, past] = problemDiagnostics(doc, [
      { line: 0, message: "missing buckets" },
      { line: 3, message: "code must be a string" },
      { line: 9, message: "after the end" },
    ]);
    expect([whole.from, whole.to]).toEqual([0, 10]);
    expect([third.from, third.to, third.message]).toEqual([18, 31, "code must be a string"]);
    expect(past.from).toBe(18);
  });

  it("mark YAML syntax errors while typing", () => {
    expect(syntaxDiagnostics("items: [a, b")).not.toEqual([]);
    expect(syntaxDiagnostics("items: [a, b]\n")).toEqual([]);
  });
});

describe("the form view", () => {
  it("reads items with their parts and points, and grade bands", () => {
    renderPage(<FormView text={RULESET.versions[0].text} />);
    // a phone's width in jsdom: one card per item
    const items = cards(screen.getByRole("list", { name: "草稿的积分项目" }));
    expect(items).toHaveLength(3);
    expect(within(items[0]).getByText("完不成党组织分配工作任务")).toBeTruthy();
    expect(within(items[0]).getByText("履职积分")).toBeTruthy();
    expect(within(items[0]).getByText("-1")).toBeTruthy();
    expect(within(items[1]).getByText("2 … 5")).toBeTruthy();
    expect(screen.getByText("70 ≤ x < 90")).toBeTruthy();
  });

  it("says when the text is not a document yet", () => {
    renderPage(<FormView text={"items: [a, b"} />);
    expect(screen.getByText(/文本还不是有效的 YAML/)).toBeTruthy();
  });
});

describe("saving a draft", () => {
  it("lists the validator's problems with their lines and saves nothing", async () => {
    const { calls } = renderPage(<RulesetEditor />, {
      path: "/rulesets/yongzhou-safety-bureau",
      route: "/rulesets/:code",
      answers: {
        RulesetDetail: DETAIL,
        UnitChoices: { orgUnits: { edges: [] } },
        RulesetDraftSave: {
          rulesetDraftSave: {
            version: null,
            errors: [{ field: "text", code: "VALIDATION_FAILED", message: "yongzhou.yaml:12: items[0].points: must be a number", line: 12, path: "items[0].points", hint: "write -1, not minus one" }],
          },
        },
      },
    });
    await userEvent.click(await screen.findByRole("button", { name: "保存草稿" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("第 12 行")).toBeTruthy();
    expect(within(alert).getByText(/must be a number/)).toBeTruthy();
    expect(within(alert).getByText(/write -1, not minus one/)).toBeTruthy();
    expect(calls.find((c) => c.name === "RulesetDraftSave")?.variables.code).toBe("yongzhou-safety-bureau");
  });
});

describe("a what-if result", () => {
  const job = {
    id: "V2hhdElmOjE=", status: "DONE", ruleset: "yongzhou-safety-bureau", versionLabel: "v2", unitName: "辽阳村党支部",
    periodStart: "2025-01-01", periodEnd: "2025-12-31", eventsTotal: 40, eventsDone: 40, comparedWith: "county/yongzhou-safety-bureau/v1/abc",
    oldFromClose: true, gradeChanges: 1, failure: "",
    skipped: [{ item: "party_day_absent", message: "unknown item", count: 2 }],
    rows: [
      { subjectName: "李强", gradeChanged: true, tie: false, old: { total: 89.5, grade: "qualified", rank: 4 }, new: { total: 90.25, grade: "excellent", rank: 2 },
        items: [{ item: "career_lead", old: 4, new: 8 }] },
      { subjectName: "王芳", gradeChanged: false, tie: false, old: { total: 95, grade: "excellent", rank: 1 }, new: { total: 95, grade: "excellent", rank: 1 }, items: [] },
    ],
  };

  it("shows who changes grade and why, with titles, not codes", async () => {
    renderPage(<WhatIfResult id={job.id} />, { answers: { WhatIf: { whatIf: job } } });
    const [row, same] = cards(await screen.findByRole("list", { name: "试算结果" }));
    expect(row.getAttribute("data-changed")).toBe("grade");
    expect(within(row).getByText("等次变化")).toBeTruthy();
    expect(within(row).getByText("带头促进事业发展：+4 → +8")).toBeTruthy();
    expect(within(row).getByText("合格")).toBeTruthy();
    expect(within(row).getByText("优秀")).toBeTruthy();
    expect(within(row).getByText("+0.75")).toBeTruthy();
    expect(within(same).getByText("无变化")).toBeTruthy();
    expect(screen.getByText(/无正当理由不参加党员主题活动日：2 条/)).toBeTruthy();
  });

  it("shows progress while the worker replays", async () => {
    renderPage(<WhatIfResult id={job.id} />, { answers: { WhatIf: { whatIf: { ...job, status: "RUNNING", eventsDone: 10, rows: [] } } } });
    await waitFor(() => expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25"));
  });
});
