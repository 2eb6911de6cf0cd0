// The market bureau, the public pages and check-in (see run.mjs): an inspector of the market
// demo tenant records an inspection that changes a business's grade, and an anonymous visitor
// sees the new grade on the public page; in the county tenant a branch secretary opens a
// check-in, a member checks in from a second browser context (signing in on the way), the
// secretary sees the count and closes it. Every new screen is saved in zh-CN and en-US at
// 1280 px and in zh-CN at 375 px (artifacts/market-*), and checked with axe-core.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";

const PASSWORD = "jifen-demo";
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

class Walk {
  constructor(page, artifacts) {
    this.page = page;
    this.artifacts = artifacts;
    this.axe = [];
  }

  async signIn(base, username) {
    const { page } = this;
    await page.goto(`${base}/`);
    await this.fillSignIn(username);
    await page.getByRole("heading", { name: /^你好，/ }).waitFor();
  }

  async fillSignIn(username) {
    const { page } = this;
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
  }

  async idle() {
    await this.page.waitForLoadState("networkidle");
    await this.page.locator(".ant-spin-spinning").first().waitFor({ state: "detached", timeout: 10000 }).catch(() => {});
    await this.page.waitForTimeout(400);
  }

  async choose(select, text) {
    await select.click();
    await this.page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: text }).first().click();
  }

  async shoot(name) {
    const { page } = this;
    await this.idle();
    await this.capture(`market-${name}.zh-CN.png`);
    await page.locator(".ant-segmented").getByText("EN", { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en-US");
    await this.idle();
    await this.capture(`market-${name}.en-US.png`);
    await page.locator(".ant-segmented").getByText("中文", { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    await page.setViewportSize(PHONE);
    await this.idle();
    await this.capture(`market-${name}.zh-CN.375.png`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} scrolls sideways at 375 px by ${overflow} px`);
    await page.setViewportSize(WIDE);
    await this.idle();
  }

  async capture(file) {
    await this.page.screenshot({ path: join(this.artifacts, file), fullPage: true });
    await this.page.addScriptTag({ path: AXE });
    const violations = await this.page.evaluate(async () => {
      const result = await window.axe.run({ exclude: [".ant-table-measure-row", ".ant-form-show-help-item-leave"] }, { runOnly: ["wcag2a", "wcag2aa"], resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(" ") }));
    });
    for (const v of violations) this.axe.push({ file, ...v });
  }
}

/** The grade an anonymous visitor sees for `name` on the public page. */
async function publicGrade(browser, base, name, walk) {
  const context = await browser.newContext({ viewport: WIDE, locale: "zh-CN" });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/open/food-grades?name=${encodeURIComponent(name)}`);
    const card = page.getByRole("listitem").filter({ hasText: name }).first();
    await card.waitFor();
    const grade = (await card.locator(".ant-tag").first().textContent()).trim();
    if (walk) {
      const visitor = new Walk(page, walk.artifacts);
      await visitor.shoot("public-food-grades");
      await page.goto(`${base}/open/boards`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await visitor.shoot("public-boards");
      walk.axe.push(...visitor.axe);
    }
    return grade;
  } finally {
    await context.close();
  }
}

async function marketWalk(browser, base, walk) {
  const { page } = walk;
  await walk.signIn(base, "inspector_01");
  await page.goto(`${base}/market`);
  await page.getByRole("heading", { level: 2, name: "食品经营者风险分级" }).waitFor();
  const chart = page.locator("[data-option]").first();
  await chart.waitFor();
  const option = JSON.parse(await chart.getAttribute("data-option"));
  const graded = option.series.reduce((sum, s) => sum + s.data[s.data.length - 1], 0);
  assert.ok(graded > 0, `the grade figure counts no business this month: ${JSON.stringify(option.series)}`);
  await walk.shoot("businesses");

  // A seller graded B by default (never inspected on site): its first inspection scores the
  // dynamic factors, and the grade follows them.
  await walk.choose(page.getByLabel("等级", { exact: true }), "B 级");
  await walk.idle();
  const first = page.locator("table a, [role=listitem] a").first();
  const name = (await first.textContent()).trim();
  const before = await publicGrade(browser, base, name);
  assert.equal(before, "B 级", `${name} is not B on the public page`);
  await first.click();
  await page.getByRole("heading", { level: 2, name: new RegExp(name) }).waitFor();
  await walk.shoot("business");

  await page.getByRole("button", { name: "记录检查" }).click();
  await page.getByRole("button", { name: "提交检查记录" }).waitFor();
  await walk.shoot("inspect");
  await page.locator("label.ant-radio-button-wrapper").filter({ hasText: /^不符合$/ }).first().click();
  await page.getByLabel("检查发现").fill("冷柜温度超标，未建立进货查验记录");
  // The representative signs with a finger: a stroke on the pad.
  const pad = await page.locator("canvas.signature-pad").boundingBox();
  await page.mouse.move(pad.x + 20, pad.y + 40);
  await page.mouse.down();
  for (let i = 1; i <= 10; i += 1) await page.mouse.move(pad.x + 20 + i * 25, pad.y + 40 + (i % 2) * 60);
  await page.mouse.up();
  await page.getByText("负责人已在屏幕上签字。").waitFor();
  await page.getByRole("button", { name: "提交检查记录" }).click();
  await page.getByText(`已记录对${name}的检查`).waitFor();
  await walk.shoot("inspect-done");

  const after = await publicGrade(browser, base, name, walk);
  assert.notEqual(after, before, `${name}'s public grade stayed ${before} after the failed inspection`);
  console.log(`e2e: ${name} went from ${before} to ${after} on the public page`);

  await page.goto(`${base}/market/plan`);
  await page.getByRole("heading", { level: 2, name: "检查计划" }).waitFor();
  // Back to July, when the demo's yearly visits fall: some done, some overdue.
  for (let i = 0; i < 12 && !(await page.locator(".plan-day li").count()); i += 1) {
    await page.getByRole("button", { name: "上个月" }).click();
    await walk.idle();
  }
  assert.ok(await page.locator(".plan-day .ant-badge-status-error").count(), "no overdue visit is marked on the plan");
  await walk.shoot("plan");
}

async function checkInWalk(browser, base, walk) {
  const { page } = walk;
  await walk.signIn(base, "secretary_01");
  await page.goto(`${base}/check-in/host`);
  await page.getByLabel("会议或活动名称").fill("十二月主题党日");
  await walk.choose(page.getByLabel("缺席事项", { exact: true }), "");
  await walk.shoot("check-in-open");
  await page.getByRole("button", { name: "发起签到并显示二维码" }).click();
  await page.getByRole("img", { name: /签到二维码/ }).waitFor();
  const link = (await page.locator(".checkin-link").first().textContent()).trim();
  assert.match(link, /\/check-in\?token=/);

  // A member scans the code: the link opens, asks them to sign in, and checks them in.
  const phone = await browser.newContext({ viewport: PHONE, locale: "zh-CN", isMobile: true, hasTouch: true });
  const member = await phone.newPage();
  try {
    await member.goto(link);
    const scanner = new Walk(member, walk.artifacts);
    await scanner.fillSignIn("supervisor_01");
    await member.getByText("已签到：十二月主题党日").waitFor();
    await member.screenshot({ path: join(walk.artifacts, "market-check-in-done.zh-CN.375.png"), fullPage: true });
  } finally {
    await phone.close();
  }
  // The organiser's screen counts them within a poll.
  await page.locator(".ant-statistic-content-value").filter({ hasText: /^1$/ }).waitFor({ timeout: 15000 });
  await page.getByRole("button", { name: /全屏显示/ }).click();
  await walk.idle();
  await walk.capture("market-check-in-full.zh-CN.png");
  await page.getByRole("button", { name: /退出全屏/ }).click();
  await walk.shoot("check-in-show");
  await page.getByRole("button", { name: "结束签到" }).click();
  await page.locator(".ant-modal-confirm").getByRole("button", { name: "结束签到" }).click();
  await page.getByText("签到已结束，共 1 人签到").waitFor();
  await walk.shoot("check-in-closed");
}

/** Both journeys; `base` is the county tenant's address (the market tenant is beside it). */
export async function market({ browser, base, artifacts }) {
  const marketBase = base.replace("//county.", "//market.");
  const page = await browser.newPage({ viewport: WIDE, locale: "zh-CN" });
  const walk = new Walk(page, artifacts);
  try {
    await marketWalk(browser, marketBase, walk);
    await page.context().clearCookies();
    await page.evaluate(() => window.localStorage.clear());
    await checkInWalk(browser, base, walk);
  } catch (error) {
    await page.screenshot({ path: join(artifacts, "market-FAILED.png"), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
  if (walk.axe.length) console.log(`e2e: market axe-core violations:\n${JSON.stringify(walk.axe, null, 2)}`);
  assert.equal(walk.axe.length, 0, "axe-core found violations on the market screens");
}
