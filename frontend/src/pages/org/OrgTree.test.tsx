import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import type { Me } from "../../app/me";
import { connection, renderPage, SECRETARY } from "../../test/render";
import { OrgTree } from "./OrgTree";

const ADMIN: Me = { ...SECRETARY, username: "admin", displayName: "管理员", roles: [{ role: "ADMIN", unit: { id: "T3JnVW5pdDox", name: "某县", kind: "COUNTY" } }] };
const WAIT = { timeout: 10000 };
const unit = (id: string, name: string, kind: string, depth: number, parentId: string | null, extra = {}) => ({
  id, name, kind, depth, parentId, code: "", childCount: 0, isScoring: true, closedAt: null, closedReason: "", ...extra,
});
const TREE = {
  orgUnits: connection([
    unit("T3JnVW5pdDox", "某县", "COUNTY", 1, null, { childCount: 1 }),
    unit("T3JnVW5pdDoy", "城关镇党委", "COMMITTEE", 2, "T3JnVW5pdDox", { childCount: 1 }),
    unit("T3JnVW5pdDo3", "城关镇辽阳村党支部", "BRANCH", 3, "T3JnVW5pdDoy"),
    unit("T3JnVW5pdDo4", "城关镇老街党支部", "BRANCH", 3, "T3JnVW5pdDoy", { closedAt: "2026-11-01T08:00:00+08:00", closedReason: "并入辽阳村党支部" }),
  ]),
};

async function openAction(user: ReturnType<typeof userEvent.setup>, unitName: string, action: string) {
  await user.click(await screen.findByRole("button", { name: `管理 ${unitName}` }, WAIT));
  await user.click(await screen.findByRole("menuitem", { name: action }, WAIT));
  return screen.findByRole("dialog", undefined, WAIT);
}

it("shows the tree read-only to a secretary", async () => {
  renderPage(<OrgTree />, { me: SECRETARY, answers: { OrgUnits: TREE } });
  expect(await screen.findByRole("link", { name: "城关镇辽阳村党支部" }, WAIT)).toBeTruthy();
  expect(screen.getByText("已撤销")).toBeTruthy();
  expect(screen.queryByRole("button", { name: /^管理/ })).toBeNull();
});

it("offers an administrator the actions on each unit, reopen for a closed one", async () => {
  renderPage(<OrgTree />, { me: ADMIN, answers: { OrgUnits: TREE } });
  await screen.findByRole("link", { name: "城关镇辽阳村党支部" }, WAIT);
  expect(screen.getAllByRole("button", { name: /^管理 / })).toHaveLength(4);
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByRole("button", { name: "管理 城关镇老街党支部" }));
  expect(await screen.findByRole("menuitem", { name: "恢复" }, WAIT)).toBeTruthy();
  expect(screen.queryByRole("menuitem", { name: "撤销" })).toBeNull();
}, 30000);

it("adds a sub-unit with the name, kind and code typed", async () => {
  const { calls } = renderPage(<OrgTree />, {
    me: ADMIN,
    answers: { OrgUnits: TREE, UnitCreate: { unitCreate: { unit: { id: "T3JnVW5pdDo5", name: "城关镇新村党支部" }, errors: [] } } },
  });
  const user = userEvent.setup({ delay: null });
  const dialog = await openAction(user, "城关镇党委", "添加下级组织");
  await user.type(within(dialog).getByLabelText("组织名称"), "城关镇新村党支部");
  await user.type(within(dialog).getByLabelText("组织代码"), "430100-07");
  await user.click(within(dialog).getByRole("button", { name: "添加" }));
  await waitFor(() => expect(calls.some((c) => c.name === "UnitCreate")).toBe(true), WAIT);
  expect(calls.find((c) => c.name === "UnitCreate")?.variables).toEqual({
    parent: "T3JnVW5pdDoy", name: "城关镇新村党支部", kind: "BRANCH", code: "430100-07", isScoring: true,
  });
}, 30000);

it("shows the server's refusal at the field it concerns", async () => {
  renderPage(<OrgTree />, {
    me: ADMIN,
    answers: {
      OrgUnits: TREE,
      UnitClose: { unitClose: { unit: null, errors: [{ field: "reason", code: "INVALID", message: "请说明撤销原因（并入……、解散）。" }] } },
    },
  });
  const user = userEvent.setup({ delay: null });
  const dialog = await openAction(user, "城关镇辽阳村党支部", "撤销");
  await user.type(within(dialog).getByLabelText("撤销原因"), " x");
  await user.click(within(dialog).getByRole("button", { name: "确认撤销" }));
  const field = within(dialog).getByLabelText("撤销原因").closest(".ant-form-item") as HTMLElement;
  expect(await within(field).findByText("请说明撤销原因（并入……、解散）。", undefined, WAIT)).toBeTruthy();
  expect(screen.getByRole("dialog")).toBeTruthy();
}, 30000);
