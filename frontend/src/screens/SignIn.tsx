import { useState, type FormEvent } from "react";
import { setToken } from "../auth";
import { ErrorList } from "../components";
import { gql, type FieldError } from "../graphql";

const TOKEN_CREATE = `mutation SignIn($username: String!, $password: String!) {
  tokenCreate(username: $username, password: $password, name: "web") {
    token errors { field code message } } }`;

type Payload = { tokenCreate: { token: string | null; errors: FieldError[] } };

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<(FieldError | string)[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    try {
      const { tokenCreate } = await gql<Payload>(TOKEN_CREATE, { username, password });
      if (tokenCreate.token) {
        setToken(tokenCreate.token);
        onSignedIn();
      } else {
        setErrors(tokenCreate.errors);
      }
    } catch (e) {
      setErrors([(e as Error).message]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <form className="card" onSubmit={submit} aria-label="登录">
        <h1>积分制管理 · 登录</h1>
        <p className="muted">单位：{window.location.hostname.split(".")[0]}</p>
        <label>
          用户名
          <input name="username" autoComplete="username" value={username} required
            onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          密码
          <input name="password" type="password" autoComplete="current-password" value={password} required
            onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorList errors={errors} />
        <button type="submit" disabled={busy}>
          {busy ? "登录中…" : "登录"}
        </button>
      </form>
    </main>
  );
}
