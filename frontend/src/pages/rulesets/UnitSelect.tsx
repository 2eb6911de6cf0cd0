// A unit picker that searches the server (name or code) over the units the user can see, so
// it stays usable with thousands of units; tree order, indented by level.
import { Select } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { UnitChoicesDocument } from "./documents";

type Props = {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  placeholder?: string;
  ariaLabel?: string;
  /** The chosen unit's name when the caller knows it (a page opened on a unit). */
  valueLabel?: string;
  /** Offer to empty the choice (an optional unit). */
  allowClear?: boolean;
};

const SHOWN = 50;
const DEBOUNCE_MS = 300;

export function UnitSelect({ value, onChange, id, placeholder, ariaLabel, valueLabel, allowClear }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const [{ data, fetching, error }] = useQuery({ query: UnitChoicesDocument, variables: { search: search || null, first: SHOWN } });
  const units = (data?.orgUnits?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  // The chosen unit keeps its name when a later search no longer lists it.
  const [picked, setPicked] = useState<{ id: string; name: string }>();
  const nameOf = (unit: string) => (picked?.id === unit ? picked.name : valueLabel);
  const top = Math.min(...units.map((u) => u.depth));
  const options = units.map((u) => ({
    value: u.id,
    title: u.name,
    label: search ? u.name : `${"\u3000".repeat(Math.max(0, u.depth - top))}${u.name}`,
  }));
  const chosen = value ? nameOf(value) : undefined;
  if (value && chosen && !units.some((u) => u.id === value)) options.unshift({ value, title: chosen, label: chosen });
  const more = (data?.orgUnits?.totalCount ?? 0) > units.length;
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      value={value && (chosen || units.some((u) => u.id === value) ? value : undefined)}
      allowClear={allowClear}
      // the chosen unit reads as its name, without the list's indent
      optionLabelProp="title"
      onChange={(unit: string | undefined) => {
        const name = units.find((u) => u.id === unit)?.name;
        if (unit && name) setPicked({ id: unit, name });
        onChange?.(unit);
      }}
      loading={fetching}
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      onOpenChange={(open) => !open && setTyped("")}
      status={error ? "error" : undefined}
      placeholder={error ? t("state.failed") : (placeholder ?? t("rulesets.chooseUnit"))}
      notFoundContent={fetching ? t("state.loading") : t("state.empty")}
      options={more ? [...options, { value: "", title: "", label: t("dash.refineSearch", { shown: units.length }), disabled: true } as never] : options}
      style={{ width: "100%" }}
    />
  );
}
