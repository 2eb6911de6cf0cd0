// Plain-fetch GraphQL client for `/graphql` on the same host (the host names the tenant).
import { clearToken, getToken } from "./auth";

/** A typed error of a mutation payload (`errors { field code message }`). */
export type FieldError = { field: string | null; code: string; message: string };

/** The request failed as a whole: network, HTTP status, or GraphQL `errors`. */
export class ApiError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** The token is unknown, revoked or of another tenant: sign in again. */
export class SignedOutError extends ApiError {
  constructor(message = "登录已失效，请重新登录。") {
    super(message, 401);
    this.name = "SignedOutError";
  }
}

type Options = { fetchImpl?: typeof fetch; endpoint?: string };

let signedOutListener: (() => void) | null = null;

/** Called (once per failure) when the server refuses the token. */
export function onSignedOut(listener: (() => void) | null): void {
  signedOutListener = listener;
}

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  { fetchImpl = fetch, endpoint = "/graphql" }: Options = {},
): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetchImpl(endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit", // bearer only: a session cookie would demand CSRF
    });
  } catch {
    throw new ApiError("无法连接服务器，请检查网络后重试。");
  }
  let body: { data?: T | null; errors?: { message: string }[]; message?: string } | null = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 401) {
    clearToken();
    signedOutListener?.();
    throw new SignedOutError();
  }
  if (body?.errors?.length) {
    throw new ApiError(body.errors.map((e) => e.message).join("；"), response.status);
  }
  if (!response.ok || !body || body.data == null) {
    const detail = body?.message ? `：${body.message}` : "";
    throw new ApiError(`服务器返回错误 ${response.status}${detail}`, response.status);
  }
  return body.data;
}

/** Field errors by field (null: the whole input), for showing each next to its input. */
export function errorsByField(errors: FieldError[]): Map<string | null, FieldError[]> {
  const grouped = new Map<string | null, FieldError[]>();
  for (const error of errors) {
    const list = grouped.get(error.field) ?? [];
    list.push(error);
    grouped.set(error.field, list);
  }
  return grouped;
}

/** Upload one evidence file (POST /evidence); returns its id for `declarationSubmit`. */
export async function uploadEvidence(file: File, fetchImpl: typeof fetch = fetch): Promise<string> {
  const form = new FormData();
  form.append("file", file);
  const token = getToken();
  const response = await fetchImpl("/evidence", {
    method: "POST",
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    credentials: "omit",
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body?.id) {
    throw new ApiError(body?.message ?? `上传失败（${response.status}）`, response.status);
  }
  return body.id as string;
}
