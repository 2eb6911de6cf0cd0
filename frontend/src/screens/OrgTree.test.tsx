import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { OrgTreeList, indentLevels, type Unit } from "./OrgTree";

afterEach(cleanup);

const unit = (id: string, name: string, depth: number, kind = "BRANCH", childCount = 0): Unit => ({
  id, name, kind, depth, childCount,
});

it("indents from the shallowest unit one can see", () => {
  const units = [unit("2", "城关镇党委", 2, "COMMITTEE", 2), unit("3", "一支部", 3), unit("4", "二支部", 3)];
  expect(indentLevels(units).map((row) => [row.unit.name, row.level])).toEqual([
    ["城关镇党委", 0],
    ["一支部", 1],
    ["二支部", 1],
  ]);
});

it("renders each unit indented by its level, with its kind and children", () => {
  render(
    <OrgTreeList
      units={[unit("1", "青山县委组织部", 1, "COUNTY", 1), unit("2", "城关镇党委", 2, "COMMITTEE", 1), unit("3", "城关镇一支部", 3)]}
    />,
  );
  const items = screen.getAllByRole("listitem");
  expect(items.map((li) => li.getAttribute("data-level"))).toEqual(["0", "1", "2"]);
  expect(items.map((li) => li.style.paddingLeft)).toEqual(["0rem", "1.5rem", "3rem"]);
  expect(items[0].textContent).toContain("县/区");
  expect(items[0].textContent).toContain("1 个下级");
  expect(screen.getByRole("link", { name: "城关镇一支部" }).getAttribute("href")).toBe("/subjects?unit=3");
});

it("says so when nothing is visible", () => {
  render(<OrgTreeList units={[]} />);
  expect(screen.getByText("没有可查看的组织。")).toBeTruthy();
});
