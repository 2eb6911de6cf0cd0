import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, renderPage, SECRETARY } from "../../test/render";
import { Attendance } from "./Attendance";

const WAIT = { timeout: 10000 };
const UNIT = SECRETARY.roles[0].unit;
const member = (i: number, name: string, extra: Record<string, unknown> = {}) => ({
  id: `U3ViamVjdDo${i}`, name, kind: "PERSON", category: "member", exemptReason: "", leftOn: null, floating: false, hostUnit: null, ...extra,
});
const members = [
  member(0, "张伟"), member(1, "刘洋"), member(2, "陈静"), member(3, "王芳"),
  member(4, "赵老"), member(5, "孙流动"), // exempt; floating in another branch
  member(6, "周来"), // floating here from another branch
];
members[6].floating = true;
members[6].hostUnit = { id: UNIT.id } as never;
members[4].exemptReason = "年老体弱，经支部同意免于考核";
members[5].floating = true; // its host unit is not the recorder's to see
// the recorder is 王芳, a member of the branch too
const RECORDER = { ...SECRETARY, username: "recorder_01", subjectId: members[3].id, roles: [{ ...SECRETARY.roles[0], role: "RECORDER" as const }] };
const ITEMS = [
  { code: "party_day_absent", title: "无正当理由不参加党员主题活动日", bucket: "basic", points: "-2", pointsRange: null, declaredBy: [], evidenceRequired: false, attributes: [] },
];

it("records a member on leave with the reason, not as absent", async () => {
  const { calls } = renderPage(<Attendance />, {
    me: RECORDER,
    answers: {
      UnitMembers: { subjects: connection(members) },
      Items: { rulesetItems: ITEMS },
      Attendance: { attendanceRecord: { declarations: [{ id: "RDox" }], errors: [] } },
    },
  });
  const user = userEvent.setup({ delay: null });
  const form = await screen.findByRole("form", { name: "会议考勤" }, WAIT);
  await within(form).findByText("张伟", undefined, WAIT);
  // their own line is not theirs to record
  expect(within(form).queryByRole("checkbox", { name: "王芳" })).toBeNull();
  expect(within(form).getByText("你本人的考勤由其他记分员登记。")).toBeTruthy();
  // nor are the exempt and those floating elsewhere, which the API would refuse
  for (const name of ["赵老", "孙流动"]) expect(within(form).queryByRole("checkbox", { name })).toBeNull();
  expect(within(form).getByRole("checkbox", { name: "周来" })).toBeTruthy();
  expect(within(form).getByText("不在本次考勤：赵老（免于考核）、孙流动（流动在外，由所在党组织登记）")).toBeTruthy();
  await user.click(within(form).getByRole("checkbox", { name: "张伟" }));
  await user.click(within(form).getByRole("button", { name: "添加请假人员" }));
  // the one on leave is chosen among those not ticked as present
  await user.click(within(form).getByRole("combobox", { name: "请假人员" }));
  const options = await screen.findAllByRole("option", undefined, WAIT);
  expect(options.map((o) => o.textContent)).not.toContain("张伟");
  await user.click(screen.getByTitle("刘洋"));
  await user.type(within(form).getByRole("textbox", { name: "请假理由" }), "出差");
  await user.click(within(form).getByRole("combobox", { name: "缺席事项" }));
  await user.click(await screen.findByTitle(/无正当理由不参加党员主题活动日/, undefined, WAIT));
  await user.click(within(form).getByRole("button", { name: "登记考勤" }));
  await waitFor(() => expect(calls.find((c) => c.name === "Attendance")).toBeTruthy(), WAIT);
  const input = calls.find((c) => c.name === "Attendance")!.variables.input as Record<string, unknown>;
  expect(input.attendees).toEqual([members[0].id]);
  expect(input.excused).toEqual([{ subject: members[1].id, reason: "出差" }]);
  expect(input.absentItem).toBe("party_day_absent");
  expect(input.excusedItem).toBeNull();
}, 30000);
