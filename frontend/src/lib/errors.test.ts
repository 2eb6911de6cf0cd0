import { expect, it, vi } from "vitest";
import { applyErrors, errorsByField, splitErrors } from "./errors";

it("groups typed errors by field, null for the whole input", () => {
  const grouped = errorsByField([
    { field: "subject", code: "NOT_FOUND", message: "No subject." },
    { field: null, code: "INVALID_STATE", message: "Closed." },
    { field: "subject", code: "INVALID_STATE", message: "Left." },
  ]);
  expect(grouped.get("subject")?.map((e) => e.message)).toEqual(["No subject.", "Left."]);
  expect(grouped.get(null)?.map((e) => e.code)).toEqual(["INVALID_STATE"]);
});

it("puts an error at its form field, nested ones too, and keeps the rest", () => {
  const { own, general } = splitErrors(
    [
      { field: "attributes.points", code: "VALIDATION_FAILED", message: "5 at most" },
      { field: "attributes.points.x", code: "VALIDATION_FAILED", message: "deep" },
      { field: "occurredOn", code: "DEADLINE_PASSED", message: "too late" },
      { field: null, code: "PERIOD_CLOSED", message: "closed" },
    ],
    { "attributes.points": "points" },
  );
  expect(own).toEqual([{ name: "points", errors: ["5 at most", "deep"] }]);
  expect(general.map((e) => e.message)).toEqual(["too late", "closed"]);
});

it("sets the fields of an antd form", () => {
  const form = { setFields: vi.fn() };
  const rest = applyErrors(form, [{ field: "attributes.level", code: "VALIDATION_FAILED", message: "no" }], { "attributes.level": "attributes.level" });
  expect(form.setFields).toHaveBeenCalledWith([{ name: ["attributes", "level"], errors: ["no"] }]);
  expect(rest).toEqual([]);
});
