// Where a meeting's QR code leads: the signed-in member is checked in once, and sees for
// which meeting, or why not (an expired, forged or repeated code).
import { Alert, Button, Card, Result } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMutation } from "urql";
import { graphql } from "../../graphql";

export const CheckInScanDocument = graphql(`
  mutation CheckInScan($token: String!) {
    checkInScan(token: $token) {
      title
      checkIn {
        at
        subjectName
      }
      errors {
        code
        field
        message
      }
    }
  }
`);

export function CheckIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [{ data, fetching, error }, scan] = useMutation(CheckInScanDocument);
  const [tried, setTried] = useState(false);
  const once = useRef(false);
  useEffect(() => {
    if (!token || once.current) return;
    once.current = true;
    void scan({ token }).then(() => setTried(true));
  }, [token, scan]);
  const answer = data?.checkInScan;
  if (!token) return <Alert type="warning" showIcon title={t("checkIn.noToken")} />;
  if (fetching || !tried) return <Card loading />;
  if (error) return <Alert type="error" showIcon title={t("state.failed")} description={error.message} />;
  if (answer && answer.errors.length === 0)
    return <Result status="success" title={t("checkIn.done", { title: answer.title })} subTitle={answer.checkIn?.subjectName} />;
  return (
    <Result
      status="warning"
      title={t("checkIn.refused")}
      subTitle={answer?.errors.map((e) => e.message).join(" ")}
      extra={<Button onClick={() => void scan({ token })}>{t("action.retry")}</Button>}
    />
  );
}
