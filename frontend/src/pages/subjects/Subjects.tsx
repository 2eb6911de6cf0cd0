import { EditOutlined, UserAddOutlined } from "@ant-design/icons";
import { Button, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { hasRole, TENANT_ADMINS, useMe } from "../../app/me";
import { useTitles } from "../../app/titles";
import { QueryState } from "../../components/QueryState";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { graphql } from "../../graphql";
import type { SubjectsQuery } from "../../graphql/graphql";
import { PersonDialog } from "./PersonDialog";

export const SubjectsDocument = graphql(`
  query Subjects($search: String, $unit: ID, $offset: Int, $first: Int) {
    subjects(search: $search, unit: $unit, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          id
          name
          kind
          category
          exemptReason
          homeUnit {
            name
          }
          hostUnit {
            name
          }
        }
      }
    }
  }
`);

const PAGE = 20;

type Row = NonNullable<NonNullable<NonNullable<SubjectsQuery["subjects"]>["edges"][number]>["node"]>;

export function Subjects() {
  const { t } = useTranslation();
  const titles = useTitles();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const unit = params.get("unit");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SubjectsDocument,
    variables: { search: search || null, unit, offset: (page - 1) * PAGE, first: PAGE },
  });
  const rows = (data?.subjects?.edges ?? []).map((e) => e!.node!);
  const admin = hasRole(useMe(), TENANT_ADMINS);
  // The person dialog: null closed, "new" to add one, else the id of the person edited.
  const [editing, setEditing] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });
  const edit = (s: Row) =>
    admin && s.kind === "PERSON" ? (
      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(s.id)} aria-label={t("subjects.edit.editOf", { name: s.name })}>
        {t("subjects.edit.edit")}
      </Button>
    ) : null;
  const columns: Column<Row>[] = [
    { key: "name", title: t("subjects.name"), fixed: true, render: (s) => <Link to={`/subjects/${encodeURIComponent(s.id)}`}>{s.name}</Link> },
    { key: "kind", title: t("field.kind"), render: (s) => t(`enum.SubjectKind.${s.kind}`) },
    { key: "category", title: t("field.category"), render: (s) => titles.category(s.category) },
    { key: "unit", title: t("field.unit"), render: (s) => (
      <>
        {s.homeUnit?.name ?? t("subjects.otherUnit")}
        {s.hostUnit && <Typography.Text type="secondary">{t("subjects.hostedAt", { unit: s.hostUnit.name })}</Typography.Text>}
      </>
    ) },
    { key: "exempt", title: t("subjects.note"), render: (s) => s.exemptReason },
    ...(admin ? [{ key: "actions", title: t("subjects.edit.actions"), onCard: false, render: edit }] : []),
  ];
  return (
    <>
      <Typography.Title level={1}>{unit ? t("subjects.titleOf", { unit: params.get("name") ?? "" }) : t("subjects.title")}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search role="search" aria-label={t("subjects.search")} placeholder={t("subjects.search")} allowClear enterButton={t("action.search")}
          onSearch={(v) => { setSearch(v.trim()); setPage(1); }} style={{ maxWidth: 320 }} />
        {unit && <Button type="link" onClick={() => navigate("/subjects")}>{t("subjects.allUnits")}</Button>}
        {data && <Typography.Text type="secondary">{t("subjects.count", { count: data.subjects?.totalCount ?? 0 })}</Typography.Text>}
        {admin && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setEditing("new")}>
            {t("subjects.edit.addPerson")}
          </Button>
        )}
      </Space>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!rows.length} emptyText={t("subjects.empty")} retry={reload}>
        <ResponsiveTable
          label={t("subjects.title")}
          rows={rows}
          rowKey={(s) => s.id}
          pagination={{ current: page, pageSize: PAGE, total: data?.subjects?.totalCount ?? 0, onChange: setPage }}
          columns={columns}
          cardExtra={admin ? edit : undefined}
        />
      </QueryState>
      {editing && (
        <PersonDialog
          {...(editing === "new" ? { unit: unit ? { id: unit, name: params.get("name") ?? "" } : undefined } : { id: editing })}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </>
  );
}
