// Numbers and dates are formatted here and only here.
import dayjs from "dayjs";

/** Points as people write them: "1.0000" → "1", "-2.5000" → "-2.5", null → "". */
export function formatPoints(value: string | number | null | undefined, { signed = false } = {}): string {
  if (value === null || value === undefined || value === "") return "";
  let text = typeof value === "number" ? String(Number(value.toFixed(4))) : value.trim();
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  if (/^-0$/.test(text)) text = "0";
  if (signed && !text.startsWith("-") && text !== "0") text = `+${text}`;
  return text;
}

/** "+2 分" / "+2 points": English needs the count for its plural ("1 point"). */
export function pointsWithUnit(text: string, t: (key: string, options: Record<string, unknown>) => string): string {
  return t("points.n", { points: text, count: Math.abs(Number(text.replace("+", ""))) });
}

/** A calendar day (`2026-12-02`) in the UI's locale. */
export function formatDate(day: string | null | undefined): string {
  return day ? dayjs(day).format("ll") : "";
}

/** A moment (ISO date-time) in the UI's locale. */
export function formatDateTime(moment: string | null | undefined): string {
  return moment ? dayjs(moment).format("lll") : "";
}

/** Today as the API writes a Date. */
export function today(): string {
  return dayjs().format("YYYY-MM-DD");
}

/** Whole days left until the end of `lastDay` (0 on the last day itself, negative after). */
export function daysLeft(lastDay: string, now: dayjs.Dayjs = dayjs()): number {
  return dayjs(lastDay).startOf("day").diff(now.startOf("day"), "day");
}
