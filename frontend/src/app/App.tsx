import { Alert, Button, ConfigProvider, App as AntApp, Flex, Spin } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Route, Routes, useNavigate } from "react-router";
import { Provider, useQuery, type Client } from "urql";
import { clearToken, getToken } from "../lib/auth";
import { requestErrorText } from "../lib/errors";
import { ROUTES } from "../routes";
import { makeClient, onSignedOut } from "./client";
import { MeDocument } from "./documents";
import i18n from "./i18n";
import { MeContext } from "./me";
import { Shell } from "./Shell";
import { TitlesProvider } from "./titles";
import { SignIn } from "../pages/signin/SignIn";
import { NotFound } from "../pages/home/NotFound";

export const THEME = { token: { colorPrimary: "#b71c1c", borderRadius: 6 } };

/** antd in the UI's language, the red theme, and antd's message/modal context. */
export function Providers({ children }: { children: React.ReactNode }) {
  const { i18n: current } = useTranslation();
  return (
    <ConfigProvider locale={current.language.startsWith("en") ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function SignedIn({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: MeDocument, requestPolicy: "network-only" });
  const navigate = useNavigate();
  useEffect(() => {
    if (data && !data.me) onSignOut();
  }, [data, onSignOut]);
  if (!data?.me) {
    return (
      <Flex justify="center" style={{ padding: 64 }}>
        {error && !fetching ? (
          <Alert type="error" showIcon title={requestErrorText(error, t)}
            action={<Button size="small" onClick={() => refetch()}>{t("action.retry")}</Button>} />
        ) : (
          <Spin description={t("state.loading")} />
        )}
      </Flex>
    );
  }
  return (
    <MeContext.Provider value={data.me}>
      <TitlesProvider>
        <Shell
          onSignOut={() => {
            onSignOut();
            navigate("/");
          }}
        >
          <Routes>
            {ROUTES.map((r) => (
              <Route key={r.path} path={r.path} element={<r.page />} />
            ))}
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Shell>
      </TitlesProvider>
    </MeContext.Provider>
  );
}

export function App({ client: given }: { client?: Client }) {
  const [token, setTokenState] = useState(getToken());
  // A new client per sign-in: nothing cached from the last user reaches the next.
  const client = useMemo(() => given ?? makeClient(() => i18n.language), [given, token]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    onSignedOut(() => setTokenState(null));
    return () => onSignedOut(null);
  }, []);
  const signOut = () => {
    clearToken();
    setTokenState(null);
  };
  return (
    <Providers>
      <Provider value={client}>
        <BrowserRouter>
          {token ? <SignedIn onSignOut={signOut} /> : <SignIn onSignedIn={() => setTokenState(getToken())} />}
        </BrowserRouter>
      </Provider>
    </Providers>
  );
}
