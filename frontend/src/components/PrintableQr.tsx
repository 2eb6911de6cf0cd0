// A QR code to print and post on a notice board, with its caption and the address it opens:
// people without the app scan it to reach a public page.
import { Button, Flex, Typography } from "antd";
import { QRCodeSVG } from "qrcode.react";
import { useTranslation } from "react-i18next";

export function PrintableQr({ url, title, caption }: { url: string; title: string; caption: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical align="center" gap={8} className="printable-qr">
      <QRCodeSVG value={url} size={180} marginSize={2} title={title} role="img" aria-label={title} />
      <Typography.Text strong>{caption}</Typography.Text>
      <Typography.Text type="secondary" copyable={{ text: url }} className="qr-url">
        {decodeURI(url)}
      </Typography.Text>
      <Button className="no-print" onClick={() => window.print()}>
        {t("market.qr.print")}
      </Button>
    </Flex>
  );
}
