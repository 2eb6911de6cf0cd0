import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it, vi } from "vitest";
import { renderPage } from "../../test/render";
import { SignIn } from "./SignIn";

const noErrors = { errors: [] };

it("offers only the password form where the light login is off", async () => {
  renderPage(<SignIn onSignedIn={() => {}} />, { answers: { SignInOptions: { signInOptions: { lightLogin: "OFF" } } } });
  expect(await screen.findByLabelText("用户名")).toBeTruthy();
  expect(screen.queryByRole("tab", { name: "成员登录" })).toBeNull();
  expect(screen.queryByLabelText("身份证后四位")).toBeNull();
});

it("signs a member in with name, last four and the code sent", async () => {
  const onSignedIn = vi.fn();
  const { calls } = renderPage(<SignIn onSignedIn={onSignedIn} />, {
    answers: {
      SignInOptions: { signInOptions: { lightLogin: "CODE" } },
      LightCodeSend: { lightCodeSend: { sentTo: "139****5678", ...noErrors } },
      LightSignIn: (v: Record<string, unknown>) => ({
        lightSignIn:
          v.code === "123456"
            ? { user: { username: "member_1" }, ...noErrors }
            : { user: null, errors: [{ field: "code", code: "AUTHENTICATION_FAILED", message: "验证码错误、已使用或已过期；请重新获取。" }] },
      }),
    },
  });
  const user = userEvent.setup({ delay: null });
  await user.type(await screen.findByLabelText("姓名"), "村民王五");
  await user.type(screen.getByLabelText("身份证后四位"), "567x");
  await user.click(screen.getByRole("button", { name: "获取验证码" }));
  expect(await screen.findByText("验证码已发送至 139****5678，10 分钟内有效")).toBeTruthy();
  expect(calls.find((c) => c.name === "LightCodeSend")?.variables).toEqual({ personName: "村民王五", idCardLast4: "567X" });
  expect(screen.getByRole("button", { name: /秒后可重发/ })).toHaveProperty("disabled", true);
  await user.type(screen.getByLabelText("验证码"), "000000");
  await user.click(screen.getByRole("button", { name: /登\s?录/ }));
  expect(await screen.findByText("验证码错误、已使用或已过期；请重新获取。")).toBeTruthy();
  expect(onSignedIn).not.toHaveBeenCalled();
  await user.clear(screen.getByLabelText("验证码"));
  await user.type(screen.getByLabelText("验证码"), "123456");
  await user.click(screen.getByRole("button", { name: /登\s?录/ }));
  await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
  expect(calls.filter((c) => c.name === "LightSignIn").map((c) => c.variables.code)).toEqual(["000000", "123456"]);
}, 60000);

it("asks for the password where the tenant uses passwords, and keeps the staff form", async () => {
  const { calls } = renderPage(<SignIn onSignedIn={() => {}} />, {
    answers: {
      SignInOptions: { signInOptions: { lightLogin: "PASSWORD" } },
      LightSignIn: { lightSignIn: { user: { username: "member_2" }, ...noErrors } },
    },
  });
  const user = userEvent.setup({ delay: null });
  await user.type(await screen.findByLabelText("姓名"), "李强");
  await user.type(screen.getByLabelText("身份证后四位"), "1234");
  expect(screen.queryByRole("button", { name: "获取验证码" })).toBeNull();
  await user.type(screen.getByLabelText("密码"), "my-own-pass-7");
  await user.click(screen.getByRole("button", { name: /登\s?录/ }));
  await waitFor(() => expect(calls.some((c) => c.name === "LightSignIn")).toBe(true));
  expect(calls.find((c) => c.name === "LightSignIn")?.variables).toMatchObject({ personName: "李强", idCardLast4: "1234", password: "my-own-pass-7" });
  await user.click(screen.getByRole("tab", { name: "工作人员登录" }));
  expect(await screen.findByLabelText("用户名")).toBeTruthy();
}, 60000);

it("lists the demo's logins while the demo runs and fills the username with one", async () => {
  renderPage(<SignIn onSignedIn={() => {}} />, {
    answers: {
      SignInOptions: {
        signInOptions: {
          lightLogin: "CODE",
          demoLogins: [
            { username: "member_0101", role: "member", unit: "辽阳村党支部" },
            { username: "parent_01", role: "parent", unit: "一年级一班" },
          ],
        },
      },
    },
  });
  const list = await screen.findByRole("list", { name: "演示账号" });
  expect(list.textContent).toContain("党员/成员");
  expect(list.textContent).toContain("parent");
  const user = userEvent.setup({ delay: null });
  await user.click(screen.getByRole("button", { name: "使用 member_0101" }));
  expect((await screen.findByLabelText("用户名") as HTMLInputElement).value).toBe("member_0101");
});

it("lists no demo logins outside the demo", async () => {
  renderPage(<SignIn onSignedIn={() => {}} />, { answers: { SignInOptions: { signInOptions: { lightLogin: "OFF", demoLogins: [] } } } });
  expect(await screen.findByLabelText("用户名")).toBeTruthy();
  expect(screen.queryByRole("list", { name: "演示账号" })).toBeNull();
});
