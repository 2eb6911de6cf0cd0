import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, renderPage, SECRETARY } from "../../test/render";
import { Declarations } from "./Declarations";

const WAIT = { timeout: 10000 };

it("narrows the ledger to an item, and offers the unit's monthly ledger once a unit and month are chosen", async () => {
  const { calls } = renderPage(<Declarations />, {
    me: SECRETARY,
    answers: { Declarations: { declarations: connection([]) } },
  });
  const user = userEvent.setup({ delay: null });
  expect(await screen.findByText("暂无申报记录。", undefined, WAIT)).toBeTruthy();
  // items by the ruleset's titles, never their codes
  await user.click(screen.getByRole("combobox", { name: "积分事项" }));
  await user.click(await screen.findByTitle("带头促进事业发展", undefined, WAIT));
  await waitFor(() => expect(calls.filter((c) => c.name === "Declarations").at(-1)?.variables).toMatchObject({ item: "career_lead", offset: 0 }), WAIT);
  expect(screen.queryByRole("button", { name: /导出本月积分管理台账/ })).toBeNull();
  await user.click(screen.getByRole("combobox", { name: "组织" }));
  await user.click(await screen.findByTitle("城关镇辽阳村党支部", undefined, WAIT));
  const month = screen.getByPlaceholderText("月份");
  await user.click(month);
  await user.type(month, "2026-11{Enter}");
  await waitFor(() => expect(calls.filter((c) => c.name === "Declarations").at(-1)?.variables).toMatchObject({
    unit: SECRETARY.roles[0].unit.id, item: "career_lead", occurredFrom: "2026-11-01", occurredTo: "2026-11-30",
  }), WAIT);
  expect(within(document.body).getByRole("button", { name: /导出本月积分管理台账/ })).toBeTruthy();
}, 30000);
