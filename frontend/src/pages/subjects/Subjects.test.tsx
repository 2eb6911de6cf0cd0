import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import type { Me } from "../../app/me";
import { connection, renderPage, SECRETARY } from "../../test/render";
import { Subjects } from "./Subjects";

const ADMIN: Me = { ...SECRETARY, username: "admin", displayName: "管理员", roles: [{ role: "ADMIN", unit: SECRETARY.roles[0].unit }] };
const WAIT = { timeout: 10000 };
const BRANCH = { id: "T3JnVW5pdDo3", name: "城关镇辽阳村党支部" };
const LIST = {
  subjects: connection([
    { id: "U3ViamVjdDox", name: "李强", kind: "PERSON", category: "member", exemptReason: "", homeUnit: { name: BRANCH.name }, hostUnit: null },
    { id: "U3ViamVjdDoy", name: "李家", kind: "HOUSEHOLD", category: "", exemptReason: "", homeUnit: { name: BRANCH.name }, hostUnit: null },
  ]),
};
const UNITS = { orgUnits: connection([{ id: BRANCH.id, name: BRANCH.name, depth: 3 }]) };
/** The roster as a phone shows it (jsdom matches no breakpoint): one card per subject. */
const cards = () => screen.findByRole("list", { name: "积分对象" }, WAIT);

const PERSON = {
  subject: {
    id: "U3ViamVjdDox", kind: "PERSON", name: "李强", category: "member", phone: "13800000000", idCardLast4: "1234", joinedOn: "2010-07-01", leftOn: null,
    exemptReason: "", exemptApprovedBy: "", exemptApprovedOn: null, homeUnit: BRANCH, hostUnit: null,
  },
};

it("lets a secretary read the roster but not edit it", async () => {
  renderPage(<Subjects />, { me: SECRETARY, answers: { Subjects: LIST } });
  await cards();
  expect(screen.getByRole("link", { name: "李强" })).toBeTruthy();
  expect(screen.queryByRole("button", { name: /添加人员/ })).toBeNull();
  expect(screen.queryByRole("button", { name: /^编辑/ })).toBeNull();
});

it("lets an administrator edit people, not households, here", async () => {
  renderPage(<Subjects />, { me: ADMIN, answers: { Subjects: LIST } });
  await cards();
  expect(screen.getByRole("button", { name: "编辑 李强" })).toBeTruthy();
  expect(screen.queryByRole("button", { name: "编辑 李家" })).toBeNull();
  expect(screen.getByRole("button", { name: /添加人员/ })).toBeTruthy();
});

it("adds a person to the unit the roster is open on", async () => {
  const { calls } = renderPage(<Subjects />, {
    me: ADMIN,
    path: `/subjects?unit=${BRANCH.id}&name=${encodeURIComponent(BRANCH.name)}`,
    answers: { Subjects: LIST, UnitChoices: UNITS, PersonCreate: { personCreate: { subject: { id: "U3ViamVjdDoz", name: "张伟" }, errors: [] } } },
  });
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole("button", { name: /添加人员/ }, WAIT));
  const dialog = await screen.findByRole("dialog", undefined, WAIT);
  await user.type(within(dialog).getByLabelText("姓名"), "张伟");
  await user.click(within(dialog).getByLabelText("类别"));
  await user.click(await screen.findByTitle("党员(含预备党员)", undefined, WAIT));
  await user.type(within(dialog).getByLabelText("身份证号码"), "11010519491231002X");
  await user.type(within(dialog).getByLabelText("手机号码"), "13900000000");
  await user.click(within(dialog).getByRole("button", { name: "添加" }));
  await waitFor(() => expect(calls.some((c) => c.name === "PersonCreate")).toBe(true), WAIT);
  expect(calls.find((c) => c.name === "PersonCreate")?.variables).toEqual({
    input: {
      name: "张伟", category: "member", homeUnit: BRANCH.id, hostUnit: null, idCard: "11010519491231002X", phone: "13900000000",
      joinedOn: null, leftOn: null, exemptReason: "", exemptApprovedBy: "", exemptApprovedOn: null,
    },
  });
}, 30000);

it("keeps the ID card on record when an edit leaves it empty, and shows a refusal at its field", async () => {
  const { calls } = renderPage(<Subjects />, {
    me: ADMIN,
    answers: {
      Subjects: LIST,
      UnitChoices: UNITS,
      PersonDetail: PERSON,
      PersonUpdate: { personUpdate: { subject: null, errors: [{ field: "exemptApprovedBy", code: "INVALID", message: "免评须写明批准机构（支部大会、党委……）。" }] } },
    },
  });
  const user = userEvent.setup({ delay: null });
  await user.click(within(await cards()).getByRole("button", { name: "编辑 李强" }));
  const dialog = await screen.findByRole("dialog", undefined, WAIT);
  const reason = await within(dialog).findByLabelText("免评原因", undefined, WAIT);
  expect(within(dialog).getByText("已登记尾号 1234；留空则不变。")).toBeTruthy();
  await user.type(reason, "长期外出务工");
  await user.click(within(dialog).getByRole("button", { name: "保存" }));
  const field = within(dialog).getByLabelText("批准机构（人）").closest(".ant-form-item") as HTMLElement;
  expect(await within(field).findByText("免评须写明批准机构（支部大会、党委……）。", undefined, WAIT)).toBeTruthy();
  const sent = calls.find((c) => c.name === "PersonUpdate")?.variables as { id: string; input: Record<string, unknown> };
  expect(sent.id).toBe("U3ViamVjdDox");
  expect(sent.input).toMatchObject({ name: "李强", homeUnit: BRANCH.id, exemptReason: "长期外出务工", joinedOn: "2010-07-01" });
  expect("idCard" in sent.input).toBe(false);
}, 30000);
