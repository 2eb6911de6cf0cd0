import { Alert, Button, Empty, Flex, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CombinedError } from "urql";
import { requestErrorText } from "../lib/errors";

type Props = {
  fetching: boolean;
  error?: CombinedError;
  hasData: boolean;
  empty?: boolean;
  emptyText?: string;
  retry?: () => void;
  children?: ReactNode;
};

/** The loading, error and empty states of a query, or its content. */
export function QueryState({ fetching, error, hasData, empty, emptyText, retry, children }: Props) {
  const { t } = useTranslation();
  if (error && !hasData)
    return (
      <Alert
        type="error"
        showIcon
        title={t("state.failed")}
        description={requestErrorText(error, t)}
        action={retry && <Button size="small" onClick={retry}>{t("action.retry")}</Button>}
      />
    );
  if (!hasData)
    return fetching ? (
      <Flex justify="center" style={{ padding: 32 }}>
        <Spin description={t("state.loading")} />
      </Flex>
    ) : null;
  if (empty) return <Empty description={emptyText ?? t("state.empty")} />;
  return <>{children}</>;
}
