// The bearer token lives in sessionStorage: it ends with the browser tab, and every tab
// signs in on its own (a token is per tenant host anyway, as storage is per origin).
const KEY = "jifen.token";

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
