// The procedure through the county demo tenant, role by role (see run.mjs): a member declares
// with a photo, the supervisor accepts one and adjusts another, the secretary publishes the
// board, the member objects, the secretary answers; the secretary closes last year with the
// committee's tie decision and, after the results' publicity, files it; the township committee
// returns it with a reason, the secretary closes it again and files it, and it is accepted. Every screen is
// saved in zh-CN and en-US at 1280 px and in zh-CN at 375 px (artifacts/), and checked with
// axe-core.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";

const PASSWORD = "jifen-demo";
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
// A 1×1 PNG: the member's "photo" of the evidence.
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

export class Journey {
  constructor(page, base, artifacts) {
    this.page = page;
    this.base = base;
    this.artifacts = artifacts;
    this.shots = [];
    this.axe = [];
  }

  async signIn(username, password = PASSWORD) {
    const { page } = this;
    await page.goto(`${this.base}/`);
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("密码").fill(password);
    await page.getByRole("button", { name: "登录" }).click();
  }

  async signInAs(username) {
    await this.signIn(username);
    await this.page.getByRole("heading", { name: /^你好，/ }).waitFor();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "退出登录" }).click();
    await this.page.getByRole("button", { name: "登录" }).waitFor();
  }

  /** Open a screen from the menu (the drawer on a phone). */
  async open(label) {
    const { page } = this;
    await page.getByRole("menu", { name: "主菜单" }).getByText(label, { exact: true }).click();
    await page.getByRole("heading", { level: 1 }).first().waitFor();
  }

  async idle() {
    await this.page.waitForLoadState("networkidle");
    await this.page.locator(".ant-spin-spinning").first().waitFor({ state: "detached", timeout: 10000 }).catch(() => {});
    await this.page.waitForTimeout(300); // antd's transitions
  }

  /** Pick an option of an antd Select. */
  async choose(select, text, search) {
    await select.click();
    if (search) await select.fill(search);
    await this.page.locator(".ant-select-dropdown:visible .ant-select-item-option").filter({ hasText: text }).first().click();
  }

  /** The screen as it is, in both languages, and on a phone; axe-core on each. */
  async shoot(name) {
    const { page } = this;
    await this.idle();
    await this.capture(`${name}.zh-CN.png`);
    await page.locator(".ant-segmented").getByText("EN", { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en-US");
    await this.idle();
    await this.capture(`${name}.en-US.png`);
    await page.locator(".ant-segmented").getByText("中文", { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    await page.setViewportSize(PHONE);
    await this.idle();
    await this.capture(`${name}.zh-CN.375.png`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${name} scrolls sideways at 375 px by ${overflow} px`);
    await page.setViewportSize(WIDE);
    await this.idle();
  }

  async capture(file) {
    await this.page.screenshot({ path: join(this.artifacts, file), fullPage: true });
    this.shots.push(file);
    await this.page.addScriptTag({ path: AXE });
    // Left out: antd's hidden column-measuring row and form help mid fade-out (not what users read).
    const violations = await this.page.evaluate(async () => {
      const result = await window.axe.run({ exclude: [".ant-table-measure-row", ".ant-form-show-help-item-leave"] }, { runOnly: ["wcag2a", "wcag2aa"], resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(" ") }));
    });
    for (const v of violations) this.axe.push({ file, ...v });
  }
}

/** Days from this browser's today to `day` (YYYY-MM-DD, the platform's time zone). */
function daysFromToday(day) {
  const today = new Date(new Date().toLocaleString("sv-SE", { timeZone: "Asia/Shanghai" }).slice(0, 10));
  return Math.round((new Date(day) - today) / 86400000);
}

export async function journey({ browser, base, artifacts, moveClock }) {
  const page = await browser.newPage({ viewport: WIDE, locale: "zh-CN" });
  try {
    await walk(page, base, artifacts, moveClock);
  } catch (error) {
    await page.screenshot({ path: join(artifacts, "FAILED.png"), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await page.close();
  }
}

async function walk(page, base, artifacts, moveClock) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  const j = new Journey(page, base, artifacts);

  // A wrong password is refused with the API's message, in the UI's language.
  await j.signIn("secretary_01", "wrong-password");
  const refusal = page.getByRole("alert");
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /用户名或密码错误/);
  await j.shoot("01-sign-in");

  // The demo's member_0101 is a floating member (scored by a host branch where they hold no
  // role): their home screen and empty points. The branch's recorder is a member of it too.
  await j.signInAs("member_0101");
  await j.shoot("02-home-member");
  await j.open("我的积分");
  await j.shoot("03-my-points-empty");
  await j.signOut();

  // A member declares two items with photos; one is a range item that needs its points.
  await j.signInAs("recorder_01");
  const memberName = (await page.getByRole("heading", { name: /^你好，/ }).textContent()).replace("你好，", "");
  await j.open("申报积分");
  const form = page.getByRole("form", { name: "申报积分" });
  const declare = async (item, points) => {
    await j.choose(form.getByLabel("积分对象"), new RegExp(`^${memberName}（`), memberName);
    await j.choose(form.getByLabel("积分事项"), new RegExp(`^${item}`), item);
    if (points !== undefined) await form.getByLabel(/^分值（2～5 分）/).fill(String(points));
    await form.locator('input[type="file"]:not([capture])').setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: PHOTO });
    await form.getByLabel("说明").fill(`${item}：参加社区志愿服务`);
  };
  // A range item without its points is stopped before it is sent.
  await declare("带头促进事业发展");
  await form.getByRole("button", { name: "提交申报" }).click();
  await form.getByText("请填写此项").waitFor();
  await form.getByLabel(/^分值（2～5 分）/).fill("4");
  await form.getByRole("button", { name: "提交申报" }).click();
  await form.getByRole("status").filter({ hasText: "带头促进事业发展" }).waitFor();
  await j.shoot("04-declared");
  await form.getByRole("button", { name: "选择照片或文件" }).waitFor();
  await declare("积极参加志愿服务");
  await form.getByRole("button", { name: "提交申报" }).click();
  await form.getByRole("status").filter({ hasText: "积极参加志愿服务" }).waitFor();
  await j.open("申报记录");
  const mine = page.getByRole("row").filter({ hasText: memberName });
  await mine.filter({ hasText: "带头促进事业发展" }).filter({ hasText: "已申报" }).waitFor();
  await j.shoot("05-declarations");
  await j.signOut();

  // The supervisor: accepts the volunteer service, adjusts the range item to 3 with a reason.
  await j.signInAs("supervisor_01");
  await j.open("待审核");
  const queued = (item) => page.getByRole("row").filter({ hasText: memberName }).filter({ hasText: item });
  await queued("带头促进事业发展").waitFor();
  assert.match(await queued("带头促进事业发展").textContent(), /\+4/);
  await j.shoot("06-review-queue");
  await queued("带头促进事业发展").getByRole("button", { name: "调整" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/^分值（2～5 分）/).fill("6");
  await dialog.getByRole("button", { name: "调整" }).click();
  await dialog.getByText("分值须在 2～5 之间").waitFor();
  await dialog.getByLabel(/^分值（2～5 分）/).fill("3");
  await dialog.getByLabel("理由").fill("材料显示带头作用一般，按 3 分计");
  await j.capture("07-review-adjust.zh-CN.png");
  await dialog.getByRole("button", { name: "调整" }).click();
  await dialog.waitFor({ state: "detached" });
  await queued("带头促进事业发展").waitFor({ state: "detached" });
  await queued("积极参加志愿服务").getByRole("button", { name: "通过" }).click();
  await queued("积极参加志愿服务").waitFor({ state: "detached" });
  await j.open("申报记录");
  await page.getByRole("row").filter({ hasText: "带头促进事业发展" }).filter({ hasText: "初审通过" }).filter({ hasText: "+3" }).waitFor();
  await j.signOut();

  // The secretary sees their branch only, and publishes the board of this year so far.
  await j.signInAs("secretary_01");
  await j.open("组织架构");
  const tree = page.getByRole("list", { name: "组织架构" });
  await tree.getByRole("listitem").first().waitFor();
  assert.equal(await tree.getByRole("listitem").count(), 1, "a secretary sees their own branch only");
  const branch = (await tree.getByRole("link").first().textContent()).trim();
  assert.match(branch, /党支部$/);
  await j.open("积分对象");
  const count = await page.getByText(/^共 \d+ 个$/).textContent();
  assert.ok(Number(count.match(/\d+/)[0]) >= 20, `the branch lists its members: ${count}`);
  await j.shoot("08-subjects");
  // A Party day: everyone came but two; one of them was on leave with a reason, so only the
  // other is absent (and the recorder's own line is left to another recorder).
  await j.open("会议考勤");
  const meeting = page.getByRole("form", { name: "会议考勤" });
  await meeting.getByRole("button", { name: "全部出席" }).click();
  const names = meeting.locator(".ant-checkbox-group .ant-checkbox-wrapper");
  const away = [(await names.nth(1).textContent()).trim(), (await names.nth(2).textContent()).trim()];
  await meeting.getByRole("checkbox", { name: away[0], exact: true }).uncheck();
  await meeting.getByRole("checkbox", { name: away[1], exact: true }).uncheck();
  await meeting.getByRole("button", { name: "添加请假人员" }).click();
  await j.choose(meeting.getByRole("combobox", { name: "请假人员" }), away[0]);
  await meeting.getByRole("textbox", { name: "请假理由" }).fill("外出学习培训，已向支部书记请假");
  await j.choose(meeting.getByLabel("缺席事项"), /^无正当理由不参加党员主题活动日/);
  await j.shoot("09-attendance");
  await meeting.getByRole("button", { name: "登记考勤" }).click();
  await meeting.getByRole("status").filter({ hasText: "已登记，生成 1 条申报待审核。" }).waitFor();
  await j.open("公示栏");
  const publish = page.getByRole("form", { name: "发布公示" });
  // The span defaults to this quarter until today, which holds today's declarations.
  await publish.getByRole("button", { name: "发布" }).click();
  await page.getByRole("status").filter({ hasText: /已公示 \d+ 条/ }).waitFor();
  const board = page.locator("[data-board]").filter({ hasText: branch }).first();
  await board.getByText(/剩 \d+ 天/).waitFor();
  await board.getByRole("row").filter({ hasText: "带头促进事业发展" }).filter({ hasText: "公示中" }).waitFor();
  // Confirming before the publicity ends is refused, and said so beside the button.
  await board.getByRole("button", { name: "确认公示结果" }).click();
  await board.getByRole("alert").waitFor();
  await j.shoot("10-board-published");
  await j.signOut();

  // The recorder, a member of the branch, was told that the board opened and how the review
  // went: the bell counts them, the inbox lists them and links to the board.
  await j.signInAs("recorder_01");
  await page.getByRole("link", { name: /^通知（[1-9]\d* 条未读）$/ }).click();
  await page.getByRole("heading", { name: "通知", level: 1 }).waitFor();
  await page.getByText(/积分公示至/).first().waitFor();
  await j.shoot("10b-notifications");

  // The member objects to the adjusted entry while the board is open.
  await j.open("公示栏");
  const entry = page.locator("[data-board]").first().getByRole("row").filter({ hasText: "带头促进事业发展" });
  await entry.getByRole("button", { name: "提出异议" }).click();
  const objection = page.getByRole("dialog");
  await objection.getByLabel("异议或申辩理由").fill("佐证材料已说明带头作用，应按 4 分计");
  await objection.getByRole("button", { name: "提交异议" }).click();
  await objection.waitFor({ state: "detached" });
  await entry.getByText("待答复").waitFor();
  await j.open("异议与申诉");
  await page.getByRole("row").filter({ hasText: "应按 4 分计" }).getByText(/剩 \d+ 天/).waitFor();
  await j.shoot("11-objection-raised");
  await j.open("我的积分");
  await page.getByRole("row").filter({ hasText: "带头促进事业发展" }).filter({ hasText: "+3" }).waitFor();
  await j.shoot("12-my-points");
  await j.signOut();

  // The secretary answers it before its deadline.
  await j.signInAs("secretary_01");
  await j.open("异议与申诉");
  const open = page.getByRole("row").filter({ hasText: "应按 4 分计" });
  await open.getByRole("button", { name: "答复" }).click();
  const answer = page.getByRole("dialog");
  await answer.getByText(/剩 \d+ 天/).waitFor();
  // (a busy machine can swallow the first click while antd's dialog still animates)
  const dismissed = answer.getByLabel("异议不成立");
  for (let attempt = 0; attempt < 5 && !(await dismissed.isChecked()); attempt += 1) {
    await answer.getByText("异议不成立", { exact: true }).click();
    await page.waitForTimeout(200);
  }
  assert.ok(await dismissed.isChecked(), "the answer's outcome is chosen");
  await answer.getByLabel("答复", { exact: true }).fill("支委会复核：按 3 分计，维持初评");
  await j.capture("13-objection-answer.zh-CN.png");
  await answer.getByRole("button", { name: "答复" }).click();
  await answer.waitFor({ state: "detached" });
  await open.getByText("已答复").waitFor();
  await j.shoot("14-objection-answered");

  // The publicity ends: the platform's clock moves past the board's last day (no sleeping),
  // and the secretary confirms the board; what has no open objection now counts.
  await j.open("公示栏");
  const left = Number((await page.locator("[data-board]").filter({ hasText: branch }).first().getByText(/剩 \d+ 天/).first().textContent()).match(/剩 (\d+) 天/)[1]);
  let shifted = left + 1; // days the platform now runs ahead of this browser
  await moveClock(shifted);
  // days passed for the platform: the session ended after 12 idle hours, so sign in again
  await page.reload();
  await j.signInAs("secretary_01");
  await j.open("公示栏");
  const ended = page.locator("[data-board]").filter({ hasText: branch }).first();
  await ended.getByRole("button", { name: "确认公示结果" }).click();
  await page.getByText(/^已确认 \d+ 条；/).waitFor();
  await j.shoot("14b-board-confirmed");

  // Last year: the close waits for the committee's decision on the tie for 优秀.
  await j.open("期末结算");
  const close = page.getByRole("form", { name: "结算考评周期" });
  // The day defaults to a year ago: last year's period, which has ended.
  await close.getByRole("button", { name: "结算" }).click();
  await page.getByRole("status").getByRole("link").first().click();
  await page.getByRole("heading", { name: "考评周期结算" }).waitFor();
  const tie = page.getByRole("form", { name: /人并列第 1 名，优秀/ });
  await tie.waitFor();
  await j.shoot("15-period-tie");
  const places = Number((await tie.getAttribute("aria-label")).match(/还剩 (\d+) 个名额/)[1]);
  const boxes = tie.getByRole("checkbox");
  for (let i = 0; i < places; i += 1) await boxes.nth(i).check();
  await tie.getByLabel("议定理由").fill("支委会议定：按全年志愿服务次数");
  await tie.getByRole("button", { name: "记录议定结果" }).click();
  await page.getByText(/^保留等次：/).waitFor();
  await page.getByRole("row").filter({ hasText: "优秀" }).first().waitFor();
  assert.equal(await page.getByRole("row").filter({ hasText: "优秀" }).count(), places);
  // Filing waits for the results' publicity; the refusal says until when.
  await page.getByRole("button", { name: "报上级备案" }).click();
  const waitUntil = page.getByRole("alert").filter({ hasText: "公示" });
  await waitUntil.waitFor();
  await j.shoot("16-period-results");
  const closePage = page.url();

  // The results' publicity ends: the secretary files the year with the township committee.
  const fileAfterPublicity = async () => {
    const until = (await page.getByRole("alert").filter({ hasText: "公示" }).textContent()).match(/\d{4}-\d{2}-\d{2}/)[0];
    shifted = daysFromToday(until) + 1;
    await moveClock(shifted);
    await page.reload();
    await j.signInAs("secretary_01");
    await page.goto(closePage);
    await page.getByRole("heading", { name: "考评周期结算" }).waitFor();
    await page.getByRole("button", { name: "报上级备案" }).click();
    await page.getByText("已报上级备案").first().waitFor();
    await page.getByText("已报备", { exact: true }).first().waitFor();
    await j.signOut();
  };
  await fileAfterPublicity();

  // The township committee finds it in its filing inbox and returns it with what to correct.
  await j.signInAs("superior_01");
  await j.open("备案审核");
  const filed = page.getByRole("row").filter({ hasText: branch });
  await filed.getByText("已报备", { exact: true }).waitFor();
  await j.shoot("17-filing-inbox");
  await filed.getByRole("button", { name: "退回" }).click();
  const giveBack = page.getByRole("dialog");
  await giveBack.getByLabel("需要更正的内容").fill("请核对第四季度会议考勤后重新结算");
  await giveBack.getByRole("button", { name: "退回" }).click();
  await giveBack.waitFor({ state: "detached" });
  await filed.getByText("已退回", { exact: true }).waitFor(); // with the reason, until corrected
  await filed.getByText("请核对第四季度会议考勤后重新结算").waitFor();
  await j.signOut();

  // The secretary reads why, closes the year again (its results are publicised anew) and,
  // once that publicity is over, files it again; the committee accepts it.
  await j.signInAs("secretary_01");
  await page.goto(closePage);
  await page.getByRole("alert").filter({ hasText: "上级退回：请核对第四季度会议考勤后重新结算" }).waitFor();
  await j.shoot("16b-period-returned");
  await page.getByRole("button", { name: "重新结算" }).click();
  await page.getByText("已结算", { exact: true }).first().waitFor();
  await page.getByRole("button", { name: "报上级备案" }).click();
  await fileAfterPublicity();
  await j.signInAs("superior_01");
  await page.goto(closePage);
  await page.getByRole("button", { name: "接收备案" }).click();
  await page.getByText("已接收", { exact: true }).first().waitFor();
  // the timeline tells the whole story: filed, returned, closed again, filed, accepted
  const timeline = page.locator(".ant-timeline");
  for (const done of ["上级退回", "更正后重新结算", "上级接收"]) await timeline.getByText(new RegExp(`^${done} · `)).first().waitFor();
  assert.equal(await timeline.getByText(/^报上级备案 · /).count(), 2, "filed twice");
  await j.shoot("17b-filing-accepted");
  await j.open("备案审核");
  const accepted = page.getByRole("row").filter({ hasText: branch });
  await accepted.getByText("已接收", { exact: true }).waitFor();
  assert.equal(await accepted.getByText("请核对第四季度会议考勤后重新结算").count(), 0, "an accepted filing shows no stale return reason");

  // The rest of the township committee's screens: countersigning and host reports.
  await j.open("书记积分审核");
  await j.shoot("18-countersign");
  await j.open("流动党员函告");
  await j.shoot("19-host-reports");
  await j.signOut();

  // The county organisation department sees the whole tree: county → 5 committees → 30 branches.
  await j.signInAs("county_org");
  await j.open("组织架构");
  await page.getByText("共 36 个组织").waitFor();
  const levels = await page
    .getByRole("list", { name: "组织架构" })
    .getByRole("listitem")
    .evaluateAll((items) => items.map((li) => li.dataset.level));
  assert.deepEqual([0, 1, 2].map((level) => levels.filter((l) => l === String(level)).length), [1, 5, 30]);
  await j.shoot("20-org-tree");
  await j.open("公示栏");
  await j.shoot("21-boards-county");

  // The tenant administrator edits the ruleset: a mistake is marked at its line and nothing
  // is saved; the corrected draft is replayed over last year in the worker (what-if), then
  // published from tomorrow, and the two versions compared.
  await j.signOut();
  await j.signInAs("admin");
  await j.open("积分规则");
  await j.shoot("23-rulesets");
  await page.getByRole("link", { name: "永州市安监局党员量化积分" }).click();
  const yaml = page.getByRole("textbox", { name: "规则文本（YAML）" });
  await yaml.waitFor();
  await yaml.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nbogus_setting: 1");
  await page.getByRole("button", { name: "保存草稿" }).click();
  const mistakes = page.getByRole("alert").filter({ hasText: "处错误，未保存" });
  await mistakes.getByText(/^第 \d+ 行$/).waitFor();
  await page.locator(".cm-lint-marker-error").first().waitFor();
  await j.shoot("24-ruleset-error");
  await yaml.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  // CodeMirror's own search and replace: a volunteer service is worth 3 instead of 2.
  await page.keyboard.press("Control+f");
  await page.locator(".cm-search input[name=search]").fill("bucket: bonus, points: 2,");
  await page.locator(".cm-search input[name=replace]").fill("bucket: bonus, points: 3,");
  await page.locator(".cm-search button[name=replaceAll]").click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await page.getByRole("status").filter({ hasText: "草稿 v2 已保存" }).waitFor();
  await page.getByRole("tab", { name: "试算" }).click();
  const whatIf = page.getByRole("form", { name: "试算" });
  await j.choose(whatIf.getByLabel("组织"), branch, branch.slice(0, 4));
  await whatIf.getByRole("button", { name: "开始试算" }).click();
  const replayed = page.getByRole("status", { name: "试算结果" });
  await replayed.waitFor({ timeout: 60000 });
  await replayed.getByText(/按草稿 v2/).waitFor();
  await j.shoot("25-what-if");
  await page.getByRole("tab", { name: "发布" }).click();
  // A day after the platform's tomorrow (its clock runs ahead since the publicity ended;
  // the margin covers the platform's time zone).
  const tomorrow = new Date(Date.now() + (shifted + 2) * 86400000).toISOString().slice(0, 10);
  const from = page.getByLabel("生效日期");
  await from.click();
  await from.fill(tomorrow);
  await from.press("Enter"); // picks the day, and submits the form, as a keyboard user does
  const confirmPublish = page.getByRole("dialog");
  await confirmPublish.waitFor({ timeout: 5000 }).catch(() => page.getByRole("button", { name: "发布 v2…" }).click());
  await confirmPublish.getByText("自该日起对事项计分，已记的分不变。").waitFor();
  await confirmPublish.getByRole("button", { name: "发布" }).click();
  await confirmPublish.waitFor({ state: "detached" });
  await page.getByRole("list", { name: "版本" }).getByText("v2").waitFor();
  await page.locator(".cm-changedLine").first().waitFor();
  await j.shoot("26-ruleset-versions");

  // The member's journey on a phone: the menu is a drawer, tables are cards.
  await j.signOut();
  await page.setViewportSize(PHONE);
  await j.signInAs("recorder_01");
  await page.getByRole("button", { name: "打开菜单" }).click();
  await j.open("公示栏");
  await page.getByRole("listitem").filter({ hasText: "带头促进事业发展" }).first().waitFor();
  await j.capture("22-phone-boards.zh-CN.375.png");
  await page.setViewportSize(WIDE);

  const serious = j.axe.filter((v) => v.impact === "critical" || v.impact === "serious");
  for (const v of j.axe) console.log(`e2e: axe ${v.impact} ${v.id} ×${v.nodes} in ${v.file}: ${v.target}`);
  assert.deepEqual(problems, [], "no script errors in the page");
  assert.deepEqual(serious, [], "no serious accessibility problems");
  console.log(`e2e: ${j.shots.length} screenshots in ${artifacts}`);
}
