// A tiny history router. Every top-level path here must be in CLIENT_ROUTES of
// platform/jifen/frontend.py, so that a reload on it gets the app from Django.
import { useSyncExternalStore } from "react";

export const NAV = [
  { path: "/", label: "首页" },
  { path: "/org", label: "组织架构" },
  { path: "/subjects", label: "积分对象" },
  { path: "/declarations", label: "申报" },
  { path: "/review", label: "审核", reviewersOnly: true },
  { path: "/boards", label: "公示栏" },
  { path: "/results", label: "考评结果" },
] as const;

const CHANGE = "jifen:navigate";

function subscribe(callback: () => void): () => void {
  window.addEventListener("popstate", callback);
  window.addEventListener(CHANGE, callback);
  return () => {
    window.removeEventListener("popstate", callback);
    window.removeEventListener(CHANGE, callback);
  };
}

export function useLocation(): { path: string; params: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  const url = new URL(href, "http://x");
  return { path: url.pathname, params: url.searchParams };
}

export function navigate(to: string): void {
  window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
}
