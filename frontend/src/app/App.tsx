import { Alert, Button, ConfigProvider, App as AntApp, Flex, Spin } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { Suspense, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, matchPath, Route, Routes, useLocation, useNavigate } from "react-router";
import { Provider, useQuery, type Client } from "urql";
import { graphql } from "../graphql";
import { requestErrorText } from "../lib/errors";
import { PUBLIC_ROUTES, ROUTES } from "../routes";
import { makeClient, onSignedOut } from "./client";
import { MeDocument } from "./documents";
import i18n from "./i18n";
import type { MeQuery } from "../graphql/graphql";
import { MeContext } from "./me";
import { Shell } from "./Shell";
import { TitlesProvider } from "./titles";
import { SignIn } from "../pages/signin/SignIn";
import { NotFound } from "../pages/home/NotFound";

// Secondary and description text darker than antd's defaults: WCAG AA (4.5:1) on white and on
// the layout's grey, which antd's 45 % black misses.
export const THEME = {
  token: {
    colorPrimary: "#b71c1c",
    colorLink: "#0958d9",
    borderRadius: 6,
    colorTextSecondary: "rgba(0, 0, 0, 0.68)",
    colorTextTertiary: "rgba(0, 0, 0, 0.62)",
    colorTextDescription: "rgba(0, 0, 0, 0.62)",
    colorError: "#cf1322",
  },
  components: {
    Menu: { groupTitleColor: "rgba(0, 0, 0, 0.62)" },
    // Preset tags write in their 7th shade on the 1st; for these colours that is under 4.5:1.
    Tag: { orange7: "#ad4e00", gold7: "#874d00", green7: "#237804", volcano7: "#ad2102", lime7: "#3f6600", cyan7: "#006d75", blue7: "#003eb3", red7: "#a8071a" },
  },
};

/** antd in the UI's language, the red theme, and antd's message/modal context. */
export function Providers({ children }: { children: React.ReactNode }) {
  const { i18n: current } = useTranslation();
  return (
    <ConfigProvider locale={current.language.startsWith("en") ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export const SignOutDocument = graphql(`
  mutation SignOut {
    signOut {
      signedOut
      errors {
        code
        message
      }
    }
  }
`);

function Waiting({ error, retry }: { error?: Parameters<typeof requestErrorText>[0]; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Flex justify="center" style={{ padding: 64 }}>
      {error ? (
        <Alert type="error" showIcon title={requestErrorText(error, t)} action={<Button size="small" onClick={retry}>{t("action.retry")}</Button>} />
      ) : (
        <Spin description={t("state.loading")} />
      )}
    </Flex>
  );
}

function SignedIn({ me, onSignOut }: { me: NonNullable<MeQuery["me"]>; onSignOut: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <MeContext.Provider value={me}>
      <TitlesProvider>
        <Shell
          onSignOut={() => {
            onSignOut();
            navigate("/");
          }}
        >
          <Suspense fallback={<Spin description={t("state.loading")} />}>
            <Routes>
              {ROUTES.map((r) => (
                <Route key={r.path} path={r.path} element={<r.page />} />
              ))}
              <Route path="*" element={<NotFound />} />
            </Routes>
          </Suspense>
        </Shell>
      </TitlesProvider>
    </MeContext.Provider>
  );
}

/** The public pages for anyone; everything else for whom the session cookie signs in (the
 * `me` query says who), or the sign-in, which returns here. */
function Gate({ onSignOut, onSignedIn }: { onSignOut: () => void; onSignedIn: () => void }) {
  const { pathname } = useLocation();
  const open = PUBLIC_ROUTES.find((r) => matchPath(r.path, pathname));
  const [{ data, error, fetching }, refetch] = useQuery({ query: MeDocument, requestPolicy: "network-only", pause: !!open });
  if (open) return <open.page />;
  if (data?.me) return <SignedIn me={data.me} onSignOut={onSignOut} />;
  if (data && !fetching) return <SignIn onSignedIn={onSignedIn} />;
  return <Waiting error={fetching ? undefined : error} retry={() => refetch()} />;
}

export function App({ client: given }: { client?: Client }) {
  // A new client per sign-in and sign-out: nothing cached from the last user reaches the next.
  const [session, setSession] = useState(0);
  const client = useMemo(() => given ?? makeClient(() => i18n.language), [given, session]); // eslint-disable-line react-hooks/exhaustive-deps
  const renew = () => setSession((n) => n + 1);
  useEffect(() => {
    onSignedOut(() => setSession((n) => n + 1));
    return () => onSignedOut(null);
  }, []);
  const signOut = () => {
    // the server ends the session; whatever it answers, the next client asks `me` again
    void client.mutation(SignOutDocument, {}).toPromise().finally(renew);
  };
  return (
    <Providers>
      <Provider value={client}>
        <BrowserRouter>
          <Gate key={session} onSignOut={signOut} onSignedIn={renew} />
        </BrowserRouter>
      </Provider>
    </Providers>
  );
}
