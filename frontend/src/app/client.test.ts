import { afterEach, expect, it, vi } from "vitest";
import { acceptLanguage, makeClient, onSignedOut, uploadEvidence } from "./client";
import { MeDocument } from "./documents";

afterEach(() => {
  onSignedOut(null);
  document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/";
});

function reply(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
}

it("sends the session cookie, its CSRF token and the UI language, never a bearer token", async () => {
  document.cookie = "csrftoken=csrf123; path=/";
  const fetchImpl = reply(200, { data: { me: null } });
  let language = "en-US";
  const client = makeClient(() => language, fetchImpl as unknown as typeof fetch);
  await client.query(MeDocument, {}, { requestPolicy: "network-only" }).toPromise();
  const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe("/graphql");
  expect(init.headers).toMatchObject({ "x-csrftoken": "csrf123", "accept-language": "en" });
  expect(init.headers).not.toHaveProperty("authorization");
  expect(init.credentials).toBe("same-origin");
  language = "zh-CN";
  await client.query(MeDocument, {}, { requestPolicy: "network-only" }).toPromise();
  expect((fetchImpl.mock.calls[1] as unknown as [string, RequestInit])[1].headers).toMatchObject({ "accept-language": "zh-CN,zh-Hans;q=0.9" });
});

it("tells the app when the server refuses the credentials", async () => {
  const listener = vi.fn();
  onSignedOut(listener);
  const client = makeClient(() => "zh-CN", reply(401, { error: "invalid_token" }) as unknown as typeof fetch);
  const result = await client.query(MeDocument, {}).toPromise();
  expect(result.error).toBeTruthy();
  expect(listener).toHaveBeenCalledOnce();
});

it("asks again when the server was busy, and gives up on other failures", async () => {
  const busy = { errors: [{ message: "The server is busy", extensions: { code: "BUSY" } }] };
  const fetchImpl = vi
    .fn()
    .mockResolvedValueOnce(new Response(JSON.stringify(busy), { status: 503, headers: { "Content-Type": "application/json" } }))
    .mockResolvedValueOnce(new Response(JSON.stringify({ data: { me: null } }), { status: 200, headers: { "Content-Type": "application/json" } }));
  const client = makeClient(() => "zh-CN", fetchImpl as unknown as typeof fetch);
  const result = await client.query(MeDocument, {}, { requestPolicy: "network-only" }).toPromise();
  expect(result.error).toBeUndefined();
  expect(fetchImpl).toHaveBeenCalledTimes(2);
  const refused = reply(500, { errors: [{ message: "boom" }] });
  const other = await makeClient(() => "zh-CN", refused as unknown as typeof fetch).query(MeDocument, {}).toPromise();
  expect(other.error).toBeTruthy();
  expect(refused).toHaveBeenCalledOnce();
});

it("maps the UI language to what the server knows", () => {
  expect(acceptLanguage("en-US")).toBe("en");
  expect(acceptLanguage("zh-CN")).toBe("zh-CN,zh-Hans;q=0.9");
});

it("uploads evidence with the session's CSRF token and returns its id", async () => {
  document.cookie = "csrftoken=csrf123; path=/";
  const fetchImpl = reply(201, { id: "RXZpZGVuY2U6MQ==" });
  const id = await uploadEvidence(new File(["x"], "photo.jpg", { type: "image/jpeg" }), "zh-CN", fetchImpl as unknown as typeof fetch);
  expect(id).toBe("RXZpZGVuY2U6MQ==");
  const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
  expect(url).toBe("/evidence");
  expect(init.headers).toMatchObject({ "X-CSRFToken": "csrf123" });
  expect(init.credentials).toBe("same-origin");
  expect((init.body as FormData).get("file")).toBeInstanceOf(File);
  await expect(uploadEvidence(new File(["x"], "a.exe"), "en", reply(400, { message: "Evidence must be an image." }) as unknown as typeof fetch)).rejects.toThrow("Evidence must be an image.");
});
