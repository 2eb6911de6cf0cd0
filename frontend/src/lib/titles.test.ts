import { expect, it } from "vitest";
import { Titles } from "./titles";

const parent = {
  code: "county-template",
  title: "县模板",
  versions: [
    { number: 1, text: "items:\n  - {code: late, title: 迟到（旧）, points: -1}\nscoring:\n  grades:\n    - {code: excellent, title: 优秀}\n" },
    { number: 2, text: "items:\n  - {code: late, title: 迟到, points: -1}\n  - {code: lead, title: 带头, points_range: [2, 5]}\nbuckets:\n  - {code: basic, title: 基础积分}\n" },
  ],
};
const child = {
  code: "branch",
  title: "支部细则",
  versions: [{ number: 1, text: "extends: county-template\nsubject:\n  categories:\n    - {code: officer, title: 班干部, grades: [{code: A, title: 甲等}]}\nitems:\n  - {code: late, title: 迟到早退}\n" }],
};

it("reads titles from the newest version, a child's over its parent's", () => {
  const titles = new Titles([parent, child]);
  expect(titles.item("late", "county-template")).toBe("迟到");
  expect(titles.item("late", "branch")).toBe("迟到早退");
  expect(titles.item("lead", "branch")).toBe("带头");
  expect(titles.bucket("basic", "branch")).toBe("基础积分");
  expect(titles.grade("excellent", "branch")).toBe("优秀");
  expect(titles.grade("A")).toBe("甲等");
  expect(titles.category("officer")).toBe("班干部");
});

it("keeps an unknown code, and survives broken text", () => {
  const titles = new Titles([{ code: "x", title: "X", versions: [{ number: 1, text: "items: [: broken" }] }]);
  expect(titles.item("party_day_late")).toBe("party_day_late");
  expect(titles.item("")).toBe("");
});

it("names a version key by its ruleset's title and version", () => {
  const titles = new Titles([parent]);
  expect(titles.ruleset("county/county-template/v2/abcdef123456")).toBe("县模板 v2");
  expect(titles.ruleset("county-template")).toBe("县模板");
  expect(titles.rulesetCode("county/county-template/v2/abc")).toBe("county-template");
});

it("knows an item's fixed points or range", () => {
  const titles = new Titles([parent]);
  expect(titles.spec("lead")).toEqual({ points: null, pointsRange: [2, 5] });
  expect(titles.spec("late", "county-template")).toEqual({ points: -1, pointsRange: null });
  expect(titles.spec("nothing")).toBeNull();
});
