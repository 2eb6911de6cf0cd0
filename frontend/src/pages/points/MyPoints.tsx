// A subject's points: its accounts over the periods (newest first), the balance of the
// chosen one by bucket, and every entry with its explanation (which rule, which version of
// which ruleset, who decided). `/subjects/mine` shows the signed-in user's own (me.subjectId).
import { Alert, Card, Descriptions, Flex, Select, Space, Statistic, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { EnumTag } from "../../components/EnumTag";
import { Points } from "../../components/Points";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { ResultGrade, ResultTotal } from "../../components/ResultTable";
import { graphql } from "../../graphql";
import type { AccountsQuery } from "../../graphql/graphql";
import { formatDate, formatDateTime, formatPoints } from "../../lib/format";

export const AccountsDocument = graphql(`
  query Accounts($subject: ID) {
    accounts(subject: $subject, first: 20) {
      totalCount
      edges {
        node {
          id
          periodStart
          periodEnd
          ruleset
          closedAt
          subject {
            id
            name
            category
            homeUnit {
              name
            }
            hostUnit {
              name
            }
          }
          balance {
            total
            counted
            vetoes
            buckets {
              bucket
              points
            }
          }
          entries {
            id
            seq
            kind
            occurredOn
            item
            bucket
            points
            rawPoints
            rule
            rulesetVersion
            reason
            veto
            createdAt
            decidedBy {
              username
              displayName
              isSystem
            }
            reverses {
              seq
            }
          }
        }
      }
    }
  }
`);

export const SubjectResultsDocument = graphql(`
  query SubjectResults($subject: ID!) {
    subjectResults(subject: $subject) {
      id
      total
      grade
      rank
      stars
      vetoed
      close {
        id
        periodStart
        periodEnd
        ruleset
        status
        unit {
          name
        }
      }
    }
  }
`);

type Account = NonNullable<NonNullable<AccountsQuery["accounts"]>["edges"][number]>["node"] & {};
type Entry = NonNullable<Account>["entries"][number];

export function MyPoints() {
  const { id } = useParams();
  const me = useMe();
  const { t } = useTranslation();
  const subject = id ?? me.subjectId;
  if (!subject) {
    return (
      <>
        <Typography.Title level={1}>{t("points.title")}</Typography.Title>
        <Alert type="info" showIcon title={t("points.noOwnSubject")} action={<Link to="/subjects">{t("nav.subjects")}</Link>} />
      </>
    );
  }
  return <AccountsView subject={subject} mine={!id} />;
}

export function AccountsView({ subject, mine }: { subject: string | undefined; mine: boolean }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const [{ data, fetching, error }, refetch] = useQuery({ query: AccountsDocument, variables: { subject } });
  const accounts = (data?.accounts?.edges ?? []).map((e) => e?.node).filter((a): a is NonNullable<typeof a> => Boolean(a));
  const sorted = [...accounts].sort((a, b) => b.periodStart.localeCompare(a.periodStart));
  const [chosen, setChosen] = useState<string | null>(null);
  const account = sorted.find((a) => a.id === chosen) ?? sorted[0];
  const name = account?.subject.name;
  return (
    <>
      <Typography.Title level={1}>{mine ? t("points.title") : t("points.titleOf", { name: name ?? "" })}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!sorted.length} emptyText={t("points.empty")} retry={() => refetch({ requestPolicy: "network-only" })}>
        {account && (
          <Flex vertical gap={16}>
            <Card size="small">
              <Flex wrap gap={16} align="center" justify="space-between">
                <Space wrap>
                  <Typography.Text strong>{account.subject.name}</Typography.Text>
                  <Tag>{titles.category(account.subject.category, account.ruleset)}</Tag>
                  <Typography.Text type="secondary">{(account.subject.hostUnit ?? account.subject.homeUnit)?.name}</Typography.Text>
                </Space>
                <Select
                  aria-label={t("points.period")}
                  value={account.id}
                  style={{ minWidth: 240 }}
                  onChange={setChosen}
                  options={sorted.map((a) => ({
                    value: a.id,
                    label: `${formatDate(a.periodStart)} – ${formatDate(a.periodEnd)} · ${titles.ruleset(a.ruleset)}`,
                  }))}
                />
              </Flex>
            </Card>
            <Balance account={account} />
            <Card size="small" title={t("points.entries")}>
              <EntryTable entries={account.entries} ruleset={account.ruleset} />
            </Card>
            <History subject={account.subject.id} />
          </Flex>
        )}
      </QueryState>
    </>
  );
}

function Balance({ account }: { account: NonNullable<Account> }) {
  const { t } = useTranslation();
  const titles = useTitles();
  return (
    <Card size="small" title={t("points.balance")} extra={account.closedAt ? <Tag>{t("points.closed", { date: formatDateTime(account.closedAt) })}</Tag> : <Tag color="blue">{t("points.open")}</Tag>}>
      <Flex wrap gap={32}>
        <Statistic title={t("points.total")} value={account.balance.total} formatter={() => <Points value={account.balance.total} />} />
        <Statistic title={t("points.counted")} value={account.balance.counted} formatter={() => <Points value={account.balance.counted} />} />
      </Flex>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 16 }}
        items={account.balance.buckets.map((b) => ({ key: b.bucket, label: titles.bucket(b.bucket, account.ruleset), children: <Points value={b.points} /> }))} />
      {account.balance.vetoes.length > 0 && (
        <Alert type="error" showIcon title={t("points.vetoed", { vetoes: account.balance.vetoes.join("、") })} style={{ marginTop: 12 }} />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t("points.balanceNote")}
      </Typography.Paragraph>
    </Card>
  );
}

