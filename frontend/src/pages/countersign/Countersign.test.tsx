import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, renderPage, SUPERIOR } from "../../test/render";
import { Countersign } from "./Countersign";

const WAIT = { timeout: 10000 };
const waiting = {
  id: "RGVjbGFyYXRpb246OQ==", subjectName: "宁博", item: "career_lead", occurredOn: "2026-11-20", status: "PUBLICISED",
  countersignRequired: true, countersignedAt: null, unit: { name: "城关镇辽阳村党支部" }, entries: [{ points: "4.0000", kind: "BOOKING" }],
};

it("lists what waits for the committee's countersignature, paged by the API, and signs it", async () => {
  const { calls } = renderPage(<Countersign />, {
    me: SUPERIOR,
    answers: {
      CountersignQueue: { declarations: connection([waiting], 41) },
      Countersign: { declarationCountersign: { declaration: { id: waiting.id, countersignedAt: "2026-12-04T10:00:00+08:00" }, errors: [] } },
    },
  });
  const user = userEvent.setup({ delay: null });
  const queue = await screen.findByRole("list", { name: "支部书记积分审核" }, WAIT);
  const card = within(queue).getAllByRole("listitem").find((li) => li.textContent?.includes("宁博"))!;
  expect(within(card).getByText("带头促进事业发展")).toBeTruthy();
  expect(within(card).getByText("+4")).toBeTruthy();
  expect(calls.find((c) => c.name === "CountersignQueue")?.variables).toEqual({ offset: 0, first: 20 });
  await user.click(within(card).getByRole("button", { name: "审核通过" }));
  await waitFor(() => expect(calls.find((c) => c.name === "Countersign")?.variables).toEqual({ declaration: waiting.id }), WAIT);
}, 30000);
