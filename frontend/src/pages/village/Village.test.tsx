import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { connection, failure, LOADING, MEMBER, renderPage, SECRETARY } from "../../test/render";
import { HouseholdPage, MyHousehold } from "./Household";
import { Households } from "./Households";
import { Ranking, starCounts } from "./Ranking";
import { Shop } from "./Shop";
import { windowState } from "./ShopCatalogue";

// the machine that runs these may be busy: wait for answers a little longer
configure({ asyncUtilTimeout: 8000 });

vi.mock("../../components/Chart", () => ({
  Chart: ({ ariaLabel, option }: { ariaLabel: string; option: unknown }) => <div role="img" aria-label={ariaLabel} data-option={JSON.stringify(option)} />,
}));

const VILLAGE = { id: "T3JnVW5pdDp2aWxsYWdlOjI=", name: "彭墩村", kind: "VILLAGE" as const };
const KEEPER = { ...SECRETARY, username: "village_secretary", roles: [{ role: "SECRETARY" as const, unit: VILLAGE }] };
const HOUSEHOLD_ID = "U3ViamVjdDp2aWxsYWdlOjk=";
const household = {
  id: HOUSEHOLD_ID, name: "张建国户", kind: "HOUSEHOLD", phone: "",
  homeUnit: { id: "T3JnVW5pdDp2aWxsYWdlOjM=", name: "第1网格" },
  members: [{ id: "p1", name: "张建国", idCardLast4: "", phone: "" }, { id: "p2", name: "李秀英", idCardLast4: "", phone: "" }],
};
const balance = { earned: 25, spent: 6, available: 19, vetoed: false, vetoItem: null, vetoOn: null, reset: "never", periodStart: "2026-01-01", periodEnd: "2026-12-31" };
const passbook = [
  { on: "2026-11-20", kind: "ENTRY", text: "房前屋后种植花草树木,美化环境(当年)", points: 10, balance: 10 },
  { on: "2026-11-25", kind: "ENTRY", text: "邻里团结无矛盾纠纷(当年)", points: 15, balance: 25 },
  { on: "2026-11-28", kind: "REDEMPTION", text: "毛巾两条 ×1", points: -6, balance: 19 },
];
const items = [
  { id: "i1", name: "食用油 5L", points: 30, stock: 20, lowStock: false, lowStockAt: 5, photoUrl: null },
  { id: "i2", name: "洗衣粉 2kg", points: 12, stock: 4, lowStock: true, lowStockAt: 5, photoUrl: null },
];
const shop = (over = {}) => ({
  shopItems: items,
  exchangeWindows: [{ opensOn: "2026-01-01", closesOn: "2099-12-31" }],
  pickupPoints: [{ id: "pp", name: "彭墩村村委会", address: "村委会一楼" }],
  rewardBudget: { year: 2026, capped: true, capYuan: 280, spentYuan: 0.6, remainingYuan: 279.4, households: 140, householdsRedeemed: 1, shareRedeemed: 0.0071 },
  ...over,
});

