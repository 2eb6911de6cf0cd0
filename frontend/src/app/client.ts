// The one GraphQL client: urql against `/graphql` on the tenant's own host, with the session
// cookie, its CSRF token and the UI language (the API answers refusals in it).
import { retryExchange } from "@urql/exchange-retry";
import { Client, cacheExchange, fetchExchange, type CombinedError } from "urql";
import { sessionInit } from "../lib/auth";

let signedOut: (() => void) | null = null;

/** Called when the server refuses the credentials (401: a bearer token it does not know). */
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
    if (response.status === 401) signedOut?.();
    return response;
  };
  return new Client({
    url: "/graphql",
    exchanges: [cacheExchange, retryExchange({ initialDelayMs: 500, maxDelayMs: 5000, maxNumberAttempts: 4, retryIf: isBusy }), fetchExchange],
    fetch: fetchWithSignOut,
    requestPolicy: "cache-and-network",
    preferGetMethod: false,
    fetchOptions: () => sessionInit({ "Accept-Language": acceptLanguage(language()) }),
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
  const response = await fetchImpl("/evidence", { method: "POST", body: form, ...sessionInit({ "Accept-Language": acceptLanguage(language) }) });
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
