import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { setLanguage } from "../app/i18n";
import i18n from "../app/i18n";
import { daysLeft, formatDate, formatPoints, pointsWithUnit } from "./format";

describe("formatPoints", () => {
  it("drops the API's trailing zeros", () => {
    expect(["1.0000", "-2.5000", "0.0000", "12.3400", "100", "-0.0000"].map((v) => formatPoints(v))).toEqual(["1", "-2.5", "0", "12.34", "100", "0"]);
  });
  it("signs gains when asked, and leaves nothing for nothing", () => {
    expect(formatPoints("2.0000", { signed: true })).toBe("+2");
    expect(formatPoints("-1.0000", { signed: true })).toBe("-1");
    expect(formatPoints("0.0000", { signed: true })).toBe("0");
    expect(formatPoints(null)).toBe("");
    expect(formatPoints(2.5)).toBe("2.5");
    expect(formatPoints(0.1 + 0.2)).toBe("0.3");
  });
});

describe("dates", () => {
  it("writes a day in the UI's language", async () => {
    await setLanguage("zh-CN");
    expect(formatDate("2026-12-02")).toBe("2026年12月2日");
    await setLanguage("en-US");
    expect(formatDate("2026-12-02")).toBe("Dec 2, 2026");
    await setLanguage("zh-CN");
  });
  it("counts the days left, the last day included", () => {
    const now = dayjs("2026-12-02T15:00:00");
    expect(daysLeft("2026-12-09", now)).toBe(7);
    expect(daysLeft("2026-12-02", now)).toBe(0);
    expect(daysLeft("2026-12-01", now)).toBe(-1);
  });
});

describe("pointsWithUnit", () => {
  it("names the unit in each language, English in the singular for one point", async () => {
    const t = i18n.t.bind(i18n) as unknown as Parameters<typeof pointsWithUnit>[1];
    expect(pointsWithUnit("-2", t)).toBe("-2 分");
    await setLanguage("en-US");
    expect([pointsWithUnit("-2", t), pointsWithUnit("+1", t), pointsWithUnit("0.5", t)]).toEqual(["-2 points", "+1 point", "0.5 points"]);
    await setLanguage("zh-CN");
  });
});
