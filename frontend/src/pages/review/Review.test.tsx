import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, renderPage, SECRETARY } from "../../test/render";
import { Review } from "./Review";

const WAIT = { timeout: 10000 };
const declaration = (id: string, subjectName: string, item: string, extra: Record<string, unknown> = {}) => ({
  id, subjectName, item, occurredOn: "2026-11-20", quantity: "1", kind: "SELF", note: "", attributes: {},
  unit: { name: "城关镇辽阳村党支部" }, declaredBy: { username: "member_0102", displayName: subjectName }, evidence: [],
  ...extra,
});
const QUEUE = [
  declaration("RDox", "张伟", "career_lead", { attributes: { points: 4 } }),
  declaration("RDoy", "刘洋", "task_not_done"),
  declaration("RDoz", "王芳", "party_day_absent", { declaredBy: { username: SECRETARY.username, displayName: "王芳" } }),
];

function reviewing(refuse: Record<string, string> = {}) {
  return renderPage(<Review />, {
    answers: {
      ReviewQueue: { declarations: connection(QUEUE) },
      Review: ({ declaration: id }: Record<string, unknown>) => ({
        declarationReview: {
          declaration: refuse[id as string] ? null : { id, status: "REVIEWED" },
          errors: refuse[id as string] ? [{ field: null, code: "invalid_step", message: refuse[id as string] }] : [],
        },
      }),
    },
  });
}

// jsdom is narrow: the queue is one card per declaration
const row = (name: string) => screen.getAllByRole("listitem").find((r) => r.textContent?.includes(name))!;

it("shows the declared points and item titles, and never offers one's own declaration", async () => {
  reviewing();
  expect(await screen.findByText("带头促进事业发展", undefined, WAIT)).toBeTruthy();
  expect(within(row("带头促进事业发展")).getByText("+4")).toBeTruthy();
  expect(within(row("完不成党组织分配工作任务")).getByText("-1")).toBeTruthy();
  const own = row("无正当理由不参加党员主题活动日");
  expect(within(own).getByText("本人申报，由其他审核人审核")).toBeTruthy();
  expect(within(own).queryByRole("button", { name: "通过" })).toBeNull();
});

it("rejects the selected declarations with one reason and keeps a refused one selected", async () => {
  const { calls } = reviewing({ RDoy: "该申报已被其他审核人处理" });
  const user = userEvent.setup({ delay: null });
  await screen.findByText("带头促进事业发展", undefined, WAIT);
  await user.click(within(row("带头促进事业发展")).getByRole("checkbox", { name: "选择此行" }));
  await user.click(within(row("完不成党组织分配工作任务")).getByRole("checkbox", { name: "选择此行" }));
  await user.click(screen.getByRole("button", { name: "驳回选中的 2 条" }));
  const dialog = await screen.findByRole("dialog", undefined, WAIT);
  // a reason is required
  await user.click(within(dialog).getByRole("button", { name: "驳回" }));
  expect(await within(dialog).findByText("请写明理由", undefined, WAIT)).toBeTruthy();
  await user.type(within(dialog).getByLabelText("理由"), "佐证材料不全");
  await user.click(within(dialog).getByRole("button", { name: "驳回" }));
  await waitFor(() => expect(calls.filter((c) => c.name === "Review")).toHaveLength(2), WAIT);
  expect(calls.filter((c) => c.name === "Review").map((c) => c.variables)).toEqual([
    { declaration: "RDox", decision: "REJECT", reason: "佐证材料不全" },
    { declaration: "RDoy", decision: "REJECT", reason: "佐证材料不全" },
  ]);
  // the refused one says why, and stays selected for another try
  expect(await within(row("完不成党组织分配工作任务")).findByText("该申报已被其他审核人处理", undefined, WAIT)).toBeTruthy();
  // (jsdom never ends the loading icon's leave motion, which keeps its "loading" label)
  expect(await screen.findByRole("button", { name: /驳回选中的 1 条$/ }, WAIT)).toBeTruthy();
}, 30000);

it("accepts several at once", async () => {
  const { calls } = reviewing();
  const user = userEvent.setup({ delay: null });
  await screen.findByText("带头促进事业发展", undefined, WAIT);
  await user.click(within(row("带头促进事业发展")).getByRole("checkbox", { name: "选择此行" }));
  await user.click(within(row("完不成党组织分配工作任务")).getByRole("checkbox", { name: "选择此行" }));
  await user.click(screen.getByRole("button", { name: "通过选中的 2 条" }));
  await waitFor(() => expect(calls.filter((c) => c.name === "Review").map((c) => c.variables.decision)).toEqual(["ACCEPT", "ACCEPT"]), WAIT);
  expect(await screen.findByText("已通过 2 条", undefined, WAIT)).toBeTruthy();
}, 30000);
