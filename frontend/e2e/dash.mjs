// Dashboards, administration and notifications through the county demo tenant (run.mjs calls
// it after the procedure's journey, whose declarations and board it reads): the sign-in page
// lists the demo's logins; the county organisation department's dashboard draws real figures
// and drills down to a branch and its members; the tenant administrator runs an import's dry
// run and reads the audit log; a member reads the notification the board raised and the
// unread count drops. Screenshots are artifacts/dash-*.png (zh-CN, en-US, 375 px), axe-core
// on each.
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Journey } from "./journey.mjs";

const WIDE = { width: 1280, height: 900 };
const here = dirname(fileURLToPath(import.meta.url));
// The demo's own organisation workbook: imported again, every row is unchanged.
const WORKBOOK = resolve(here, "..", "..", "platform", "jifen", "demo", "data", "county", "1-units.xlsx");

export async function dashJourneys({ browser, base, artifacts }) {
  const page = await browser.newPage({ viewport: WIDE, locale: "zh-CN" });
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  const j = new Journey(page, base, artifacts);
  try {
    await signInPage(j);
    await dashboard(j);
    await administration(j, WORKBOOK);
    await notifications(j);
    assert.deepEqual(problems, [], `the pages threw: ${problems.join("; ")}`);
    assert.deepEqual(j.axe, [], `axe-core found problems:\n${JSON.stringify(j.axe, null, 2)}`);
    console.log(`e2e: dashboards, administration, notifications passed (${j.shots.length} screenshots)`);
  } catch (error) {
    await page.screenshot({ path: join(artifacts, "dash-FAILED.png"), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

async function signInPage(j) {
  const { page } = j;
  await page.goto(`${j.base}/`);
  const logins = page.getByRole("list", { name: "演示账号" });
  await logins.waitFor();
  const listed = await logins.textContent();
  for (const username of ["county_org", "secretary_01", "admin"]) assert.ok(listed.includes(username), `the sign-in page lists no ${username}: ${listed}`);
  await page.getByRole("button", { name: "使用 county_org" }).click();
  assert.equal(await page.getByLabel("用户名").inputValue(), "county_org");
  await j.shoot("dash-01-sign-in-demo-logins");
}

const option = async (locator) => JSON.parse(await locator.getAttribute("data-option"));
const sum = (values) => values.reduce((a, b) => a + b, 0);

async function dashboard(j) {
  const { page } = j;
  await j.signInAs("county_org");
  await j.open("统计看板");
  const months = page.getByRole("img", { name: "每月申报与审核" });
  await months.waitFor();
  // the procedure's journey declared this year: the trend counts them
  const trend = await option(months);
  assert.equal(trend.xAxis.data.length, 12);
  assert.ok(sum(trend.series[0].data) >= 2, `declarations per month: ${JSON.stringify(trend.series[0].data)}`);
  assert.ok(sum(trend.series[1].data) >= 1, `reviews per month: ${JSON.stringify(trend.series[1].data)}`);
  const spread = page.getByRole("img", { name: /^各组织积分分布/ });
  const boxes = await option(spread);
  assert.ok(boxes.xAxis.data.length > 1, "the fairness view has the county's units");
  assert.equal(boxes.series[0].type, "boxplot");
  await j.shoot("dash-02-county");

  // drill down: a committee, then one of its branches, then its members
  const subUnits = page.locator(".ant-card").filter({ has: page.getByRole("heading", { name: "下级组织" }) });
  const committee = subUnits.getByRole("link").first();
  const committeeName = await committee.textContent();
  await committee.click();
  await page.getByRole("heading", { level: 1, name: `${committeeName} 统计看板` }).waitFor();
  // the committee's own sub-units, not the county's still on screen
  await subUnits.getByRole("cell", { name: "党支部", exact: true }).first().waitFor();
  await j.idle();
  const branchLink = subUnits.getByRole("link").first();
  const branchName = await branchLink.textContent();
  await branchLink.click();
  await page.getByRole("heading", { level: 1, name: `${branchName} 统计看板` }).waitFor();
  const members = page.locator(".ant-card").filter({ has: page.getByRole("heading", { name: "成员积分" }) });
  await members.getByRole("link").first().waitFor();
  assert.ok((await members.getByRole("link").count()) > 0, "the branch lists its members");
  // the breadcrumb leads back up to the county
  assert.ok(await page.locator(".ant-breadcrumb").getByRole("link", { name: committeeName }).isVisible());
  await j.shoot("dash-03-branch");
  await j.signOut();
}

async function administration(j, workbook) {
  const { page } = j;
  await j.signInAs("admin");
  await j.open("Excel 导入");
  await j.shoot("dash-04-imports");
  await j.choose(page.getByLabel("导入内容"), "组织架构");
  await page.locator('input[type="file"]').setInputFiles(workbook);
  await page.getByRole("heading", { name: /^检查报告/ }).waitFor();
  // the worker checks it: a dry run that changes nothing, every row already there
  await page.getByText("试运行没有发现错误，可以导入。").waitFor({ timeout: 90000 });
  assert.ok(await page.getByRole("button", { name: "确认导入" }).isVisible());
  const counts = await page.getByLabel("各类行数").textContent();
  assert.match(counts, /有错误 0/);
  assert.match(counts, /无变化 [1-9]/);
  await j.shoot("dash-05-import-dry-run");
  await j.open("审计日志");
  await page.getByText("ruleset.publish").first().waitFor();
  await j.shoot("dash-06-audit-log");
  await j.signOut();
}

async function notifications(j) {
  const { page } = j;
  // recorder_01 is a member of the branch whose board the procedure's journey published
  await j.signInAs("recorder_01");
  const bell = page.locator(".topbar-bell");
  const unread = async () => Number((await bell.getAttribute("aria-label")).match(/\d+/)[0]);
  await page.waitForFunction(() => /（[1-9]\d* 条未读）/.test(document.querySelector(".topbar-bell")?.getAttribute("aria-label") ?? ""));
  const before = await unread();
  await j.open("通知");
  const item = page.locator(".ant-list-item").filter({ hasText: "公示" }).filter({ has: page.getByText("新", { exact: true }) }).first();
  await item.waitFor();
  await j.shoot("dash-07-notifications");
  await item.getByRole("button", { name: "查看" }).click();
  await page.waitForURL(/\/boards\//);
  await page.waitForFunction((n) => {
    const label = document.querySelector(".topbar-bell")?.getAttribute("aria-label") ?? "";
    return Number((label.match(/\d+/) ?? ["-1"])[0]) === n - 1;
  }, before);
  assert.equal(await unread(), before - 1);
  await j.signOut();
}
