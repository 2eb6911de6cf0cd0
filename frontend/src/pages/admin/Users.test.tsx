import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import type { Me } from "../../app/me";
import { connection, renderPage, SECRETARY } from "../../test/render";
import { Users } from "./Users";

const ADMIN: Me = { ...SECRETARY, username: "admin", displayName: "管理员", roles: [{ role: "ADMIN", unit: SECRETARY.roles[0].unit }] };
const WAIT = { timeout: 10000 };
const BRANCH = { id: "T3JnVW5pdDo3", name: "城关镇辽阳村党支部" };
const WANG = { id: "TWFuYWdlZFVzZXI6Mg==", username: "secretary_01", displayName: "王芳", phone: "", isActive: true, mustChangePassword: false, roles: [{ role: "SECRETARY", unit: BRANCH }] };
const USERS = { users: connection([WANG, { ...WANG, id: "TWFuYWdlZFVzZXI6Mw==", username: "member_0101", displayName: "李强", isActive: false, roles: [] }]) };
const UNITS = { orgUnits: connection([{ id: BRANCH.id, name: BRANCH.name, depth: 3 }]) };
const cards = () => screen.findByRole("list", { name: "用户与角色" }, WAIT);

async function fillInvite(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: /邀请用户/ }, WAIT));
  const dialog = await screen.findByRole("dialog", undefined, WAIT);
  await user.type(within(dialog).getByLabelText("用户名"), "recorder_07");
  await user.type(within(dialog).getByLabelText("姓名"), "赵敏");
  await user.click(within(dialog).getByLabelText("角色"));
  await user.click(await screen.findByTitle("记分员", undefined, WAIT));
  await user.click(within(dialog).getByLabelText("组织"));
  await user.click(await screen.findByTitle(BRANCH.name, undefined, WAIT));
  await user.click(within(dialog).getByRole("button", { name: "邀请" }));
  return dialog;
}

it("lists the users with their roles, status and actions", async () => {
  renderPage(<Users />, { me: ADMIN, answers: { ManagedUsers: USERS } });
  const list = await cards();
  expect(within(list).getByText("支部书记 · 城关镇辽阳村党支部")).toBeTruthy();
  expect(within(list).getByText("已停用")).toBeTruthy();
  expect(within(list).getByRole("button", { name: "停用 secretary_01" })).toBeTruthy();
  expect(within(list).getByRole("button", { name: "启用 member_0101" })).toBeTruthy();
}, 30000);

it("searches the users on the server, from the first page", async () => {
  const { calls } = renderPage(<Users />, { me: ADMIN, answers: { ManagedUsers: (v: Record<string, unknown>) => (v.search ? { users: connection([]) } : USERS) } });
  await cards();
  const user = userEvent.setup({ delay: null });
  await user.type(screen.getByLabelText("用户名、姓名或手机号码"), " 王芳 ");
  await user.click(screen.getByRole("button", { name: /搜\s?索/ }));
  expect(await screen.findByText("没有符合条件的用户。", undefined, WAIT)).toBeTruthy();
  expect(calls.filter((c) => c.name === "ManagedUsers").at(-1)?.variables).toEqual({ search: "王芳", first: 20, offset: 0 });
}, 30000);

it("invites a user and shows the initial password once", async () => {
  const { calls } = renderPage(<Users />, {
    me: ADMIN,
    answers: { ManagedUsers: USERS, UnitChoices: UNITS, UserInvite: { userInvite: { user: { id: "x", username: "recorder_07" }, initialPassword: "kT4-9fQz-Wm2p", linkKey: null, errors: [] } } },
  });
  const user = userEvent.setup({ delay: null });
  await fillInvite(user);
  expect(await screen.findByText("kT4-9fQz-Wm2p", undefined, WAIT)).toBeTruthy();
  expect(calls.find((c) => c.name === "UserInvite")?.variables).toEqual({
    username: "recorder_07", displayName: "赵敏", phone: "", role: "RECORDER", unit: BRANCH.id, byLink: false,
  });
}, 30000);

it("shows a refused username at its field and keeps the form open", async () => {
  renderPage(<Users />, {
    me: ADMIN,
    answers: { ManagedUsers: USERS, UnitChoices: UNITS, UserInvite: { userInvite: { user: null, initialPassword: null, linkKey: null, errors: [{ field: "username", code: "CONFLICT", message: "用户名 recorder_07 已被使用。" }] } } },
  });
  const user = userEvent.setup({ delay: null });
  const dialog = await fillInvite(user);
  const field = within(dialog).getByLabelText("用户名").closest(".ant-form-item") as HTMLElement;
  expect(await within(field).findByText("用户名 recorder_07 已被使用。", undefined, WAIT)).toBeTruthy();
}, 30000);

it("deactivates a user only after a confirm", async () => {
  const { calls } = renderPage(<Users />, {
    me: ADMIN,
    answers: { ManagedUsers: USERS, UserDeactivate: { userDeactivate: { user: { id: WANG.id, isActive: false }, errors: [] } } },
  });
  const user = userEvent.setup({ delay: null });
  await user.click(within(await cards()).getByRole("button", { name: "停用 secretary_01" }));
  const confirm = await screen.findByRole("dialog", undefined, WAIT);
  expect(calls.some((c) => c.name === "UserDeactivate")).toBe(false);
  await user.click(within(confirm).getByRole("button", { name: "确认停用" }));
  await waitFor(() => expect(calls.find((c) => c.name === "UserDeactivate")?.variables).toEqual({ username: "secretary_01", active: false }), WAIT);
}, 30000);
