// Render a page as the app does (antd in the UI's language, a router, a signed-in user,
// ruleset titles) against a fake GraphQL client that answers by operation name.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { CombinedError, Provider, type Client, type OperationResult } from "urql";
import { concat, fromValue, never, pipe, delay, map } from "wonka";
import { vi } from "vitest";
import { Providers } from "../app/App";
import { MeContext, type Me } from "../app/me";
import { StaticTitles } from "../app/titles";
import { Titles, type RulesetText } from "../lib/titles";

export type Answer = unknown | ((variables: Record<string, unknown>) => unknown);
/** Answers by operation name: data, a function of the variables, `LOADING`, or `failure()`. */
export type Answers = Record<string, Answer>;

export const LOADING = Symbol("loading");
const FAILURE = Symbol("failure");
export function failure(message: string) {
  return { [FAILURE]: message };
}

export const SECRETARY: Me = {
  username: "secretary_01",
  displayName: "王芳",
  tenant: "county",
  isSuperuser: false,
  subjectId: "U3ViamVjdDo1",
  householdId: null,
  childCount: 0,
  roles: [
    { role: "MEMBER", unit: { id: "T3JnVW5pdDo3", name: "城关镇辽阳村党支部", kind: "BRANCH" } },
    { role: "SECRETARY", unit: { id: "T3JnVW5pdDo3", name: "城关镇辽阳村党支部", kind: "BRANCH" } },
  ],
};
export const MEMBER: Me = { ...SECRETARY, username: "member_0101", displayName: "李强", roles: [SECRETARY.roles[0]] };
export const SUPERIOR: Me = {
  ...SECRETARY,
  username: "superior_01",
  displayName: "城关镇党委组织委员",
  roles: [{ role: "SUPERIOR", unit: { id: "T3JnVW5pdDoy", name: "城关镇党委", kind: "COMMITTEE" } }],
};

export const RULESET: RulesetText = {
  code: "yongzhou-safety-bureau",
  title: "永州市安监局党员量化积分",
  versions: [
    {
      number: 1,
      text: `ruleset: yongzhou-safety-bureau
subject:
  categories:
    - {code: member, title: 党员(含预备党员)}
buckets:
  - {code: basic, title: 基础积分}
  - {code: duty, title: 履职积分}
  - {code: bonus, title: 加分项目}
items:
  - {code: task_not_done, title: 完不成党组织分配工作任务, bucket: duty, points: -1}
  - {code: career_lead, title: 带头促进事业发展, bucket: bonus, points_range: [2, 5]}
  - {code: party_day_absent, title: 无正当理由不参加党员主题活动日, bucket: basic, points: -2}
scoring:
  grades:
    - {code: excellent, title: 优秀, min: 90}
    - {code: qualified, title: 合格, min: 70, below: 90}
`,
    },
  ],
};

export function fakeClient(answers: Answers) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const respond = (operation: { query: unknown; variables?: unknown; kind: string }) => {
    const doc = operation.query as { definitions: { kind: string; name?: { value: string } }[] };
    const name = doc.definitions.find((d) => d.kind === "OperationDefinition")?.name?.value ?? "";
    const variables = (operation.variables ?? {}) as Record<string, unknown>;
    calls.push({ name, variables });
    if (!(name in answers)) throw new Error(`no answer for ${name}`);
    const answer = answers[name];
    const value = typeof answer === "function" ? (answer as (v: Record<string, unknown>) => unknown)(variables) : answer;
    if (value === LOADING) return never;
    const result = (value && typeof value === "object" && FAILURE in value
      ? { operation, data: undefined, error: new CombinedError({ graphQLErrors: [(value as Record<symbol, string>)[FAILURE]] }), stale: false, hasNext: false }
      : { operation, data: value, error: undefined, stale: false, hasNext: false }) as unknown as OperationResult;
    // A real client's query source stays open; one that ends makes urql drop an error it reported.
    const source = operation.kind === "mutation" ? fromValue(result) : concat([fromValue(result), never]);
    return pipe(source, delay(1), map((r) => r));
  };
  const client = {
    executeQuery: vi.fn((operation) => respond(operation)),
    executeMutation: vi.fn((operation) => respond({ ...operation, kind: "mutation" })),
    executeSubscription: vi.fn(() => never),
  } as unknown as Client;
  return { client, calls };
}

export function renderPage(
  page: ReactElement,
  { answers = {}, me = SECRETARY, path = "/", route = "*", titles = new Titles([RULESET]) }: { answers?: Answers; me?: Me; path?: string; route?: string; titles?: Titles } = {},
) {
  const { client, calls } = fakeClient(answers);
  const view = render(
    <Providers>
      <Provider value={client}>
        <MeContext.Provider value={me}>
          <StaticTitles titles={titles}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path={route} element={page} />
              </Routes>
            </MemoryRouter>
          </StaticTitles>
        </MeContext.Provider>
      </Provider>
    </Providers>,
  );
  return { ...view, client, calls };
}

/** A connection as the API returns it. */
export function connection<T>(nodes: T[], totalCount = nodes.length) {
  return { totalCount, edges: nodes.map((node) => ({ node })) };
}
