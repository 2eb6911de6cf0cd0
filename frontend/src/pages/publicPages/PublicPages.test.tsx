import { screen } from "@testing-library/react";
import { expect, it } from "vitest";
import { LOADING, renderPage } from "../../test/render";
import { FoodGrades } from "./FoodGrades";
import { PublicBoards } from "./PublicBoards";

const GRADES = {
  publicFoodGrades: {
    total: 1, page: 1, pageSize: 20, fields: ["name", "grade", "last_inspected_on", "area"], licence: "CC BY 4.0",
    rows: [{ name: "张记超市", grade: "B", lastInspectedOn: "2026-11-02", area: "城关市场监管所", address: null, licenceNo: null, businessType: null }],
  },
};

it("searches the public grades by the name in the address", async () => {
  const { calls } = renderPage(<FoodGrades />, { path: "/open/food-grades?name=张记", answers: { PublicFoodGrades: GRADES } });
  expect(await screen.findByText("张记超市")).toBeTruthy();
  expect(screen.getByText("B 级")).toBeTruthy();
  expect(screen.getByText("共 1 户")).toBeTruthy();
  expect(calls[0].variables).toMatchObject({ name: "张记", area: "", page: 1 });
});

it("shows the public page's loading and empty states", async () => {
  const loading = renderPage(<FoodGrades />, { path: "/open/food-grades", answers: { PublicFoodGrades: LOADING } });
  expect(await screen.findByText("加载中…")).toBeTruthy();
  loading.unmount();
  const empty = renderPage(<FoodGrades />, { path: "/open/food-grades", answers: { PublicFoodGrades: { publicFoodGrades: { ...GRADES.publicFoodGrades, total: 0, rows: [] } } } });
  expect(await screen.findByText("没有符合条件的经营者。")).toBeTruthy();
  empty.unmount();
});

it("lists only public boards with a QR code each", async () => {
  const board = (id: string, isPublic: boolean) => ({
    id, kind: "ENTRIES", status: "OPEN", public: isPublic, coversStart: "2026-11-01", coversEnd: "2026-11-30", closesOn: "2026-12-09",
    unit: { id: "u", name: isPublic ? "彭墩村" : "内部支部" },
    declarations: [{ id: "d1", subjectName: "张*", item: "litter", occurredOn: "2026-11-03", entries: [{ points: "-2.0000" }] }],
    results: [],
  });
  renderPage(<PublicBoards />, { path: "/open/boards", answers: { PublicBoards: { boards: { totalCount: 2, edges: [{ node: board("b1", true) }, { node: board("b2", false) }] } } } });
  expect(await screen.findByText(/彭墩村 ·/)).toBeTruthy();
  expect(screen.queryByText(/内部支部/)).toBeNull();
  expect(screen.getByText(/张\*/)).toBeTruthy();
  expect(screen.getByText("-2")).toBeTruthy();
});

it("says when no board is public", async () => {
  renderPage(<PublicBoards />, { path: "/open/boards", answers: { PublicBoards: { boards: { totalCount: 0, edges: [] } } } });
  expect(await screen.findByText("目前没有公开的公示。")).toBeTruthy();
});
