import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { LOADING, renderPage } from "../../test/render";
import { CheckInHost } from "./CheckInHost";

const SESSION = {
  id: "Q2hlY2tJblNlc3Npb246MQ==", title: "十二月主题党日", occurredOn: "2026-12-02", openedAt: "2026-12-02T09:00:00+08:00",
  expiresAt: "2026-12-02T09:30:00+08:00", closedAt: null, link: "/check-in?token=abc",
  unit: { id: "T3JnVW5pdDo3", name: "城关镇辽阳村党支部" },
  checkIns: [{ at: "2026-12-02T09:05:00+08:00", subjectName: "李强" }],
};
const at = { path: `/check-in/host/${encodeURIComponent(SESSION.id)}`, route: "/check-in/host/:id" };

it("shows the open check-in's QR code, link and count, and closes it", async () => {
  const { calls } = renderPage(<CheckInHost />, {
    ...at,
    answers: {
      CheckInSession: { checkInSession: SESSION },
      CheckInClose: { checkInClose: { session: { id: SESSION.id, closedAt: "2026-12-02T09:40:00+08:00" }, declarations: [{ id: "a" }, { id: "b" }], errors: [] } },
    },
  });
  expect(await screen.findByRole("img", { name: "十二月主题党日 的签到二维码" })).toBeTruthy();
  expect(screen.getByText(/\/check-in\?token=abc/)).toBeTruthy();
  expect(screen.getByText("李强")).toBeTruthy();
  expect(screen.getByText("签到名单（1 人）")).toBeTruthy();
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByRole("button", { name: /全屏显示/ }));
  expect(screen.getByRole("dialog", { name: "十二月主题党日" })).toBeTruthy();
  await user.click(screen.getByRole("button", { name: "结束签到" }));
  // The confirmation is a modal of its own: click its button once it is there, not one of the
  // page's buttons with the same name.
  const [question] = await screen.findAllByText("结束签到？已签到 1 人，其余人员将记为缺席。");
  const modal = question.closest(".ant-modal-confirm") as HTMLElement;
  await user.click(within(modal).getByRole("button", { name: "结束签到" }));
  await waitFor(() => expect(calls.some((c) => c.name === "CheckInClose" && c.variables.session === SESSION.id)).toBe(true));
}, 30000);

it("shows loading and a missing session", async () => {
  const loading = renderPage(<CheckInHost />, { ...at, answers: { CheckInSession: LOADING } });
  expect(await screen.findByText("加载中…")).toBeTruthy();
  loading.unmount();
  const missing = renderPage(<CheckInHost />, { ...at, answers: { CheckInSession: { checkInSession: null } } });
  expect(await screen.findByText("找不到这次签到，或你无权查看。")).toBeTruthy();
  missing.unmount();
});

it("offers the open form to a recorder of the unit", async () => {
  renderPage(<CheckInHost />, {
    path: "/check-in/host",
    route: "/check-in/host",
    answers: { UnitMembers: { subjects: { totalCount: 0, edges: [] } } },
  });
  expect(await screen.findByLabelText("会议或活动名称")).toBeTruthy();
  expect(screen.getByRole("button", { name: "发起签到并显示二维码" })).toBeTruthy();
});
