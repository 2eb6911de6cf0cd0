import { describe, expect, it } from "vitest";
import { itemRows } from "./ItemPage";

const t = (key: string) => key;

describe("itemRows", () => {
  it("shows a declaration with its subject and leads back to the list", () => {
    const shown = itemRows(
      {
        __typename: "Declaration", id: "RGVjbGFyYXRpb246NQ==", subjectName: "甲县党员乙", item: "task_not_done",
        occurredOn: "2026-11-30", status: "ACCEPTED", note: "", reviewReason: "", unit: { name: "甲县一支部" },
      },
      t,
    );
    expect(shown.title).toBe("item.declaration");
    expect(shown.list).toBe("/declarations");
    expect(shown.rows[0]).toEqual(["item.subject", "甲县党员乙"]);
    expect(shown.rows[3]).toEqual(["item.unit", "甲县一支部"]);
  });

  it("shows an objection's reason and answer", () => {
    const shown = itemRows(
      {
        __typename: "Objection", id: "T2JqZWN0aW9uOjE=", objectionStatus: "ANSWERED", outcome: "UPHELD",
        subjectName: "甲县党员乙", reason: "不属实", answer: "已核实", answerDue: "2026-12-10",
        raisedAt: "2026-12-01T08:00:00+08:00", handledBy: { name: "甲县一支部" },
      },
      t,
    );
    expect(shown.list).toBe("/boards/objections");
    expect(shown.rows.find(([label]) => label === "item.reason")?.[1]).toBe("不属实");
    expect(shown.rows.find(([label]) => label === "item.answer")?.[1]).toBe("已核实");
  });
});
