import { useEffect, useState } from "react";
import { clearToken, getToken } from "./auth";
import { gql, onSignedOut } from "./graphql";
import { ME_QUERY, MeContext, isReviewer, type Me } from "./me";
import { NAV, navigate, useLocation } from "./routes";
import { Boards } from "./screens/Boards";
import { Declarations } from "./screens/Declarations";
import { Home } from "./screens/Home";
import { OrgTree } from "./screens/OrgTree";
import { Results } from "./screens/Results";
import { Review } from "./screens/Review";
import { SignIn } from "./screens/SignIn";
import { Subjects } from "./screens/Subjects";

function Screen({ path }: { path: string }) {
  if (path === "/org") return <OrgTree />;
  if (path === "/subjects") return <Subjects />;
  if (path === "/declarations") return <Declarations />;
  if (path === "/review") return <Review />;
  if (path.startsWith("/boards")) return <Boards />;
  if (path === "/results") return <Results />;
  if (path === "/") return <Home />;
  return <p>页面不存在。</p>;
}

export function App() {
  const { path } = useLocation();
  const [token, setTokenState] = useState(getToken());
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    onSignedOut(() => setTokenState(null));
    return () => onSignedOut(null);
  }, []);

  useEffect(() => {
    if (!token) {
      setMe(null);
      return;
    }
    gql<{ me: Me | null }>(ME_QUERY)
      .then(({ me }) => {
        if (me) setMe(me);
        else signOut();
      })
      .catch((e: Error) => setError(e.message));
  }, [token]);

  function signOut() {
    clearToken();
    setTokenState(null);
    navigate("/");
  }

  if (!token) return <SignIn onSignedIn={() => setTokenState(getToken())} />;
  if (!me) return <main className="page">{error ? <p role="alert">{error}</p> : <p>加载中…</p>}</main>;

  return (
    <MeContext.Provider value={me}>
      <header className="topbar">
        <span className="brand">积分 Jifen</span>
        <nav aria-label="主菜单">
          {NAV.filter((item) => !("reviewersOnly" in item) || isReviewer(me)).map((item) => (
            <a
              key={item.path}
              href={item.path}
              aria-current={path === item.path ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(item.path);
              }}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <span className="who">
          {me.displayName || me.username}（{me.tenant}）
          <button type="button" className="link" onClick={signOut}>
            退出登录
          </button>
        </span>
      </header>
      <main className="page">
        <Screen path={path} />
      </main>
    </MeContext.Provider>
  );
}
