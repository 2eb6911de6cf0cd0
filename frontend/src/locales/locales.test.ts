// Both languages have the same keys (i18next plural forms aside), none is empty, and every
// enum value of the committed schema has a label.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildSchema, isEnumType } from "graphql";
import { expect, it } from "vitest";
import enUS from "./en-US/app.json";
import zhCN from "./zh-CN/app.json";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");
function values(tree: Tree): string[] {
  return Object.values(tree).flatMap((v) => (typeof v === "string" ? [v] : values(v)));
}

it("has the same keys in zh-CN and en-US", () => {
  const zh = new Set(keys(zhCN as Tree).map(base));
  const en = new Set(keys(enUS as Tree).map(base));
  expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  expect([...en].filter((k) => !zh.has(k))).toEqual([]);
});

it("gives English plurals both forms", () => {
  const en = keys(enUS as Tree);
  const plural = en.filter((k) => /_(one|other)$/.test(k)).map(base);
  for (const key of new Set(plural)) expect(en).toEqual(expect.arrayContaining([`${key}_one`, `${key}_other`]));
});

it("has no empty text", () => {
  expect(values(zhCN as Tree).filter((v) => !v.trim())).toEqual([]);
  expect(values(enUS as Tree).filter((v) => !v.trim())).toEqual([]);
});

it("labels every enum value of the schema", () => {
  const schema = buildSchema(readFileSync(resolve(__dirname, "../../../platform/jifen/schema.graphql"), "utf-8"));
  const wanted = Object.values(schema.getTypeMap())
    .filter(isEnumType)
    .filter((t) => !t.name.startsWith("__") && t.name !== "ErrorCode")
    .flatMap((t) => t.getValues().map((v) => `enum.${t.name}.${v.name}`));
  const zh = new Set(keys(zhCN as Tree));
  const en = new Set(keys(enUS as Tree));
  expect(wanted.filter((k) => !zh.has(k))).toEqual([]);
  expect(wanted.filter((k) => !en.has(k))).toEqual([]);
});
