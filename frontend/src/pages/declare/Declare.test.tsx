import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, it } from "vitest";
import { connection, MEMBER, renderPage } from "../../test/render";
import { Declare } from "./Declare";

const WAIT = { timeout: 10000 };

it("opens the camera for a photo of the evidence, and lists it with the chosen files", async () => {
  renderPage(<Declare upload={async () => "RXZpZGVuY2U6MQ=="} />, {
    me: MEMBER,
    answers: { DeclarableSubjects: { subjects: connection([]) } },
  });
  const form = await screen.findByRole("form", { name: "申报积分" }, WAIT);
  const [camera, files] = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="file"]'));
  // a phone opens its rear camera at once for the first, and a picker for the second
  expect([camera.getAttribute("capture"), camera.accept]).toEqual(["environment", "image/*"]);
  expect(files.hasAttribute("capture")).toBe(false);
  expect(files.multiple).toBe(true);
  const user = userEvent.setup({ delay: null });
  await user.upload(camera, new File(["png"], "现场照片.png", { type: "image/png" }));
  await user.upload(files, new File(["pdf"], "证明材料.pdf", { type: "application/pdf" }));
  await waitFor(() => expect(within(form).getByText("现场照片.png")).toBeTruthy(), WAIT);
  expect(within(form).getByText("证明材料.pdf")).toBeTruthy();
  expect(within(form).getByRole("button", { name: /拍照/ })).toBeTruthy();
}, 30000);
