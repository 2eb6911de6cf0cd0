import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, it, vi } from "vitest";
import type { FieldError } from "../graphql";
import { DeclarationForm, pointsText, type DeclarationApi, type Item } from "./DeclarationForm";

afterEach(cleanup);

const ITEMS: Item[] = [
  { code: "task_not_done", title: "完不成党组织分配工作任务", bucket: "duty", points: -1, pointsRange: null, declaredBy: [], evidenceRequired: false },
  { code: "exemplary", title: "发挥先锋模范作用", bucket: "bonus", points: null, pointsRange: [2, 5], declaredBy: ["member"], evidenceRequired: true },
];

function fakeApi(errors: FieldError[]): DeclarationApi & { submit: ReturnType<typeof vi.fn> } {
  return {
    searchSubjects: vi.fn(async () => [{ id: "U3ViamVjdDox", name: "张三", homeUnit: { name: "城关镇一支部" }, hostUnit: null }]),
    loadItems: vi.fn(async () => ITEMS),
    upload: vi.fn(async () => "RXZpZGVuY2U6MQ=="),
    submit: vi.fn(async () => errors),
  };
}

async function fillIn() {
  const subject = await screen.findByRole("option", { name: "张三（城关镇一支部）" });
  fireEvent.change(subject.closest("select")!, { target: { value: "U3ViamVjdDox" } });
  const item = await screen.findByRole("option", { name: "完不成党组织分配工作任务（-1 分）" });
  fireEvent.change(item.closest("select")!, { target: { value: "task_not_done" } });
  fireEvent.change(screen.getByLabelText("说明"), { target: { value: "未按时完成" } });
  fireEvent.click(screen.getByRole("button", { name: "提交申报" }));
}

it("shows each typed error next to its input, the others below the form", async () => {
  const api = fakeApi([
    { field: "subject", code: "NOT_FOUND", message: "No subject with this id that you may see." },
    { field: null, code: "INVALID_STATE", message: "the period containing 2026-01-05 is closed" },
  ]);
  render(<DeclarationForm api={api} />);
  await fillIn();
  const alerts = await screen.findAllByRole("alert");
  expect(alerts.map((a) => a.textContent)).toEqual([
    "No subject with this id that you may see.",
    "the period containing 2026-01-05 is closed",
  ]);
  // the subject's error sits right after the subject's select
  const subjectLabel = screen.getByLabelText("申报对象").closest("label")!;
  expect(subjectLabel.nextElementSibling).toBe(alerts[0]);
  expect(alerts[1].id).toBe("declaration-errors");
  expect(within(alerts[0]).getByText(/No subject/).getAttribute("data-code")).toBe("NOT_FOUND");
  expect(screen.getByLabelText("申报对象").getAttribute("aria-invalid")).toBe("true");
  expect(screen.queryByRole("status")).toBeNull();
});

it("submits the draft and confirms it, with a new key for the next one", async () => {
  const api = fakeApi([]);
  const onSubmitted = vi.fn();
  render(<DeclarationForm api={api} onSubmitted={onSubmitted} />);
  await fillIn();
  expect((await screen.findByRole("status")).textContent).toBe("已提交申报：张三 · 完不成党组织分配工作任务，等待审核。");
  const draft = api.submit.mock.calls[0][0];
  expect(draft).toMatchObject({ subject: "U3ViamVjdDox", item: "task_not_done", note: "未按时完成", evidence: [] });
  expect(draft.key).toMatch(/^web:[0-9a-f-]{36}$/);
  expect(draft.occurredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(onSubmitted).toHaveBeenCalledOnce();
  expect(api.loadItems).toHaveBeenCalledWith("U3ViamVjdDox", draft.occurredOn);
  // submitting again is a new declaration, not a retry of the first
  fireEvent.click(screen.getByRole("button", { name: "提交申报" }));
  await waitFor(() => expect(api.submit).toHaveBeenCalledTimes(2));
  expect(api.submit.mock.calls[1][0].key).not.toBe(draft.key);
});

it("shows a request failure as a general error", async () => {
  const api = fakeApi([]);
  api.submit.mockRejectedValueOnce(new Error("无法连接服务器，请检查网络后重试。"));
  render(<DeclarationForm api={api} />);
  await fillIn();
  expect((await screen.findByRole("alert")).textContent).toBe("无法连接服务器，请检查网络后重试。");
});

it("writes fixed and ranged points", () => {
  expect(ITEMS.map(pointsText)).toEqual(["-1 分", "2～5 分"]);
  expect(pointsText({ ...ITEMS[0], points: 2 })).toBe("+2 分");
});
