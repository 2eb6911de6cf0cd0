// The village and the school (see run.mjs): a household's member redeems goods in the points
// shop, the shop keeper hands them over, and the passbook shows both; the keeper's counter
// with the budget and the share of households, the grids, the ranking; a head teacher's week
// and month, and a parent who sees only their own child. Screens are saved as village-*.png
// in zh-CN, en-US and at 375 px, and checked with axe-core.
import assert from "node:assert/strict";
import { Journey } from "./journey.mjs";

const PASSWORD = "jifen-demo";

class Tenant extends Journey {
  /** Villages show the members' light login first: staff and demo logins use the other tab. */
  async signInAs(username) {
    const { page } = this;
    await page.goto(`${this.base}/`);
    await this.idle(); // the sign-in options (which tabs) have loaded: the form renders once
    const staff = page.getByRole("tab", { name: "工作人员登录" });
    await staff.or(page.getByLabel("密码")).first().waitFor(); // the form has rendered
    if (await staff.count()) await staff.click();
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { name: /^你好，/ }).waitFor();
  }
}

export async function villageJourney({ browser, base, artifacts, moveClock }) {
  // The county journey left the platform's clock a week ahead; these screens read today.
  await moveClock(0);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  try {
    const village = new Tenant(page, base.replace("//county.", "//village."), artifacts);
    await householdRedeems(village, page);
    const school = new Tenant(page, base.replace("//county.", "//school."), artifacts);
    await headTeacherAndParent(school, page);
    const serious = [...village.axe, ...school.axe].filter((v) => v.impact === "critical" || v.impact === "serious");
    for (const v of [...village.axe, ...school.axe]) console.log(`e2e: axe ${v.impact} ${v.id} ×${v.nodes} in ${v.file}: ${v.target}`);
    assert.deepEqual(problems, [], "no script errors in the village's and school's pages");
    assert.deepEqual(serious, [], "no serious accessibility problems on the village's and school's pages");
    console.log(`e2e: village and school: ${village.shots.length + school.shots.length} screenshots`);
  } catch (error) {
    await page.screenshot({ path: `${artifacts}/village-FAILED.png`, fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

async function householdRedeems(j, page) {
  // A household's member: the passbook, the shop with photos; they request two towels (6 points; what 10 points buy).
  await j.signInAs("household_01");
  await j.open("我家积分存折");
  const passbook = page.getByRole("table", { name: "行为银行存折" });
  await passbook.waitFor();
  // The heading names the household once its passbook has loaded.
  const household = (await page.getByRole("heading", { level: 1 }).textContent()).trim();
  const before = await passbook.locator("tbody tr[data-kind]").count();
  assert.ok(before >= 1, "the passbook lists the household's entries");
  await page.locator("img.shop-photo").first().waitFor();
  await j.shoot("village-01-household-passbook");
  await page.getByRole("button", { name: "兑换毛巾两条" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText(/将使用 6 分/).waitFor();
  await j.capture("village-02-redeem-confirm.zh-CN.png");
  await dialog.getByRole("button", { name: "确认兑换" }).click();
  await dialog.waitFor({ state: "detached" });
  await passbook.locator("tbody tr[data-kind=REDEMPTION]").filter({ hasText: "毛巾两条" }).waitFor();
  await j.signOut();

  // The keeper: the request is waiting; low stock, the budget and the share are shown.
  await j.signInAs("village_secretary");
  await j.open("积分超市");
  await page.getByRole("alert").filter({ hasText: "库存不足" }).waitFor();
  const share = page.getByTestId("share");
  assert.match(await share.textContent(), /示范村/);
  assert.match(await page.getByTestId("budget").textContent(), /280\.00 元/);
  const request = page.locator(`tr[data-household="${household}"]`).filter({ hasText: "毛巾两条" });
  await request.waitFor();
  await j.shoot("village-03-keeper-counter");
  await request.getByRole("button", { name: "确认交付" }).click();
  await page.locator(".ant-popconfirm").getByRole("button", { name: "确认交付" }).click();
  await page.getByText(`毛巾两条已交付给${household}`).waitFor();
  await page.locator(".ant-segmented").filter({ hasText: "已领取" }).getByText("已领取", { exact: true }).click();
  await page.locator(`tr[data-household="${household}"][data-status=HANDED_OVER]`).filter({ hasText: "毛巾两条" }).waitFor();
  await j.shoot("village-04-keeper-handed-over");

  // The grids and their households; the household's page as the staff see it.
  await j.open("网格与农户");
  await page.locator("[data-row-key]").first().waitFor();
  await page.getByRole("searchbox", { name: "按户名搜索" }).fill(household);
  await page.getByRole("searchbox", { name: "按户名搜索" }).press("Enter");
  await page.getByRole("link", { name: household }).waitFor();
  await j.shoot("village-05-households");
  await page.getByRole("link", { name: household }).click();
  // The passbook, for the staff: the entries and the redemption handed over, with the balance.
  const staffBook = page.getByRole("table", { name: "行为银行存折" });
  await staffBook.locator("tbody tr[data-kind=REDEMPTION]").filter({ hasText: "毛巾两条" }).waitFor();
  assert.equal(await staffBook.locator("tbody tr[data-kind]").count(), before + 1, "the passbook shows the redemption once");
  await j.shoot("village-06-staff-passbook");
  await j.open("星级评定排名");
  await page.locator("[data-option]").first().waitFor();
  const option = JSON.parse(await page.locator("[data-option]").first().getAttribute("data-option"));
  const counted = option.series[0].data.reduce((a, b) => a + b, 0);
  assert.ok(counted >= 100, `the star chart counts the village's households (${counted})`);
  assert.ok(option.series[0].data[0] >= 1, "some households have five stars");
  await j.shoot("village-07-ranking");
  await j.signOut();

  // Back as the household: the passbook still shows the redemption (now handed over).
  await j.signInAs("household_01");
  await j.open("我家积分存折");
  await passbook.locator("tbody tr[data-kind=REDEMPTION]").filter({ hasText: "毛巾两条" }).waitFor();
  await page.setViewportSize({ width: 375, height: 812 });
  await j.idle();
  await j.capture("village-08-household-phone.zh-CN.375.png");
  await page.setViewportSize({ width: 1280, height: 900 });
  await j.signOut();
}

async function headTeacherAndParent(j, page) {
  // The head teacher: the duty monitor's week with the ranking, the month, the prizes.
  await j.signInAs("head_teacher_31");
  await j.open("班级积分");
  const week = page.getByRole("table", { name: "本周" });
  await week.locator("tbody tr[data-pupil]").first().waitFor();
  assert.match(await page.getByText(/条值日记录/).textContent(), /共 [1-9]\d* 条值日记录/);
  await week.locator("tbody tr[data-pupil]").first().getByText(/条记录/).click();
  await j.shoot("village-09-class-week");
  await page.getByRole("tab", { name: "月报告" }).click();
  await page.getByRole("table", { name: "月报告" }).locator("tbody tr[data-pupil]").first().waitFor();
  await j.shoot("village-10-class-month");
  await page.getByRole("tab", { name: "期末奖励" }).click();
  await page.getByRole("table", { name: "期末奖励" }).locator("tbody tr.ant-table-row").first().waitFor();
  await j.shoot("village-11-term-prizes");
  await page.getByRole("tab", { name: "本周" }).click();
  const first = week.locator("tbody tr[data-pupil]").first();
  await first.getByRole("link").first().click();
  await page.getByRole("heading", { name: /积分报告$/ }).waitFor();
  await j.shoot("village-12-pupil-report");
  await j.signOut();

  // The parent sees their own child only: one report, and no class list.
  await j.signInAs("parent_31");
  await j.open("孩子的积分");
  const heading = page.getByRole("heading", { name: /积分报告$/ });
  await heading.waitFor();
  const child = (await heading.textContent()).replace(/ \d{4} 年.*$/, "");
  await j.shoot("village-13-parent-view");
  assert.equal(await page.getByRole("menu", { name: "主菜单" }).getByText("班级积分", { exact: true }).count(), 0, "no class menu for a parent");
  // Another pupil's report is refused: the parent reads only their child.
  await page.goto(`${j.base}/school`);
  await page.getByText("您没有可查看的班级").waitFor();
  const other = await page.evaluate(async (name) => {
    // the page's own session: its cookie, and the CSRF token Django wants back with a POST
    const csrf = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/)?.[1] ?? "";
    const response = await fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf) },
      body: JSON.stringify({ query: "{ subjects(first: 50) { totalCount edges { node { name } } } }" }),
    });
    return { wanted: name, body: await response.json() };
  }, child);
  const seen = other.body.data.subjects.edges.map((e) => e.node.name);
  assert.equal(seen.length, 1, `the parent's API sees one pupil, their own child (saw ${seen})`);
  await page.goto(`${j.base}/school/children`);
  await page.getByRole("heading", { name: new RegExp(`^${seen[0]}`) }).waitFor(); // the child the page showed
  await j.signOut();
}
