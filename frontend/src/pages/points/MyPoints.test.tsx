import { screen, within } from "@testing-library/react";
import { expect, it } from "vitest";
import { connection, MEMBER, renderPage } from "../../test/render";
import i18n from "../../app/i18n";
import { MyPoints, ruleText } from "./MyPoints";

const WAIT = { timeout: 10000 };
const SUBJECT = { id: MEMBER.subjectId!, name: "李强", category: "member", homeUnit: { name: "城关镇辽阳村党支部" }, hostUnit: null };
const ACCOUNT = {
  id: "QWNjb3VudDox", periodStart: "2026-01-01", periodEnd: "2026-12-31", ruleset: "yongzhou-safety-bureau", closedAt: null,
  subject: SUBJECT,
  balance: { total: "97.0000", counted: "95.0000", vetoes: [], buckets: [{ bucket: "bonus", points: "4.0000" }] },
  entries: [{
    id: "RW50cnk6MQ==", seq: 1, kind: "BOOKING", occurredOn: "2026-11-20", item: "career_lead", bucket: "bonus", points: "4.0000", rawPoints: "4.0000",
    rule: "item career_lead", rulesetVersion: "yongzhou-safety-bureau@1", reason: "", veto: "", createdAt: "2026-11-21T09:00:00+08:00",
    decidedBy: { username: "supervisor_01", displayName: "赵敏", isSystem: false }, reverses: null,
  }],
};
const LAST_YEAR = {
  id: "UFI6MQ==", total: "96.0000", grade: "excellent", rank: 2, stars: null, vetoed: false,
  close: { id: "UGVyaW9kQ2xvc2U6MQ==", periodStart: "2025-01-01", periodEnd: "2025-12-31", ruleset: "yongzhou-safety-bureau", status: "ACCEPTED", unit: { name: "城关镇辽阳村党支部" } },
};

it("shows the member's own points and their results of past periods", async () => {
  const { calls } = renderPage(<MyPoints />, {
    me: MEMBER,
    answers: { Accounts: { accounts: connection([ACCOUNT]) }, SubjectResults: { subjectResults: [LAST_YEAR] } },
  });
  // their own subject, named by the API (not guessed from their name)
  expect(await screen.findByText("带头促进事业发展", undefined, WAIT)).toBeTruthy();
  expect(calls.find((c) => c.name === "Accounts")?.variables).toEqual({ subject: MEMBER.subjectId });
  // why it counts, in words: the item's title, not the engine's rule name
  expect(screen.getByText(/按事项“带头促进事业发展”/)).toBeTruthy();
  expect(screen.queryByText(/item career_lead/)).toBeNull();
  const history = await screen.findByRole("list", { name: "历次考评结果" }, WAIT);
  const year = within(history).getAllByRole("listitem")[0];
  expect(within(year).getByText("优秀")).toBeTruthy();
  expect(within(year).getByText("城关镇辽阳村党支部第 2 名")).toBeTruthy();
  expect(within(year).getByText("已接收")).toBeTruthy();
});

it("says so when the user is nobody's subject", async () => {
  renderPage(<MyPoints />, { me: { ...MEMBER, subjectId: null } });
  expect(await screen.findByText("你的账号没有对应的积分对象，所以没有自己的积分。", undefined, WAIT)).toBeTruthy();
});

it("reads every kind of rule name in words", () => {
  const t = i18n.t.bind(i18n) as unknown as Parameters<typeof ruleText>[2];
  const titles = { item: (code: string) => ({ career_lead: "带头促进事业发展", dues_six_months: "连续6个月以上无正当理由不交纳党费" })[code] ?? code };
  expect([
    ruleText("item career_lead (variant 县级: level == 'county')", "career_lead", t, titles),
    ruleText("veto dues_six_months", "dues_six_months", t, titles),
    ruleText("reversal of #3", "career_lead", t, titles),
    ruleText("confirmed", "career_lead", t, titles),
    ruleText("cap basic", "career_lead", t, titles),
  ]).toEqual([
    "按事项“带头促进事业发展”的情形“县级”",
    "否决事项“连续6个月以上无正当理由不交纳党费”",
    "冲销第 3 条",
    "公示后确认",
    "cap basic",
  ]);
});
