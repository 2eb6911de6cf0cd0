import { afterEach, describe, expect, it, vi } from "vitest";
import { getToken, setToken } from "./auth";
import { ApiError, SignedOutError, errorsByField, gql, onSignedOut } from "./graphql";

function reply(status: number, body: unknown): typeof fetch {
  return vi.fn(async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status }),
  ) as unknown as typeof fetch;
}

async function failure(request: Promise<unknown>): Promise<ApiError> {
  try {
    await request;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("the request did not fail");
}

afterEach(() => {
  sessionStorage.clear();
  onSignedOut(null);
});

describe("gql", () => {
  it("posts the query with the bearer token and returns data", async () => {
    setToken("jf_abc");
    const fetchImpl = reply(200, { data: { me: { username: "secretary_01" } } });
    const data = await gql<{ me: { username: string } }>("{ me { username } }", { a: 1 }, { fetchImpl });
    expect(data).toEqual({ me: { username: "secretary_01" } });
    const [url, init] = (fetchImpl as unknown as ReturnType<typeof vi.fn>).mock.calls[0];
    expect(url).toBe("/graphql");
    expect(init.method).toBe("POST");
    expect(init.headers).toEqual({ "Content-Type": "application/json", Authorization: "Bearer jf_abc" });
    expect(JSON.parse(init.body)).toEqual({ query: "{ me { username } }", variables: { a: 1 } });
  });

  it("sends no Authorization header when signed out", async () => {
    const fetchImpl = reply(200, { data: { me: null } });
    await gql("{ me { username } }", {}, { fetchImpl });
    const init = (fetchImpl as unknown as ReturnType<typeof vi.fn>).mock.calls[0][1];
    expect(init.headers).toEqual({ "Content-Type": "application/json" });
  });

  it("throws the GraphQL errors' messages together", async () => {
    const fetchImpl = reply(400, { errors: [{ message: "Cannot query field 'x'." }, { message: "Depth." }] });
    const error = await failure(gql("{ x }", {}, { fetchImpl }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("Cannot query field 'x'.；Depth.");
    expect(error.status).toBe(400);
  });

  it("forgets a refused token and tells the app to sign in again", async () => {
    setToken("jf_revoked");
    const listener = vi.fn();
    onSignedOut(listener);
    const fetchImpl = reply(401, { error: "invalid_token", message: "The bearer token is unknown." });
    const error = await failure(gql("{ me { username } }", {}, { fetchImpl }));
    expect(error).toBeInstanceOf(SignedOutError);
    expect(error.message).toBe("登录已失效，请重新登录。");
    expect(getToken()).toBeNull();
    expect(listener).toHaveBeenCalledOnce();
  });

  it("reports a server error page by its status", async () => {
    const error = await failure(gql("{ me { username } }", {}, { fetchImpl: reply(502, "<html>Bad gateway</html>") }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("服务器返回错误 502");
  });

  it("reports a network failure in words", async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    const error = await failure(gql("{ me { username } }", {}, { fetchImpl }));
    expect(error.message).toBe("无法连接服务器，请检查网络后重试。");
    expect(error.status).toBeNull();
  });
});

describe("errorsByField", () => {
  it("groups typed errors by field, null for the whole input", () => {
    const grouped = errorsByField([
      { field: "subject", code: "NOT_FOUND", message: "No subject." },
      { field: null, code: "INVALID_STATE", message: "Closed." },
      { field: "subject", code: "INVALID_STATE", message: "Left." },
    ]);
    expect(grouped.get("subject")?.map((e) => e.message)).toEqual(["No subject.", "Left."]);
    expect(grouped.get(null)?.map((e) => e.code)).toEqual(["INVALID_STATE"]);
  });
});
