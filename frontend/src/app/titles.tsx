import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useQuery } from "urql";
import { NO_TITLES, Titles } from "../lib/titles";
import { RulesetTitlesDocument } from "./documents";

const TitlesContext = createContext<Titles>(NO_TITLES);

/** Reads the tenant's rulesets once per session (cache-first) for the titles of codes. */
export function TitlesProvider({ children }: { children: ReactNode }) {
  const [{ data }] = useQuery({ query: RulesetTitlesDocument, requestPolicy: "cache-first" });
  const titles = useMemo(() => (data ? new Titles(data.rulesets) : NO_TITLES), [data]);
  return <TitlesContext.Provider value={titles}>{children}</TitlesContext.Provider>;
}

export function useTitles(): Titles {
  return useContext(TitlesContext);
}

/** For tests: fixed titles without a query. */
export function StaticTitles({ titles, children }: { titles: Titles; children: ReactNode }) {
  return <TitlesContext.Provider value={titles}>{children}</TitlesContext.Provider>;
}
