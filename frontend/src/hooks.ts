import { useCallback, useEffect, useState } from "react";
import { gql } from "./graphql";

export type QueryState<T> = {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
};

/** Run a query when `variables` change (compared as JSON); `reload()` runs it again. */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}): QueryState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    setLoading(true);
    gql<T>(query, JSON.parse(key))
      .then((result) => live && (setData(result), setError(null)))
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [query, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export type Edges<T> = { totalCount: number; edges: { node: T }[] };

export function nodes<T>(connection: Edges<T> | null | undefined): T[] {
  return connection ? connection.edges.map((e) => e.node) : [];
}
