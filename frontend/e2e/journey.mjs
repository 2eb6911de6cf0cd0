// One user journey through the county demo tenant (see run.mjs).
import assert from "node:assert/strict";
import { join } from "node:path";

const PASSWORD = "jifen-demo";

async function signIn(page, base, username) {
  await page.goto(`${base}/`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("heading", { name: /^你好，/ }).waitFor();
}

async function signOut(page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await page.getByRole("button", { name: "登录" }).waitFor();
}

export async function journey({ browser, base, artifacts }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));

  // A wrong password is refused with the API's typed error, next to the form.
  await page.goto(`${base}/`);
  await page.getByLabel("用户名").fill("secretary_01");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("alert").waitFor();

  // The branch secretary signs in and sees their role and branch.
  await signIn(page, base, "secretary_01");
  const secretaryRow = page.getByRole("row").filter({ hasText: "支部书记" });
  await secretaryRow.waitFor();
  const branch = (await secretaryRow.locator("td").nth(1).textContent()).trim();
  assert.match(branch, /党支部$/, "the secretary's unit is a party branch");
  const secretaryName = (await page.getByRole("heading", { name: /^你好，/ }).textContent()).replace("你好，", "");

  // The organisation tree shows the branch.
  await page.getByRole("link", { name: "组织架构" }).click();
  const tree = page.getByRole("list", { name: "组织架构" });
  await tree.getByRole("link", { name: branch }).waitFor();
  assert.equal(await tree.getByRole("listitem").count(), 1, "a secretary sees their own branch only");

  // Subjects: the branch's members (20, and floating members it hosts).
  await page.getByRole("link", { name: "积分对象" }).click();
  const count = await page.getByText(/^共 \d+ 个/).textContent();
  assert.ok(Number(count.match(/\d+/)[0]) >= 20, `the branch lists its members: ${count}`);

  // Declare an item for another member of the branch.
  await page.getByRole("link", { name: "申报", exact: true }).click();
  const form = page.getByRole("form", { name: "申报" });
  const subjectSelect = form.getByLabel("申报对象");
  await subjectSelect.locator("option").nth(2).waitFor({ state: "attached" });
  const options = await subjectSelect.locator("option").evaluateAll((els) =>
    els.map((o) => ({ value: o.value, text: o.textContent })),
  );
  const member = options.find((o) => o.value && !o.text.startsWith(`${secretaryName}（`));
  assert.ok(member, "the branch has a member other than the secretary");
  const memberName = member.text.replace(/（.*$/, "");
  await subjectSelect.selectOption(member.value);
  const itemSelect = form.getByLabel("积分事项");
  await itemSelect.locator('option[value="task_not_done"]').waitFor({ state: "attached" });
  await itemSelect.selectOption("task_not_done");
  await form.getByLabel("说明").fill("三季度支部分配的走访任务未完成");
  await form.getByRole("button", { name: "提交申报" }).click();
  const confirmation = await form.getByRole("status").textContent();
  assert.equal(confirmation, `已提交申报：${memberName} · 完不成党组织分配工作任务，等待审核。`);
  const declared = page.getByRole("row").filter({ hasText: memberName }).filter({ hasText: "task_not_done" });
  await declared.waitFor();
  assert.match(await declared.textContent(), /已申报/);
  await page.screenshot({ path: join(artifacts, "1-declared.png"), fullPage: true });

  // The secretary may not review their own declaration: it is not in their queue.
  await page.getByRole("link", { name: "审核" }).click();
  await page.getByText("没有待审核的申报。").waitFor();
  await signOut(page);

  // The branch supervisor finds it in the review queue and accepts it.
  await signIn(page, base, "supervisor_01");
  await page.getByRole("link", { name: "审核" }).click();
  const queued = page.getByRole("row").filter({ hasText: memberName }).filter({ hasText: "task_not_done" });
  await queued.waitFor();
  assert.match(await queued.textContent(), new RegExp(`${branch}.*${secretaryName}.*代为记录`));
  await page.screenshot({ path: join(artifacts, "2-review-queue.png"), fullPage: true });
  await queued.getByRole("button", { name: "通过" }).click();
  await queued.waitFor({ state: "detached" });

  // Accepted: the points are booked and the declaration shows it.
  await page.getByRole("link", { name: "申报", exact: true }).click();
  const reviewed = page.getByRole("row").filter({ hasText: memberName }).filter({ hasText: "task_not_done" });
  await reviewed.getByText("初审通过").waitFor();
  await page.screenshot({ path: join(artifacts, "3-accepted.png"), fullPage: true });

  await signOut(page);

  // The county organisation department sees the whole tree: county → 5 committees → 30 branches.
  await signIn(page, base, "county_org");
  await page.getByRole("link", { name: "组织架构" }).click();
  await page.getByText("共 36 个组织").waitFor();
  const levels = await page
    .getByRole("list", { name: "组织架构" })
    .getByRole("listitem")
    .evaluateAll((items) => items.map((li) => li.dataset.level));
  assert.deepEqual(
    [0, 1, 2].map((level) => levels.filter((l) => l === String(level)).length),
    [1, 5, 30],
  );
  await page.screenshot({ path: join(artifacts, "4-org-tree.png") });
  for (const [link, heading] of [["公示栏", "公示栏"], ["考评结果", "考评结果"]]) {
    await page.getByRole("link", { name: link }).click();
    await page.getByRole("heading", { name: heading, exact: true }).waitFor();
  }

  assert.deepEqual(problems, [], "no script errors in the page");
  await page.close();
}
