import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, MEMBER, renderPage } from "../../test/render";
import { Boards } from "./Boards";

const WAIT = { timeout: 10000 };
const result = (id: string, subjectName: string, rank: number, total: string, grade: string) => ({
  id, subjectName, category: "member", total, grade, rank, stars: null, vetoed: false, subject: null,
});
const board = (extra: Record<string, unknown>) => ({
  id: "Qm9hcmQ6MQ==", kind: "RESULTS", status: "OPEN", coversStart: "2025-01-01", coversEnd: "2025-12-31",
  closesOn: "2026-12-11", openedAt: "2026-12-04T09:00:00+08:00", unit: { id: "T3JnVW5pdDo3", name: "城关镇辽阳村党支部" },
  declarations: [], results: [result("UFI6MQ==", "张伟", 1, "96.0000", "excellent"), result("UFI6Mg==", "刘洋", 2, "82.0000", "qualified")],
  ...extra,
});

function boards(nodes: ReturnType<typeof board>[], totalCount = nodes.length) {
  return renderPage(<Boards />, {
    me: MEMBER,
    answers: {
      Boards: { boards: connection(nodes, totalCount) },
      RaiseObjection: { objectionRaise: { objection: { id: "T2JqOjE=", status: "OPEN", answerDue: "2026-12-15" }, errors: [] } },
    },
  });
}

const card = (name: string) => screen.getAllByRole("listitem").find((r) => r.textContent?.includes(name))!;

it("lets a member object to a result while the results are publicised", async () => {
  const { calls } = boards([board({})]);
  const user = userEvent.setup({ delay: null });
  expect(await screen.findByText("张伟", undefined, WAIT)).toBeTruthy();
  // the grade's title from the ruleset, never its code
  expect(within(card("刘洋")).getByText("合格")).toBeTruthy();
  await user.click(within(card("刘洋")).getByRole("button", { name: "提出异议" }));
  const dialog = await screen.findByRole("dialog", { name: "提出异议：刘洋 · 期末结果" }, WAIT);
  await user.type(within(dialog).getByLabelText("异议或申辩理由"), "全年志愿服务 12 次未计入");
  await user.click(within(dialog).getByRole("button", { name: "提交异议" }));
  await waitFor(() => expect(calls.find((c) => c.name === "RaiseObjection")?.variables).toEqual({ result: "UFI6Mg==", reason: "全年志愿服务 12 次未计入" }), WAIT);
}, 30000);

it("offers no objection once the publicity is over", async () => {
  boards([board({ status: "CLOSED" })]);
  expect(await screen.findByText("张伟", undefined, WAIT)).toBeTruthy();
  expect(screen.queryByRole("button", { name: "提出异议" })).toBeNull();
});

it("pages through a county's boards, newest first", async () => {
  const { calls } = boards([board({})], 23);
  const user = userEvent.setup({ delay: null });
  expect(await screen.findByText("共 23 个公示栏", undefined, WAIT)).toBeTruthy();
  expect(calls.find((c) => c.name === "Boards")?.variables).toEqual({ offset: 0 });
  await user.click(screen.getByTitle("3"));
  await waitFor(() => expect(calls.filter((c) => c.name === "Boards").at(-1)?.variables).toEqual({ offset: 20 }), WAIT);
}, 30000);
