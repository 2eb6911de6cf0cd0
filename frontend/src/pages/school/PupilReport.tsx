// A pupil's month for their parents (附說明 5): rank in the class, total, what was gained
// and lost, every entry; printable (a print stylesheet, and the school's A4 form).
import { PrinterOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, DatePicker, Flex, Row, Space, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { QueryState } from "../../components/QueryState";
import { openAuthed } from "../../lib/authed";
import { formatPoints } from "../../lib/format";
import "../village/print.css";
import { PupilReportDocument } from "./documents";
import { EntryList } from "./PupilLines";

export function PupilReportPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || dayjs().year();
  const month = Number(params.get("month")) || dayjs().month() + 1;
  return (
    <PupilReport
      pupil={id!}
      year={year}
      month={month}
      onMonth={(y, m) => setParams({ year: String(y), month: String(m) }, { replace: true })}
    />
  );
}

type Props = { pupil: string; year: number; month: number; onMonth: (year: number, month: number) => void; heading?: 1 | 2 };

export function PupilReport({ pupil, year, month, onMonth, heading = 1 }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PupilReportDocument, variables: { pupil, year, month } });
  const report = data?.pupilMonthReport;
  const line = report?.line;
  const printForm = async () => {
    if (report && !(await openAuthed(report.printUrl))) message.error(t("school.report.printFailed"));
  };
  return (
    <div className="print-sheet">
      <Typography.Title level={heading}>
        {line ? t("school.report.titleOf", { name: line.subject.name, year, month }) : t("school.report.title")}
      </Typography.Title>
      <Space className="no-print" wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${year}-${String(month).padStart(2, "0")}-01`)} onChange={(d) => d && onMonth(d.year(), d.month() + 1)} aria-label={t("school.month.choose")} />
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!line}>{t("school.report.print")}</Button>
        <Button onClick={() => void printForm()} disabled={!report}>{t("school.report.form")}</Button>
      </Space>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} empty={!report} emptyText={t("school.report.notFound")} retry={() => refetch({ requestPolicy: "network-only" })}>
        {report && line && (
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">{line.subject.homeUnit?.name}</Typography.Text>
            {line.parentMeeting && <Alert type="warning" showIcon title={t("school.report.meeting")} description={t("school.month.rule")} />}
            <Row gutter={[12, 12]}>
              <Col xs={12} sm={6}>
                <Card size="small"><Statistic title={t("school.total")} value={formatPoints(line.total) || "—"} /></Card>
              </Col>
              <Col xs={12} sm={6}>
                <Card size="small"><Statistic title={t("school.rank")} value={line.rank ? t("school.report.rankOf", { rank: line.rank, size: report.classSize }) : "—"} /></Card>
              </Col>
              <Col xs={12} sm={6}>
                <Card size="small"><Statistic title={t("school.gained")} value={formatPoints(line.gained, { signed: true })} /></Card>
              </Col>
              <Col xs={12} sm={6}>
                <Card size="small"><Statistic title={t("school.lost")} value={formatPoints(-line.lost, { signed: true })} /></Card>
              </Col>
            </Row>
            <Card size="small" title={t("school.entries.title")}>
              <EntryList entries={line.entries} />
            </Card>
            <Typography.Text type="secondary" className="print-only">{t("school.report.signature")}</Typography.Text>
          </Flex>
        )}
      </QueryState>
    </div>
  );
}