export function EntryTable({ entries, ruleset }: { entries: readonly Entry[]; ruleset: string }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const rows = [...entries].sort((a, b) => b.seq - a.seq);
  if (!rows.length) return <Typography.Text type="secondary">{t("points.noEntries")}</Typography.Text>;
  return (
    <ResponsiveTable
      label={t("points.entries")}
      rows={rows}
      rowKey={(e) => e.id}
      columns={[
        { key: "item", title: t("field.item"), fixed: true, render: (e) => (
          <Space direction="vertical" size={0}>
            <span>{titles.item(e.item, ruleset)}</span>
            {e.kind === "CONFIRMATION" && <EnumTag type="EntryKind" value={e.kind} />}
            {e.reverses && <Tag color="red">{t("points.reverses", { seq: e.reverses.seq })}</Tag>}
          </Space>
        ) },
        { key: "points", title: t("field.points"), render: (e) => (e.kind === "CONFIRMATION" ? <Typography.Text type="secondary">—</Typography.Text> : <Points value={e.points} signed />) },
        { key: "bucket", title: t("field.bucket"), render: (e) => titles.bucket(e.bucket, ruleset) },
        { key: "occurredOn", title: t("field.occurredOn"), render: (e) => formatDate(e.occurredOn) },
        { key: "why", title: t("points.explanation"), render: (e) => <Explanation entry={e} /> },
      ]}
    />
  );
}

/** The engine's rule name ("item career_lead", "veto dues_six_months", "reversal of #3") as
 * people read it: the item's title from the ruleset, never its code. */
export function ruleText(rule: string, item: string, t: (key: string, options?: Record<string, unknown>) => string, titles: { item: (code: string) => string }): string {
  let m = /^item (\S+) \(variant (.+?): .+\)$/.exec(rule);
  if (m) return t("points.ruleVariant", { item: titles.item(m[1]), variant: m[2] });
  m = /^item (\S+)$/.exec(rule);
  if (m) return t("points.ruleItem", { item: titles.item(m[1]) });
  m = /^veto (\S+)$/.exec(rule);
  if (m) return t("points.ruleVeto", { item: titles.item(item || m[1]) });
  m = /^reversal of #(\d+)$/.exec(rule);
  if (m) return t("points.ruleReversal", { seq: m[1] });
  if (rule === "confirmed") return t("points.ruleConfirmed");
  return rule;
}

function Explanation({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const who = entry.decidedBy ? (entry.decidedBy.isSystem ? t("actor.system") : entry.decidedBy.displayName || entry.decidedBy.username) : null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 13 }}>
      {t("points.byRule", { rule: ruleText(entry.rule, entry.item, t, titles), version: titles.ruleset(entry.rulesetVersion) })}
      {formatPoints(entry.rawPoints) !== formatPoints(entry.points) && entry.kind === "BOOKING" && <> · {t("points.raw", { points: formatPoints(entry.rawPoints, { signed: true }) })}</>}
      {who && <> · {t("points.decidedBy", { who })}</>}
      {entry.reason && <> · {entry.reason}</>}
      {" · "}
      {formatDateTime(entry.createdAt)}
    </Typography.Text>
  );
}

/** The subject's results over its closed periods: total, grade and rank in its unit. */
function History({ subject }: { subject: string }) {
  const { t } = useTranslation();
  const titles = useTitles();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SubjectResultsDocument, variables: { subject } });
  const rows = data?.subjectResults ?? [];
  return (
    <Card size="small" title={t("points.history")}>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("points.noHistory")} retry={() => refetch({ requestPolicy: "network-only" })}>
        <ResponsiveTable
          label={t("points.history")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { key: "period", title: t("points.period"), fixed: true, render: (r) => (
              <Link to={`/results/close/${encodeURIComponent(r.close.id)}`}>{`${formatDate(r.close.periodStart)} – ${formatDate(r.close.periodEnd)}`}</Link>
            ) },
            { key: "ruleset", title: t("periods.ruleset"), render: (r) => titles.ruleset(r.close.ruleset) },
            { key: "total", title: t("results.total"), render: (r) => <ResultTotal total={r.total} /> },
            { key: "grade", title: t("results.grade"), render: (r) => <ResultGrade grade={r.grade} vetoed={r.vetoed} ruleset={r.close.ruleset} /> },
            { key: "rank", title: t("points.rankIn"), render: (r) => (r.rank == null ? "—" : t("points.rankOf", { rank: r.rank, unit: r.close.unit.name })) },
            { key: "status", title: t("field.status"), render: (r) => <EnumTag type="PeriodCloseStatus" value={r.close.status} /> },
          ]}
        />
      </QueryState>
    </Card>
  );
}
