// The one GraphQL client: urql against `/graphql` on the tenant's own host, with the bearer
// token and the UI language (the API answers refusals in it).
import { retryExchange } from "@urql/exchange-retry";
import { Client, cacheExchange, fetchExchange, type CombinedError } from "urql";
import { clearToken, getToken } from "../lib/auth";

let signedOut: (() => void) | null = null;

/** Called when the server refuses the token (unknown, revoked, another tenant's). */
export function onSignedOut(listener: (() => void) | null): void {
  signedOut = listener;
}

/** `Accept-Language` for a UI language: the server knows zh-hans and en. */
export function acceptLanguage(language: string): string {
  return language.startsWith("en") ? "en" : "zh-CN,zh-Hans;q=0.9";
}

export function makeClient(language: () => string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Client {
  const fetchWithSignOut: typeof fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.status === 401) {
      clearToken();
      signedOut?.();
    }
    return response;
  };
  return new Client({
    url: "/graphql",
    exchanges: [cacheExchange, retryExchange({ initialDelayMs: 500, maxDelayMs: 5000, maxNumberAttempts: 4, retryIf: isBusy }), fetchExchange],
    fetch: fetchWithSignOut,
    requestPolicy: "cache-and-network",
    preferGetMethod: false,
    fetchOptions: () => {
      const headers: Record<string, string> = { "Accept-Language": acceptLanguage(language()) };
      const token = getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
      // bearer only: a session cookie would demand CSRF
      return { headers, credentials: "omit" };
    },
  });
}

/** The server refused the request unrun (BUSY, 503: all its GraphQL slots were taken, or it
 * was starting): safe to send again, mutations included, after a short wait. */
export function isBusy(error: CombinedError): boolean {
  return (error.response as Response | undefined)?.status === 503;
}

/** Upload one evidence file (POST /evidence); returns its id for `declarationSubmit`. */
export async function uploadEvidence(file: File, language: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const form = new FormData();
  form.append("file", file);
  const headers: Record<string, string> = { "Accept-Language": acceptLanguage(language) };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetchImpl("/evidence", { method: "POST", body: form, headers, credentials: "omit" });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body?.id) throw new UploadError(body?.message ?? "", response.status);
  return body.id as string;
}

export class UploadError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = "UploadError";
    this.status = status;
  }
}
