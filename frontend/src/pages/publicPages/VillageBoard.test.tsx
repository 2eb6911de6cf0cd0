import { fireEvent, screen } from "@testing-library/react";
import dayjs from "dayjs";
import { expect, it } from "vitest";
import { renderPage } from "../../test/render";
import { monthOf, VillageBoard } from "./VillageBoard";

const BOARD = {
  publicVillageBoard: {
    month: "2026-06-01", published: true, reason: "",
    red: [{ rank: 1, household: "张三户", group: "一组", points: 15 }],
    black: [{ item: "环境整治不达标", group: "二组", occurredOn: "2026-06-12", points: -10 }],
  },
};

it("shows the red list by household and the black list without one", async () => {
  const { calls } = renderPage(<VillageBoard />, { path: "/open/village-board?month=2026-06", answers: { PublicVillageBoard: BOARD } });
  expect(await screen.findByText("张三户")).toBeTruthy();
  expect(screen.getByText("+15")).toBeTruthy();
  const black = screen.getByRole("list", { name: "黑榜" });
  expect(black.textContent).toContain("环境整治不达标 · 二组");
  expect(black.textContent).not.toContain("户");
  expect(calls[0].variables).toEqual({ month: "2026-06-01" });
});

it("asks for the previous month, and never for a month to come", async () => {
  const { calls } = renderPage(<VillageBoard />, { path: "/open/village-board?month=2026-06", answers: { PublicVillageBoard: BOARD } });
  await screen.findByText("张三户");
  fireEvent.click(screen.getByRole("button", { name: "上个月" }));
  expect(await screen.findByText("2026年5月")).toBeTruthy();
  expect(calls.at(-1)!.variables).toEqual({ month: "2026-05-01" });
  expect(monthOf("2999-01").format("YYYY-MM")).toBe(dayjs().format("YYYY-MM"));
  expect(monthOf("nonsense").format("YYYY-MM")).toBe(dayjs().format("YYYY-MM"));
});

it("says so when the village does not publish its board", async () => {
  const none = { publicVillageBoard: { month: "2026-06-01", published: false, reason: "not_public", red: [], black: [] } };
  renderPage(<VillageBoard />, { path: "/open/village-board", answers: { PublicVillageBoard: none } });
  expect(await screen.findByText("本村尚未公开红黑榜。")).toBeTruthy();
  expect(screen.getByRole("button", { name: "下个月" }).hasAttribute("disabled")).toBe(true);
});
