import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, LOADING, renderPage } from "../../test/render";
import { Notifications } from "./Notifications";

const WAIT = { timeout: 10000 };
const BOARD = {
  id: "Tm90aWZpY2F0aW9uOjE=", kind: "board_opened", title: "辽阳村党支部 2026-11-01…2026-11-30：积分公示至 2026-12-09", body: "",
  link: "/boards/Qm9hcmQ6MQ==", createdAt: "2026-12-02T08:00:00+08:00", read: false,
};

it("shows a spinner while the inbox loads", async () => {
  renderPage(<Notifications />, { answers: { Notifications: LOADING } });
  expect(await screen.findByText("加载中…", undefined, WAIT)).toBeTruthy();
});

it("says when there is nothing", async () => {
  renderPage(<Notifications />, { answers: { Notifications: { unreadNotificationCount: 0, notifications: connection([]) } } });
  expect(await screen.findByText("没有通知", undefined, WAIT)).toBeTruthy();
  expect(screen.getByRole("button", { name: "全部标为已读" })).toHaveProperty("disabled", true);
});

it("marks a notification read when it is opened", async () => {
  const { calls } = renderPage(<Notifications />, {
    answers: {
      Notifications: { unreadNotificationCount: 1, notifications: connection([BOARD]) },
      NotificationsMarkRead: { notificationsMarkRead: { marked: 1, unreadCount: 0, errors: [] } },
    },
  });
  expect(await screen.findByText(BOARD.title, undefined, WAIT)).toBeTruthy();
  expect(screen.getByText("新")).toBeTruthy();
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByRole("button", { name: "查看" }));
  await waitFor(() => expect(calls.find((c) => c.name === "NotificationsMarkRead")?.variables).toEqual({ ids: [BOARD.id] }));
}, 30000);