describe("Household", () => {
  const page = (answers: Record<string, unknown>, me = KEEPER) =>
    renderPage(<HouseholdPage />, { answers, me, path: `/village/households/${HOUSEHOLD_ID}`, route: "/village/households/:id" });

  it("shows a loading state", () => {
    page({ Household: LOADING });
    expect(screen.getByText("加载中…")).toBeTruthy();
  });

  it("shows an error with a retry", async () => {
    page({ Household: failure("boom") });
    expect(await screen.findByText("加载失败")).toBeTruthy();
    expect(screen.getByRole("button", { name: /重\s?试/ })).toBeTruthy();
  });

  it("says when the household is not there", async () => {
    page({ Household: { subject: null, redeemableBalance: null, passbook: [] } });
    expect(await screen.findByText("没有这个农户，或您无权查看")).toBeTruthy();
  });

  it("shows the people, the balance and the passbook in order with the balance", async () => {
    page({ Household: { subject: household, redeemableBalance: balance, passbook }, ShopCatalogue: shop() });
    expect(await screen.findByRole("heading", { name: "张建国户" })).toBeTruthy();
    expect(screen.getByText("张建国、李秀英")).toBeTruthy();
    // jsdom is a phone (no media query matches): the passbook is one card per line
    const rows = within(screen.getByRole("list", { name: "行为银行存折" })).getAllByRole("listitem");
    expect(rows.map((r) => r.getAttribute("data-kind"))).toEqual(["ENTRY", "ENTRY", "REDEMPTION"]);
    expect(within(rows[2]).getByText("-6")).toBeTruthy();
    expect(within(rows[2]).getByText("19")).toBeTruthy();
    expect(await screen.findByText("洗衣粉 2kg")).toBeTruthy();
    expect(screen.getByText("库存不足")).toBeTruthy();
    // 19 points: the 30-point oil is out of reach, the washing powder is not
    expect((screen.getByRole("button", { name: "兑换食用油 5L" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "兑换洗衣粉 2kg" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("explains a veto that bars the shop", async () => {
    const vetoed = { ...balance, vetoed: true, vetoItem: "违法违规", vetoOn: "2026-10-01" };
    page({ Household: { subject: household, redeemableBalance: vetoed, passbook }, ShopCatalogue: shop() });
    expect(await screen.findByText("一票否决：暂停兑换")).toBeTruthy();
    expect(screen.getByText(/因“违法违规”/)).toBeTruthy();
    await screen.findByText("洗衣粉 2kg");
    expect((screen.getByRole("button", { name: "兑换洗衣粉 2kg" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the budget-cap refusal with what remains and keeps the dialog open", async () => {
    const refusal = { redemptionMake: { redemption: null, balance: null, errors: [{ field: null, code: "BUDGET_EXCEEDED", message: "本村今年的奖励资金只剩 0.5 元，不够兑换洗衣粉 2kg（1.2 元）。" }] } };
    const { calls } = page({ Household: { subject: household, redeemableBalance: balance, passbook }, ShopCatalogue: shop(), HouseholdRedeem: refusal });
    fireEvent.click(await screen.findByRole("button", { name: "兑换洗衣粉 2kg" }));
    fireEvent.click(await screen.findByRole("button", { name: "确认兑换" }));
    expect(await screen.findByText(/只剩 0.5 元/)).toBeTruthy();
    expect(calls.find((c) => c.name === "HouseholdRedeem")?.variables).toMatchObject({ subject: HOUSEHOLD_ID, item: "i2", pickupPoint: "pp" });
  });

  it("tells a member without a household so", () => {
    renderPage(<MyHousehold />, { me: { ...MEMBER, householdId: null } });
    expect(screen.getByText(/还没有关联到农户/)).toBeTruthy();
  });
});

describe("Households", () => {
  const grids = { orgUnits: connection([{ ...VILLAGE, depth: 2, parentId: null }, { id: "g1", name: "第1网格", kind: "GRID", depth: 3, parentId: VILLAGE.id }]) };

  it("says when there are no grids", async () => {
    renderPage(<Households />, { answers: { VillageGrids: { orgUnits: connection([]) } } });
    expect(await screen.findByText("您可查看的范围内没有网格")).toBeTruthy();
  });

  it("lists a grid's households with their people", async () => {
    const { calls } = renderPage(<Households />, {
      answers: { VillageGrids: grids, GridHouseholds: { subjects: connection([{ id: HOUSEHOLD_ID, name: "张建国户", phone: "138", homeUnit: { name: "第1网格" }, members: [{ id: "a" }, { id: "b" }] }]) } },
    });
    const link = await screen.findByRole("link", { name: "张建国户" });
    expect(link.getAttribute("href")).toBe(`/village/households/${encodeURIComponent(HOUSEHOLD_ID)}`);
    expect(calls.find((c) => c.name === "GridHouseholds")?.variables.unit).toBe("g1");
    expect(screen.getByText("共 1 户")).toBeTruthy();
  });

  it("says when a grid has no households", async () => {
    renderPage(<Households />, { answers: { VillageGrids: grids, GridHouseholds: { subjects: connection([]) } } });
    expect(await screen.findByText("这个网格还没有农户")).toBeTruthy();
  });
});

describe("Shop", () => {
  const redemptions = [
    { id: "r1", subjectName: "王家户", quantity: 1, points: 8, status: "REQUESTED", redeemedAt: "2026-12-01T09:00:00+08:00", settledAt: null, cancelReason: "", item: { id: "i5", name: "酱油 1L" }, pickupPoint: { name: "彭墩村村委会" } },
  ];

  it("tells someone who keeps no shop", () => {
    renderPage(<Shop />, { me: MEMBER });
    expect(screen.getByText("您没有管理积分超市的职责")).toBeTruthy();
  });

  it("shows the loading state", () => {
    renderPage(<Shop />, { me: KEEPER, answers: { ShopCatalogue: LOADING } });
    expect(screen.getByText("加载中…")).toBeTruthy();
  });

  it("shows the budget, the share against 30%, low stock and the requests", async () => {
    renderPage(<Shop />, { me: KEEPER, answers: { ShopCatalogue: shop(), ShopRedemptions: { redemptions } } });
    expect(await screen.findByText("1 种商品库存不足")).toBeTruthy();
    expect(screen.getByText("洗衣粉 2kg 剩 4（预警线 5）")).toBeTruthy();
    expect(screen.getByText("279.40 元")).toBeTruthy();
    expect(screen.getByText(/今年已有 1 \/ 140 户兑换，占 0.7%/)).toBeTruthy();
    expect(screen.getByText("未达到示范村 30% 标准")).toBeTruthy();
    expect(await screen.findByText("王家户")).toBeTruthy();
  });

  it("hands goods over and says so", async () => {
    const { calls } = renderPage(<Shop />, {
      me: KEEPER,
      answers: { ShopCatalogue: shop(), ShopRedemptions: { redemptions }, RedemptionHandOver: { redemptionHandOver: { redemption: { id: "r1", status: "HANDED_OVER", settledAt: "2026-12-02T10:00:00+08:00" }, errors: [] } } },
    });
    fireEvent.click(await screen.findByRole("button", { name: "确认交付" }));
    const confirm = await screen.findAllByRole("button", { name: "确认交付" });
    fireEvent.click(confirm[confirm.length - 1]);
    await waitFor(() => expect(calls.some((c) => c.name === "RedemptionHandOver" && c.variables.redemption === "r1")).toBe(true));
    expect(await screen.findByText("酱油 1L已交付给王家户")).toBeTruthy();
  }, 45000);

  it("needs a reason to cancel", async () => {
    const { calls } = renderPage(<Shop />, { me: KEEPER, answers: { ShopCatalogue: shop(), ShopRedemptions: { redemptions } } });
    fireEvent.click(await screen.findByRole("button", { name: "取消兑换" }));
    fireEvent.click(await screen.findByRole("button", { name: "确认取消" }));
    expect(await screen.findByText("请填写取消原因")).toBeTruthy();
    expect(calls.some((c) => c.name === "RedemptionCancel")).toBe(false);
  }, 45000);

  it("says when there are no requests", async () => {
    renderPage(<Shop />, { me: KEEPER, answers: { ShopCatalogue: shop({ shopItems: [] }), ShopRedemptions: { redemptions: [] } } });
    expect(await screen.findByText("没有这类兑换申请")).toBeTruthy();
    expect(screen.getByText("积分超市暂时没有商品")).toBeTruthy();
  });
});

describe("Ranking", () => {
  const line = (name: string, rank: number, stars: number, total: number) => ({ subject: { id: name, name, homeUnit: { name: "第1网格" } }, total, rank, stars, gained: total - 140, lost: 0 });

  it("counts star levels", () => {
    expect(starCounts([line("a", 1, 5, 180), line("b", 2, 4, 170), line("c", 3, 0, 140)])).toEqual([[5, 1], [4, 1], [3, 0], [0, 1]]);
  });

  it("ranks households with stars and a chart of the levels", async () => {
    renderPage(<Ranking />, {
      me: KEEPER,
      answers: { VillageRanking: { villageRanking: { ruleset: "household-140-stars", periodStart: "2026-01-01", periodEnd: "2026-12-31", asOf: "2026-12-02", households: [line("张家户", 1, 5, 180), line("李家户", 2, 0, 150)] } } },
    });
    expect(await screen.findByRole("link", { name: "张家户" })).toBeTruthy();
    expect(screen.getByRole("img", { name: "5 星" })).toBeTruthy();
    const chart = screen.getByRole("img", { name: /五星户 1 户/ });
    expect(JSON.parse(chart.getAttribute("data-option")!).series[0].data).toEqual([1, 0, 0, 1]);
  });

  it("shows the empty and error states", async () => {
    const { unmount } = renderPage(<Ranking />, { me: KEEPER, answers: { VillageRanking: { villageRanking: null } } });
    expect(await screen.findByText("还没有可排名的农户")).toBeTruthy();
    unmount();
    renderPage(<Ranking />, { me: KEEPER, answers: { VillageRanking: failure("x") } });
    expect(await screen.findByText("加载失败")).toBeTruthy();
  });
});

describe("windowState", () => {
  it("finds the open window or the next one", () => {
    const windows = [{ opensOn: "2026-12-10", closesOn: "2026-12-12" }, { opensOn: "2026-12-01", closesOn: "2026-12-03" }];
    expect(windowState(windows, "2026-12-02")).toEqual({ open: true, window: windows[1] });
    expect(windowState(windows, "2026-12-05")).toEqual({ open: false, window: windows[0] });
    expect(windowState([], "2026-12-05")).toEqual({ open: true });
  });
});
