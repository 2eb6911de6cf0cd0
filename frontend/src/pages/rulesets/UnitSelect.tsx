// A searchable unit picker over the units the user can see (the first 500, tree order),
// indented by level.
import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { UnitChoicesDocument } from "./documents";

type Props = { value?: string; onChange?: (value: string) => void; id?: string };

export function UnitSelect({ value, onChange, id }: Props) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: UnitChoicesDocument });
  const units = (data?.orgUnits?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const top = Math.min(...units.map((u) => u.depth));
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={fetching}
      showSearch={{ optionFilterProp: "title" }}
      status={error ? "error" : undefined}
      placeholder={error ? t("state.failed") : t("rulesets.chooseUnit")}
      options={units.map((u) => ({ value: u.id, title: u.name, label: `${"\u3000".repeat(Math.max(0, u.depth - top))}${u.name}` }))}
    />
  );
}
