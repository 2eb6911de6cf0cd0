// A parent's view: only their own child (children), each with this month's report.
import { Alert, Flex, Segmented, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { MyChildrenDocument } from "./documents";
import { PupilReport } from "./PupilReport";

export function MyChildren() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyChildrenDocument });
  const children = data?.myChildren ?? [];
  const [chosen, setChosen] = useState<string | undefined>();
  const child = children.find((c) => c.id === chosen) ?? children[0];
  const [when, setWhen] = useState({ year: dayjs().year(), month: dayjs().month() + 1 });
  return (
    <>
      <Typography.Title level={1}>{t("school.children.title")}</Typography.Title>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} retry={() => refetch({ requestPolicy: "network-only" })}>
        {!children.length ? (
          <Alert type="info" showIcon title={t("school.children.none")} />
        ) : (
          <Flex vertical gap={12}>
            {children.length > 1 && (
              <Segmented value={child!.id} onChange={(v) => setChosen(String(v))} options={children.map((c) => ({ value: c.id, label: c.name }))} aria-label={t("school.children.choose")} />
            )}
            <PupilReport key={child!.id} pupil={child!.id} year={when.year} month={when.month} onMonth={(year, month) => setWhen({ year, month })} heading={2} />
          </Flex>
        )}
      </QueryState>
    </>
  );
}
