import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import type { Me } from "../../app/me";
import { connection, LOADING, renderPage, SECRETARY } from "../../test/render";
import { AuditLog } from "./AuditLog";
import { Imports } from "./Imports";

const ADMIN: Me = { ...SECRETARY, username: "admin", displayName: "管理员", roles: [{ role: "ADMIN", unit: SECRETARY.roles[0].unit }] };
const WAIT = { timeout: 10000 };
const counts = { rows: 2, created: 1, updated: 0, unchanged: 0, error: 1 };

it("shows the import history, and says when there is none", async () => {
  renderPage(<Imports />, { me: ADMIN, answers: { ImportJobs: { importJobs: connection([]) } } });
  expect(await screen.findByText("还没有导入过工作簿", undefined, WAIT)).toBeTruthy();
});

it("lists uploaded workbooks with their status and errors", async () => {
  renderPage(<Imports />, {
    me: ADMIN,
    answers: {
      ImportJobs: { importJobs: connection([{ id: "SW1wb3J0Sm9iOjE=", fileName: "花名册.xlsx", kind: "MEMBERS", status: "CHECKED", createdAt: "2026-12-01T08:00:00+08:00", createdBy: { displayName: "管理员", username: "admin" }, counts }]) },
    },
  });
  const link = await screen.findByRole("link", { name: "花名册.xlsx" }, WAIT);
  expect(link.getAttribute("href")).toBe("/admin/imports/SW1wb3J0Sm9iOjE%3D");
  expect(screen.getByText("2 行，1 行有错误")).toBeTruthy();
  expect(screen.getByText("已检查")).toBeTruthy();
});

it("shows the dry run's report row by row and refuses to apply with errors", async () => {
  const job = {
    id: "SW1wb3J0Sm9iOjE=", fileName: "花名册.xlsx", kind: "MEMBERS", status: "CHECKED", createdAt: "2026-12-01T08:00:00+08:00", checkedAt: null, appliedAt: null, failure: "",
    counts, progress: { phase: "check", done: 2, total: 2 },
    rows: [
      { row: 2, outcome: "CREATED", key: "李强", cell: null, message: null, fix: null },
      { row: 3, outcome: "ERROR", key: "王五", cell: "C3", message: "身份证号码校验位不正确", fix: "请核对身份证号码" },
    ],
  };
  const { calls } = renderPage(<Imports />, { me: ADMIN, path: "/admin/imports/SW1wb3J0Sm9iOjE=", route: "/admin/imports/:id", answers: { ImportJob: { importJob: job } } });
  expect(await screen.findByText("身份证号码校验位不正确", undefined, WAIT)).toBeTruthy();
  expect(screen.getByText("C3")).toBeTruthy();
  expect(screen.getByText("有错误的行须先在工作簿中改正，再重新上传。")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "确认导入" })).toBeNull();
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByRole("switch"));
  expect(calls.filter((c) => c.name === "ImportJob").at(-1)?.variables).toEqual({ id: "SW1wb3J0Sm9iOjE=", onlyErrors: true, offset: 0 });
}, 30000);

it("follows a check in progress", async () => {
  const job = {
    id: "SW1wb3J0Sm9iOjI=", fileName: "组织.xlsx", kind: "UNITS", status: "CHECKING", createdAt: "2026-12-01T08:00:00+08:00", checkedAt: null, appliedAt: null, failure: "",
    counts: { rows: 0, created: 0, updated: 0, unchanged: 0, error: 0 }, progress: { phase: "check", done: 5, total: 10 }, rows: [],
  };
  renderPage(<Imports />, { me: ADMIN, path: "/admin/imports/x", route: "/admin/imports/:id", answers: { ImportJob: { importJob: job } } });
  expect(await screen.findByText("检查中…", undefined, WAIT)).toBeTruthy();
  expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("50");
});

it("shows a spinner while the audit log loads", async () => {
  renderPage(<AuditLog />, { me: ADMIN, answers: { AuditLog: LOADING } });
  expect(await screen.findByText("加载中…", undefined, WAIT)).toBeTruthy();
});

it("shows the audit log's records, filtered on the server", async () => {
  const { calls } = renderPage(<AuditLog />, {
    me: ADMIN,
    answers: {
      AuditLog: {
        auditLog: connection([
          { id: "QXVkaXRSZWNvcmQ6MQ==", at: "2026-12-01T08:00:00+08:00", action: "role.grant", targetType: "RoleAssignment", target: "王芳 · 支部书记", note: "", before: null, after: { role: "secretary" }, actor: { username: "admin", displayName: "管理员", isSystem: false } },
        ]),
      },
    },
  });
  expect(await screen.findByText("role.grant", undefined, WAIT)).toBeTruthy();
  expect(screen.getByText('{"role":"secretary"}')).toBeTruthy();
  const user = userEvent.setup({ delay: null });
  await user.type(screen.getByLabelText("操作"), "role.grant");
  await user.click(screen.getByRole("button", { name: /搜\s?索/ }));
  expect(calls.filter((c) => c.name === "AuditLog").at(-1)?.variables).toMatchObject({ action: "role.grant", offset: 0, first: 20 });
}, 30000);

it("says when no record matches", async () => {
  renderPage(<AuditLog />, { me: ADMIN, answers: { AuditLog: { auditLog: connection([]) } } });
  expect(await screen.findByText("没有符合条件的记录", undefined, WAIT)).toBeTruthy();
});
