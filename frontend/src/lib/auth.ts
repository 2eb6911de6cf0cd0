// The web app signs in with an HttpOnly session cookie (`signIn`): no script here ever holds
// the credential, and whether someone is signed in is what the `me` query answers. What the
// page does read is the `csrftoken` cookie: Django wants its value back in X-CSRFToken on
// every POST of a session (it renews it at sign-in, so it is read afresh each time).
export const CSRF_COOKIE = "csrftoken";

export function csrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** Headers and credentials for a same-origin request of the signed-in browser. */
export function sessionInit(headers: Record<string, string> = {}): { headers: Record<string, string>; credentials: RequestCredentials } {
  const token = csrfToken();
  return { headers: token ? { ...headers, "X-CSRFToken": token } : headers, credentials: "same-origin" };
}
